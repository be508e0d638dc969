import {
  decideSnooze,
  isSnoozeActive,
  MAX_SNOOZE_MS,
  snoozeEnd,
  type Snooze,
  type SnoozableAlert,
} from '../../../src/subscriptions';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const MEGAN_EMAIL = 'email:megan.bowen@contoso.com';

function snooze(over: Partial<Snooze> = {}): Snooze {
  return {
    id: 'a-1',
    subscriptionId: 'sub',
    target: { kind: 'user', key: 'email:megan.bowen@contoso.com', display: 'Megan.Bowen@contoso.com' },
    until: new Date(NOW + 3_600_000).toISOString(),
    highBreaksThrough: true,
    createdBy: { name: 'Riley' },
    createdAt: new Date(NOW).toISOString(),
    held: [],
    ...over,
  };
}

const alert = (over: Partial<SnoozableAlert> = {}): SnoozableAlert => ({
  severity: 'medium',
  detectorId: 'det-1',
  userKeys: ['email:megan.bowen@contoso.com'],
  ...over,
});

describe('decideSnooze', () => {
  it('holds only the tenant’s alerts: the same detector in another tenant is another detector', () => {
    const s = snooze({ target: { kind: 'detector', key: 'det-1', display: 'x', tenant: 'fabrikam' } });
    expect(decideSnooze([s], alert({ tenant: 'fabrikam' }), NOW)).toEqual({ kind: 'hold', snoozeId: 'a-1' });
    expect(decideSnooze([s], alert({ tenant: 'contoso' }), NOW)).toEqual({
      kind: 'post',
      reason: 'not-snoozed',
    });
    // A snooze set before tenants holds the alert whatever its tenant.
    const old = snooze({ target: { kind: 'detector', key: 'det-1', display: 'x' } });
    expect(decideSnooze([old], alert({ tenant: 'contoso' }), NOW)).toEqual({ kind: 'hold', snoozeId: 'a-1' });
  });

  it('holds a new card for the snoozed user while the snooze is in force', () => {
    expect(decideSnooze([snooze()], alert(), NOW)).toEqual({ kind: 'hold', snoozeId: 'a-1' });
  });

  it('posts once the snooze has expired, at its end exactly', () => {
    const s = snooze();
    expect(decideSnooze([s], alert(), Date.parse(s.until) - 1).kind).toBe('hold');
    expect(decideSnooze([s], alert(), Date.parse(s.until))).toEqual({ kind: 'post', reason: 'not-snoozed' });
    expect(isSnoozeActive(s, Date.parse(s.until))).toBe(false);
  });

  it('posts when the snooze was lifted before its end', () => {
    const s = snooze({ lifted: { by: 'Riley', at: new Date(NOW).toISOString() } });
    expect(decideSnooze([s], alert(), NOW).kind).toBe('post');
  });

  it('lets a high-severity alert break through unless the analyst chose to hold high severity too', () => {
    expect(decideSnooze([snooze()], alert({ severity: 'high' }), NOW)).toEqual({
      kind: 'post',
      reason: 'breaks-through',
      snoozeId: 'a-1',
    });
    expect(decideSnooze([snooze({ highBreaksThrough: false })], alert({ severity: 'high' }), NOW)).toEqual({
      kind: 'hold',
      snoozeId: 'a-1',
    });
  });

  it('holds by detector only the alerts of that detector, and by user only that user', () => {
    const det = snooze({ id: 'd', target: { kind: 'detector', key: 'det-1', display: 'Suspicious upload' } });
    expect(decideSnooze([det], alert({ userKeys: ['email:other@contoso.com'] }), NOW).kind).toBe('hold');
    expect(decideSnooze([det], alert({ detectorId: 'det-2' }), NOW).kind).toBe('post');
    expect(decideSnooze([snooze()], alert({ userKeys: ['email:other@contoso.com'] }), NOW).kind).toBe('post');
  });

  it('matches the same person by another of their identities (object id) through the aliases', () => {
    const s = snooze({
      target: {
        kind: 'user',
        key: MEGAN_EMAIL,
        display: 'Megan',
        aliases: ['aad:5f1c0000-0000-4000-8000-000000000001'],
      },
    });
    expect(
      decideSnooze([s], alert({ userKeys: ['aad:5f1c0000-0000-4000-8000-000000000001'] }), NOW).kind,
    ).toBe('hold');
  });

  it('never matches an alert that lacks the snoozed field', () => {
    const det = snooze({ target: { kind: 'detector', key: '', display: '' } });
    expect(decideSnooze([det], alert({ detectorId: null }), NOW).kind).toBe('post');
    expect(decideSnooze([snooze()], alert({ userKeys: [] }), NOW).kind).toBe('post');
  });

  it('files a held alert under the covering snooze that ends last', () => {
    const early = snooze({ id: 'early' });
    const late = snooze({
      id: 'late',
      target: { kind: 'detector', key: 'det-1', display: 'x' },
      until: new Date(NOW + 4 * 3_600_000).toISOString(),
    });
    expect(decideSnooze([early, late], alert(), NOW)).toEqual({ kind: 'hold', snoozeId: 'late' });
  });

  it('holds a high-severity alert when any covering snooze holds high severity', () => {
    const lets = snooze({ id: 'lets' });
    const holds = snooze({
      id: 'holds',
      highBreaksThrough: false,
      target: { kind: 'detector', key: 'det-1', display: 'x' },
    });
    expect(decideSnooze([lets, holds], alert({ severity: 'high' }), NOW)).toEqual({
      kind: 'hold',
      snoozeId: 'holds',
    });
  });
});

describe('snoozeEnd', () => {
  it('adds the chosen duration', () => {
    expect(snoozeEnd(NOW, '1h')).toEqual({ ok: true, until: NOW + 3_600_000 });
    expect(snoozeEnd(NOW, '24h')).toEqual({ ok: true, until: NOW + 86_400_000 });
  });

  it('runs until the end of the chosen day (UTC)', () => {
    expect(snoozeEnd(NOW, 'until', '2026-12-08')).toEqual({
      ok: true,
      until: Date.parse('2026-12-09T00:00:00Z'),
    });
    expect(snoozeEnd(NOW, 'until', '2026-12-07')).toEqual({
      ok: true,
      until: Date.parse('2026-12-08T00:00:00Z'),
    });
  });

  it('refuses a missing, impossible, past or too distant date with a sentence', () => {
    expect(snoozeEnd(NOW, 'until')).toEqual({ ok: false, error: expect.stringMatching(/Pick the date/) });
    expect(snoozeEnd(NOW, 'until', '2026-02-30')).toEqual({
      ok: false,
      error: expect.stringMatching(/Pick the date/),
    });
    expect(snoozeEnd(NOW, 'until', '2026-12-06')).toEqual({
      ok: false,
      error: expect.stringMatching(/past/),
    });
    const far = new Date(NOW + MAX_SNOOZE_MS + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(snoozeEnd(NOW, 'until', far)).toEqual({ ok: false, error: expect.stringMatching(/30 days/) });
  });
});
