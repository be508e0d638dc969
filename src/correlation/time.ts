/**
 * Timestamps and activity intervals. Graph writes UTC ISO-8601 (`2026-01-05T14:23:45.1234567Z`); that
 * shape is decoded by hand because `Date.parse` dominated the engine's profile. Anything else (offsets,
 * odd precision) falls back to `Date.parse`. Invalid input gives `NaN`, never an exception.
 */

const C0 = 48; // '0'

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - C0;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivilSlow(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// Alerts cluster in a few months: remembering the last month's first day skips the calendar arithmetic.
let cachedYear = -1;
let cachedMonth = -1;
let cachedDays = 0;

function daysFromCivil(y: number, m: number, d: number): number {
  if (y !== cachedYear || m !== cachedMonth) {
    cachedDays = daysFromCivilSlow(y, m, 1);
    cachedYear = y;
    cachedMonth = m;
  }
  return cachedDays + d - 1;
}

/** Epoch ms of `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, or -1 when the string has another shape. */
function parseUtcFast(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */) return -1;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return -1;
  if (s.charCodeAt(16) !== 58 || (s.charCodeAt(10) | 32) !== 116 /* T or t */) return -1;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return -1;
  if (sec < 0 || sec > 59) return -1;
  let ms = 0;
  if (n > 20) {
    // A fraction of 1..9 digits; only the first three count (Graph sends up to 7).
    if (s.charCodeAt(19) !== 46 /* . */ || n > 30) return -1;
    const frac = digits(s, 20, n - 21);
    if (frac < 0 || n === 21) return -1;
    const len = n - 21;
    ms = len >= 3 ? Math.floor(frac / 10 ** (len - 3)) : frac * 10 ** (3 - len);
  }
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms;
}

/** Epoch ms of a Graph timestamp, `NaN` when it is missing or not a date. */
export function parseGraphTime(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const fast = parseUtcFast(value);
  return fast >= 0 ? fast : Date.parse(value);
}

/** Any object carrying the Graph alert timestamps (a `SecurityAlert` or raw JSON). */
export interface AlertTimes {
  firstActivityDateTime?: unknown;
  lastActivityDateTime?: unknown;
  createdDateTime?: unknown;
  lastUpdateDateTime?: unknown;
}

/**
 * An alert's activity interval `[start, end]` in epoch ms: `firstActivityDateTime`..`lastActivityDateTime`,
 * each falling back to `createdDateTime` (then `lastUpdateDateTime`). Reversed bounds are swapped. Both are
 * `NaN` only when the alert has no parsable timestamp at all. Writes into `out` to avoid allocating.
 */
export function activityInterval(alert: AlertTimes, out: { start: number; end: number }): void {
  let start = parseGraphTime(alert.firstActivityDateTime);
  let end = parseGraphTime(alert.lastActivityDateTime);
  if (start !== start || end !== end) {
    let fallback = parseGraphTime(alert.createdDateTime);
    if (fallback !== fallback) fallback = parseGraphTime(alert.lastUpdateDateTime);
    if (start !== start) start = fallback === fallback ? fallback : end;
    if (end !== end) end = fallback === fallback ? fallback : start;
  }
  if (start > end) {
    const t = start;
    start = end;
    end = t;
  }
  out.start = start;
  out.end = end;
}

/** Time between two intervals in ms: 0 when they overlap, `NaN` when either is unknown. */
export function intervalGap(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const g = bStart > aEnd ? bStart - aEnd : aStart > bEnd ? aStart - bEnd : 0;
  return aStart !== aStart || bStart !== bStart ? NaN : g;
}
