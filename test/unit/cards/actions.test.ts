import {
  ALL_VERBS,
  MAX_COMMENT_LENGTH,
  SETTABLE_DETERMINATIONS,
  VERBS,
  cardActionDataSchema,
  isCardVerb,
  parseCardAction,
} from '../../../src/cards/actions';
import { DETERMINATIONS } from '../../../src/model';

const base = { alertId: 'da638000000000000000_-1234567890', cardVersion: 3 };

function rejected(verb: string, data: unknown): string {
  const r = parseCardAction(verb, data);
  if (r.ok) throw new Error(`expected a rejection, got ${JSON.stringify(r.action)}`);
  return r.error;
}

describe('verbs', () => {
  it('are the eleven alert.* verbs, each unique', () => {
    expect(VERBS).toEqual({
      enrich: 'alert.enrich',
      sit: 'alert.sit',
      comment: 'alert.comment',
      assignToMe: 'alert.assignToMe',
      setStatus: 'alert.setStatus',
      classify: 'alert.classify',
      refresh: 'alert.refresh',
      resolve: 'alert.resolve',
      reopen: 'alert.reopen',
      assignTo: 'alert.assignTo',
      snooze: 'alert.snooze',
    });
    expect(new Set(ALL_VERBS).size).toBe(11);
    expect(isCardVerb('alert.sit')).toBe(true);
    expect(isCardVerb('alert.delete')).toBe(false);
    expect(isCardVerb(42)).toBe(false);
  });

  it('offer every determination except the sentinels and the legacy apt / securityPersonnel', () => {
    expect(SETTABLE_DETERMINATIONS).not.toContain('unknownFutureValue');
    expect(SETTABLE_DETERMINATIONS).not.toContain('unknown');
    expect(SETTABLE_DETERMINATIONS).not.toContain('apt');
    expect(SETTABLE_DETERMINATIONS).not.toContain('securityPersonnel');
    expect(SETTABLE_DETERMINATIONS.length).toBe(DETERMINATIONS.length - 4);
  });
});

describe('parseCardAction accepts what the cards send', () => {
  it.each([VERBS.enrich, VERBS.sit, VERBS.assignToMe, VERBS.refresh])(
    '%s with alert id and card version',
    (verb) => {
      expect(parseCardAction(verb, base)).toEqual({ ok: true, action: { verb, ...base } });
    },
  );

  it('a comment, trimmed, with Windows line endings normalised', () => {
    const r = parseCardAction(VERBS.comment, { ...base, commentText: '  Looked at it.\r\nEscalating.\t \n' });
    expect(r).toEqual({
      ok: true,
      action: { verb: VERBS.comment, ...base, commentText: 'Looked at it.\nEscalating.' },
    });
  });

  it('a comment of exactly the maximum length', () => {
    const r = parseCardAction(VERBS.comment, { ...base, commentText: 'x'.repeat(MAX_COMMENT_LENGTH) });
    expect(r.ok).toBe(true);
  });

  it('a status change', () => {
    expect(parseCardAction(VERBS.setStatus, { ...base, status: 'resolved' })).toEqual({
      ok: true,
      action: { verb: VERBS.setStatus, ...base, status: 'resolved' },
    });
  });

  it('a classification with and without a determination (an untouched choice arrives as "")', () => {
    const withD = parseCardAction(VERBS.classify, {
      ...base,
      classification: 'truePositive',
      determination: 'malware',
    });
    expect(withD).toEqual({
      ok: true,
      action: { verb: VERBS.classify, ...base, classification: 'truePositive', determination: 'malware' },
    });
    const without = parseCardAction(VERBS.classify, {
      ...base,
      classification: 'falsePositive',
      determination: '',
    });
    expect(
      without.ok && without.action.verb === VERBS.classify && without.action.determination,
    ).toBeUndefined();
  });

  it('drops other inputs Teams merged into the data, and ignores a forged verb inside data', () => {
    const r = parseCardAction(VERBS.assignToMe, {
      ...base,
      verb: 'alert.classify',
      commentText: 'half typed',
      x: 1,
    });
    expect(r).toEqual({ ok: true, action: { verb: VERBS.assignToMe, ...base } });
  });

  it('the schema itself is a discriminated union on verb', () => {
    expect(cardActionDataSchema.safeParse({ verb: VERBS.sit, ...base }).success).toBe(true);
    expect(cardActionDataSchema.safeParse({ verb: 'alert.nope', ...base }).success).toBe(false);
  });
});

