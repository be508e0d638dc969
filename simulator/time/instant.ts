/**
 * A point in time with Graph's precision. Graph and advanced hunting print seven fractional digits
 * (`2026-01-01T10:00:00.1234567Z`); a JS number of 100-ns ticks since 1970 would overflow 2^53, so an
 * instant is kept as milliseconds plus the 100-ns ticks past that millisecond.
 */
export interface Instant {
  /** Milliseconds since the epoch (UTC). */
  readonly ms: number;
  /** 100-nanosecond ticks past `ms`, 0–9999. */
  readonly sub: number;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/** How strictly to read a date-time text. */
export interface ParseInstantOptions {
  /** OData `DateTimeOffset`: a time and an offset (`Z` or `±hh:mm`) are required. Default false. */
  requireOffset?: boolean;
}

/** Parses an ISO 8601 date-time; undefined when it is not one (or names an impossible date). */
export function parseInstant(text: string, options: ParseInstantOptions = {}): Instant | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  if (options.requireOffset && (h === undefined || offset === undefined)) return undefined;
  const fields = [Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)] as const;
  const base = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const check = new Date(base);
  // Date.UTC silently rolls 2026-02-30 over to March: refuse instead.
  if (check.getUTCMonth() !== fields[1] - 1 || check.getUTCDate() !== fields[2] || fields[3] > 23) {
    return undefined;
  }
  if (fields[4] > 59 || fields[5] > 59) return undefined;
  const digits = (frac ?? '').padEnd(7, '0');
  const ms = base + Number(digits.slice(0, 3)) - offsetMinutes(offset) * 60_000;
  return { ms, sub: Number(digits.slice(3)) };
}

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

export function instantFromMs(ms: number, sub = 0): Instant {
  return { ms: Math.floor(ms), sub };
}

/** Negative when a is earlier than b, 0 when equal, positive when later. */
export function compareInstant(a: Instant, b: Instant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.sub - b.sub;
}

/** The `YYYY-MM-DDTHH:` prefix of the last hour formatted (Date#toISOString is slow at 10^6 calls). */
let hourCache = { hour: Number.NaN, prefix: '' };

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0000'.slice(0, width - s.length) + s;
}

/** `2026-01-01T10:00:00.1234567Z`: the seven-digit UTC form Graph uses. */
export function formatInstant(i: Instant): string {
  const hour = Math.floor(i.ms / 3_600_000);
  if (hour !== hourCache.hour)
    hourCache = { hour, prefix: new Date(hour * 3_600_000).toISOString().slice(0, 14) };
  const inHour = i.ms - hour * 3_600_000;
  const minutes = Math.floor(inHour / 60_000);
  const seconds = Math.floor((inHour % 60_000) / 1000);
  return `${hourCache.prefix}${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(inHour % 1000, 3)}${pad(i.sub, 4)}Z`;
}

/** Formats milliseconds (plus optional 100-ns ticks) the way Graph prints date-times. */
export function graphTime(ms: number, sub = 0): string {
  return formatInstant({ ms: Math.floor(ms), sub });
}

/** Reads a stored date-time value (string) as an instant; undefined for anything else. */
export function instantOf(value: unknown): Instant | undefined {
  return typeof value === 'string' ? parseInstant(value) : undefined;
}
