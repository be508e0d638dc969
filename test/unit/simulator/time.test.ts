import {
  compareInstant,
  formatInstant,
  parseInstant,
  parseIsoDuration,
  parseTimespan,
} from '../../../simulator/time';

describe('instants', () => {
  it('keeps seven fractional digits and round-trips through the Graph format', () => {
    const t = parseInstant('2026-11-20T10:00:00.1234567Z');
    expect(t).toEqual({ ms: Date.parse('2026-11-20T10:00:00.123Z'), sub: 4567 });
    expect(formatInstant(t!)).toBe('2026-11-20T10:00:00.1234567Z');
  });

  it('applies offsets and formats like Date#toISOString across hours, days and the epoch', () => {
    expect(formatInstant(parseInstant('2026-11-20T12:30:00+02:00')!)).toBe('2026-11-20T10:30:00.0000000Z');
    for (const ms of [0, -1, 1_795_000_000_000, 1_795_003_599_999, Date.parse('2028-02-29T23:59:59.999Z')]) {
      expect(formatInstant({ ms, sub: 7 })).toBe(`${new Date(ms).toISOString().slice(0, 23)}0007Z`);
    }
  });

  it('orders by milliseconds, then by 100-ns ticks', () => {
    const a = parseInstant('2026-01-01T00:00:00.1234567Z')!;
    const b = parseInstant('2026-01-01T00:00:00.1234568Z')!;
    expect(compareInstant(a, b)).toBeLessThan(0);
    expect(compareInstant(b, a)).toBeGreaterThan(0);
    expect(compareInstant(a, { ...a })).toBe(0);
  });

  it('refuses impossible dates, and dates without a zone when an offset is required', () => {
    expect(parseInstant('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2026-01-01T24:00:00Z')).toBeUndefined();
    expect(parseInstant('yesterday')).toBeUndefined();
    expect(parseInstant('2026-01-01T00:00:00', { requireOffset: true })).toBeUndefined();
    expect(parseInstant('2026-01-01')).toEqual({ ms: Date.parse('2026-01-01T00:00:00Z'), sub: 0 });
  });
});

describe('durations and hunting timespans', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');

  it('reads ISO 8601 durations', () => {
    expect(parseIsoDuration('P30D')).toBe(30 * 86_400_000);
    expect(parseIsoDuration('PT2H30M')).toBe(9_000_000);
    expect(parseIsoDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseIsoDuration('P')).toBeUndefined();
    expect(parseIsoDuration('30 days')).toBeUndefined();
  });

  it.each([
    ['P1D', now - 86_400_000, now],
    [
      '2026-11-19T00:00:00Z/2026-11-20T00:00:00Z',
      Date.parse('2026-11-19T00:00:00Z'),
      Date.parse('2026-11-20T00:00:00Z'),
    ],
    ['P1D/2026-11-20T00:00:00Z', Date.parse('2026-11-19T00:00:00Z'), Date.parse('2026-11-20T00:00:00Z')],
    ['2026-11-19T00:00:00Z/PT6H', Date.parse('2026-11-19T00:00:00Z'), Date.parse('2026-11-19T06:00:00Z')],
    ['2026-11-20T06:00:00Z', Date.parse('2026-11-20T06:00:00Z'), now],
  ])('reads the Timespan form %s', (text, from, to) => {
    expect(parseTimespan(text, now)).toEqual({ from, to });
  });

  it('refuses unreadable or backwards timespans', () => {
    for (const bad of ['', 'P1D/', '2026-11-20T00:00:00Z/2026-11-19T00:00:00Z', 'a/b/c', 'soon']) {
      expect(parseTimespan(bad, now)).toBeUndefined();
    }
  });
});
