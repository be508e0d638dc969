/**
 * Time as analysts read it on a card. Cards show UTC (the SOC's common clock, and the same for every
 * reader of a channel) plus a relative hint computed from the `now` the caller passes in: cards never
 * read the system clock.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** U+2212, the typographic minus: "−12 min" reads better than "-12 min". */
const MINUS = '\u2212';

/** Epoch ms of an ISO string, or undefined when absent/unparsable. */
export function parseTime(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** "2026-01-05 14:03 UTC"; "unknown time" when absent/unparsable. */
export function formatUtc(iso: string | number | null | undefined): string {
  const t = typeof iso === 'number' ? iso : parseTime(iso);
  if (t === undefined || !Number.isFinite(t)) return 'unknown time';
  const d = new Date(t).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

/** "14:03 UTC" when `iso` is on the same UTC day as `reference`, else the full `formatUtc`. */
export function formatUtcShort(iso: string | null | undefined, reference: number | undefined): string {
  const t = parseTime(iso);
  if (t === undefined) return 'unknown time';
  const full = formatUtc(t);
  if (reference === undefined) return full;
  return new Date(t).toISOString().slice(0, 10) === new Date(reference).toISOString().slice(0, 10)
    ? full.slice(11)
    : full;
}

/** "just now", "12 min ago", "3 h ago", "2 d ago"; "in 5 min" for a time ahead of `now` (clock skew). */
export function formatRelative(iso: string | number | null | undefined, now: number): string {
  const t = typeof iso === 'number' ? iso : parseTime(iso);
  if (t === undefined) return '';
  const diff = now - t;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const span = abs < HOUR ? `${Math.max(1, Math.round(abs / MINUTE))} min` : formatCoarse(abs);
  return diff >= 0 ? `${span} ago` : `in ${span}`;
}

function formatCoarse(abs: number): string {
  if (abs < 2 * DAY) return `${Math.round(abs / HOUR)} h`;
  return `${Math.round(abs / DAY)} d`;
}

/** A signed offset: "+4 min", "−12 min", "+40 s", "+2 h 5 min", "±0 s". */
export function formatDelta(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const abs = Math.abs(ms);
  if (abs < 1000) return '±0 s';
  const sign = ms < 0 ? MINUS : '+';
  return sign + formatDuration(abs, { coarse: true });
}

/**
 * A duration: "350 ms", "12 s", "4 min", "2 h 5 min", "3 d 4 h". `coarse` drops milliseconds and rounds
 * seconds (for offsets between alerts, where sub-second precision is noise).
 */
export function formatDuration(ms: number, o: { coarse?: boolean } = {}): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000 && !o.coarse) return `${Math.round(ms)} ms`;
  if (ms < 10_000 && !o.coarse) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MINUTE);
    return m > 0 && m < 60 ? `${h} h ${m} min` : `${Math.round(ms / HOUR)} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  return h > 0 && h < 24 ? `${d} d ${h} h` : `${Math.round(ms / DAY)} d`;
}

/** A correlation window as "±30 min". */
export function formatWindow(windowMs: number): string {
  return `±${formatDuration(windowMs, { coarse: true })}`;
}

/** "14:03 UTC (12 min ago)": absolute and relative together. */
export function formatWhen(iso: string | null | undefined, now: number): string {
  const rel = formatRelative(iso, now);
  const abs = formatUtcShort(iso, now);
  return rel ? `${abs} (${rel})` : abs;
}
