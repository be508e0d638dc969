import {
  isTimeZone,
  localDateTimeOf,
  parseSchedule,
  slotAfter,
  slotAtOrBefore,
  wallToInstant,
  zoneOffset,
} from '../../../src/report/schedule';

const at = (iso: string): number => Date.parse(iso);
const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';

describe('parseSchedule', () => {
  it('reads HH:MM times, sorted and without duplicates', () => {
    expect(parseSchedule(' 20:00, 08:00,08:00 ,7:30')).toEqual({ ok: true, times: [450, 480, 1200] });
  });

  it.each([['24:00'], ['8'], ['08:60'], ['noon'], [','], ['08:00;20:00']])('refuses "%s"', (value) => {
    const r = parseSchedule(value);
    expect(r.ok).toBe(false);
  });

  it('names the bad part in its error', () => {
    expect(parseSchedule('08:00,25:00')).toEqual({
      ok: false,
      error: '"25:00" is not a time of day as HH:MM (00:00 to 23:59)',
    });
  });
});

describe('time zones', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('computes the offset in winter and in summer', () => {
    expect(zoneOffset(at('2026-01-15T12:00:00Z'), PARIS)).toBe(3_600_000);
    expect(zoneOffset(at('2026-07-15T12:00:00Z'), PARIS)).toBe(7_200_000);
    expect(zoneOffset(at('2026-07-15T12:00:00Z'), NEW_YORK)).toBe(-4 * 3_600_000);
  });
});

describe('slots in a zone', () => {
  const times = parseSchedule('08:00,20:00');
  if (!times.ok) throw new Error('bad fixture');

  it('puts 08:00 Paris at 07:00 UTC in winter and 06:00 UTC in summer', () => {
    expect(slotAtOrBefore(at('2026-01-15T09:00:00Z'), times.times, PARIS)).toBe(at('2026-01-15T07:00:00Z'));
    expect(slotAtOrBefore(at('2026-07-15T09:00:00Z'), times.times, PARIS)).toBe(at('2026-07-15T06:00:00Z'));
  });

  it('finds the previous evening slot before the morning one', () => {
    expect(slotAtOrBefore(at('2026-01-15T06:59:00Z'), times.times, PARIS)).toBe(at('2026-01-14T19:00:00Z'));
  });

  it('keeps 08:00 local across the spring-forward night (the gap day has a 23-hour day)', () => {
    // Europe/Paris jumps from 02:00 CET to 03:00 CEST on 2026-03-29.
    const evening = slotAtOrBefore(at('2026-03-28T22:00:00Z'), times.times, PARIS)!;
    const morning = slotAfter(evening, times.times, PARIS)!;
    expect(evening).toBe(at('2026-03-28T19:00:00Z'));
    expect(morning).toBe(at('2026-03-29T06:00:00Z'));
    expect(morning - evening).toBe(11 * 3_600_000);
    expect(localDateTimeOf(morning, PARIS)).toBe('2026-03-29 08:00');
  });

  it('keeps 08:00 local across the fall-back night (13 hours after the evening slot)', () => {
    // Europe/Paris falls back from 03:00 CEST to 02:00 CET on 2026-10-25.
    const evening = at('2026-10-24T18:00:00Z');
    expect(slotAfter(evening, times.times, PARIS)).toBe(at('2026-10-25T07:00:00Z'));
  });

  it('moves a slot that falls in the spring-forward gap to just after it (02:30 → 03:30 CEST)', () => {
    const gap = parseSchedule('02:30');
    if (!gap.ok) throw new Error('bad fixture');
    const slot = slotAfter(at('2026-03-28T12:00:00Z'), gap.times, PARIS)!;
    expect(slot).toBe(at('2026-03-29T01:30:00Z'));
    expect(localDateTimeOf(slot, PARIS)).toBe('2026-03-29 03:30');
    // The next day is normal again.
    expect(slotAfter(slot, gap.times, PARIS)).toBe(at('2026-03-30T00:30:00Z'));
  });

  it('sends a slot that happens twice in the fall-back overlap once, at its first occurrence', () => {
    const overlap = parseSchedule('02:30');
    if (!overlap.ok) throw new Error('bad fixture');
    const first = slotAfter(at('2026-10-24T12:00:00Z'), overlap.times, PARIS)!;
    expect(first).toBe(at('2026-10-25T00:30:00Z')); // 02:30 CEST
    const next = slotAfter(first, overlap.times, PARIS)!;
    expect(next).toBe(at('2026-10-26T01:30:00Z')); // 02:30 CET the next day, not 02:30 CET the same night
  });

  it('applies the same rule in a zone with another DST calendar (New York, second Sunday of March)', () => {
    expect(wallToInstant(Date.UTC(2026, 2, 8, 2, 30), NEW_YORK)).toBe(at('2026-03-08T07:30:00Z')); // 03:30 EDT
    expect(wallToInstant(Date.UTC(2026, 10, 1, 1, 30), NEW_YORK)).toBe(at('2026-11-01T05:30:00Z')); // EDT
  });

  it('handles a single daily slot and a zone without DST', () => {
    const daily = parseSchedule('08:00');
    if (!daily.ok) throw new Error('bad fixture');
    expect(slotAtOrBefore(at('2026-06-01T05:00:00Z'), daily.times, 'Asia/Kolkata')).toBe(
      at('2026-06-01T02:30:00Z'),
    );
    expect(slotAtOrBefore(at('2026-06-01T02:29:59Z'), daily.times, 'Asia/Kolkata')).toBe(
      at('2026-05-31T02:30:00Z'),
    );
  });
});