describe('parseCardAction rejects forged data with a sentence the analyst can act on', () => {
  it('an unknown verb', () => {
    expect(rejected('alert.deleteEverything', base)).toMatch(
      /unknown action \("alert\.deleteEverything"\).*Refresh/,
    );
  });

  it('no data, or data that is not an object', () => {
    expect(rejected(VERBS.enrich, undefined)).toMatch(/no action data/);
    expect(rejected(VERBS.enrich, 'alertId=1')).toMatch(/no action data/);
    expect(rejected(VERBS.enrich, [base])).toMatch(/no action data/);
  });

  it.each([
    ['missing', undefined, /no alert id/],
    ['empty', '', /no alert id/],
    ['not text', 12345, /not text/],
    ['too long', 'a'.repeat(129), /too long/],
    ['with a path', '../../users', /not a valid Defender alert id/],
    ['with a query', 'abc?$filter=x', /not a valid Defender alert id/],
    ['with a space', 'abc def', /not a valid Defender alert id/],
  ])('a bad alert id (%s)', (_name, alertId, message) => {
    expect(rejected(VERBS.enrich, { ...base, alertId })).toMatch(message);
  });

  it('a missing or non-numeric card version', () => {
    expect(rejected(VERBS.sit, { alertId: base.alertId })).toMatch(/older version of the bot/);
    expect(rejected(VERBS.sit, { ...base, cardVersion: '3' })).toMatch(/not a number/);
    expect(rejected(VERBS.sit, { ...base, cardVersion: 1.5 })).toMatch(/whole number/);
  });

  it('a 10 kB comment, naming its length and the limit', () => {
    expect(rejected(VERBS.comment, { ...base, commentText: 'x'.repeat(10_240) })).toBe(
      'The comment is 10240 characters long; the limit is 2000. Shorten it and send again.',
    );
  });

  it('an empty or blank comment', () => {
    expect(rejected(VERBS.comment, { ...base, commentText: ' \n\t ' })).toBe(
      'Type a comment before sending.',
    );
    expect(rejected(VERBS.comment, base)).toBe('Type a comment before sending.');
  });

  it('a comment with control or bidi-override characters', () => {
    expect(rejected(VERBS.comment, { ...base, commentText: 'ring \u0007 bell' })).toMatch(/U\+0007/);
    expect(rejected(VERBS.comment, { ...base, commentText: 'safe\u202Etxt.exe' })).toMatch(/U\+202E/);
  });

  it('a status outside new | inProgress | resolved', () => {
    for (const status of ['unknown', 'closed', '', undefined, 'unknownFutureValue']) {
      expect(rejected(VERBS.setStatus, { ...base, status })).toBe(
        'Pick a status: New, In progress or Resolved.',
      );
    }
  });

  it('a classification outside the real enum, or missing', () => {
    const message =
      /Pick a classification: True positive, False positive or Informational, expected activity/;
    expect(rejected(VERBS.classify, { ...base, classification: 'unknown' })).toMatch(message);
    expect(rejected(VERBS.classify, { ...base })).toMatch(message);
  });

  it('the determination unknownFutureValue', () => {
    const error = rejected(VERBS.classify, {
      ...base,
      classification: 'truePositive',
      determination: 'unknownFutureValue',
    });
    expect(error).toMatch(/^Pick a determination from the list \(.*Malware.*\), or leave it empty\.$/);
  });
});

describe('the triage forms’ data', () => {
  const resolve = (extra: Record<string, unknown>) =>
    parseCardAction(VERBS.resolve, {
      ...base,
      classification: 'falsePositive',
      determination: 'notMalicious',
      reason: 'Backup job.',
      ...extra,
    });

  it('accepts a resolve with classification, determination and a trimmed reason', () => {
    expect(resolve({ reason: '  Backup job.\r\n' })).toEqual({
      ok: true,
      action: {
        verb: VERBS.resolve,
        ...base,
        classification: 'falsePositive',
        determination: 'notMalicious',
        reason: 'Backup job.',
      },
    });
  });

  it('refuses a resolve without a reason, with a blank one, or with an overlong one', () => {
    expect(
      rejected(VERBS.resolve, { ...base, classification: 'falsePositive', determination: 'other' }),
    ).toMatch(/Type a short reason/);
    expect(resolve({ reason: '   ' })).toEqual({
      ok: false,
      error: expect.stringMatching(/Type a short reason/),
    });
    expect(resolve({ reason: 'x'.repeat(501) })).toEqual({
      ok: false,
      error: expect.stringMatching(/limit is 500/),
    });
    expect(resolve({ reason: 'ok\u202Eevil' })).toEqual({
      ok: false,
      error: expect.stringMatching(/control character/),
    });
  });

  it('refuses a resolve without a determination', () => {
    expect(resolve({ determination: '' })).toEqual({
      ok: false,
      error: expect.stringMatching(/Pick a determination/),
    });
  });

  it('refuses the legacy determinations and values outside Graph’s enum', () => {
    expect(resolve({ determination: 'apt' })).toEqual({
      ok: false,
      error: expect.stringMatching(/Pick a determination/),
    });
    expect(resolve({ classification: 'unknownFutureValue' })).toEqual({
      ok: false,
      error: expect.stringMatching(/Pick a classification/),
    });
  });

  it('keeps classify’s reason optional (cards posted before the reason existed)', () => {
    const r = parseCardAction(VERBS.classify, { ...base, classification: 'truePositive' });
    expect(r).toEqual({
      ok: true,
      action: { verb: VERBS.classify, ...base, classification: 'truePositive' },
    });
  });

  it('accepts Reopen with only the card data', () => {
    expect(parseCardAction(VERBS.reopen, base)).toEqual({
      ok: true,
      action: { verb: VERBS.reopen, ...base },
    });
  });

  it('takes the picker’s object id (lower-cased) or a typed UPN for Assign to…', () => {
    const id = '6B3F2A10-0000-4000-8000-00000000ABCD';
    expect(parseCardAction(VERBS.assignTo, { ...base, assigneeId: id, assigneeUpn: '' })).toEqual({
      ok: true,
      action: { verb: VERBS.assignTo, ...base, assigneeId: id.toLowerCase() },
    });
    expect(parseCardAction(VERBS.assignTo, { ...base, assigneeUpn: ' adelev@contoso.com ' })).toEqual({
      ok: true,
      action: { verb: VERBS.assignTo, ...base, assigneeUpn: 'adelev@contoso.com' },
    });
  });

  it('refuses Assign to… with nobody, a forged picker value or a typed name that is not a UPN', () => {
    expect(rejected(VERBS.assignTo, { ...base, assigneeId: '', assigneeUpn: '' })).toMatch(/Pick a person/);
    expect(rejected(VERBS.assignTo, { ...base, assigneeId: '../../users' })).toMatch(/not an Entra user id/);
    expect(rejected(VERBS.assignTo, { ...base, assigneeUpn: 'Adele Vance' })).toMatch(/user principal name/);
    expect(rejected(VERBS.assignTo, { ...base, assigneeUpn: `${'a'.repeat(300)}@contoso.com` })).toMatch(
      /too long/,
    );
  });
});

describe('snooze action data', () => {
  const base = { alertId: 'da637', cardVersion: 1 };

  it('accepts a user snooze with the card defaults (4 h, high severity breaks through)', () => {
    const r = parseCardAction(VERBS.snooze, { ...base, snoozeTarget: 'user', snoozeFor: '', snoozeHigh: '' });
    expect(r).toEqual({
      ok: true,
      action: { verb: VERBS.snooze, ...base, snoozeTarget: 'user', snoozeFor: '4h', snoozeHigh: 'true' },
    });
  });

  it('accepts a detector snooze until a date with high severity held too', () => {
    const r = parseCardAction(VERBS.snooze, {
      ...base,
      snoozeTarget: 'detector',
      snoozeFor: 'until',
      snoozeUntil: '2026-12-09',
      snoozeHigh: 'false',
    });
    expect(r.ok && r.action.verb === VERBS.snooze && r.action.snoozeUntil).toBe('2026-12-09');
  });

  it('refuses a forged target, duration, date or toggle with a sentence', () => {
    expect(rejected(VERBS.snooze, { ...base, snoozeTarget: 'tenant' })).toMatch(/names nothing to snooze/);
    expect(rejected(VERBS.snooze, { ...base, snoozeTarget: 'user', snoozeFor: '99y' })).toMatch(
      /Pick how long/,
    );
    expect(
      rejected(VERBS.snooze, { ...base, snoozeTarget: 'user', snoozeFor: 'until', snoozeUntil: 'soon' }),
    ).toMatch(/date picker/);
    expect(rejected(VERBS.snooze, { ...base, snoozeTarget: 'user', snoozeHigh: 'maybe' })).toMatch(
      /on or off/,
    );
  });
});
