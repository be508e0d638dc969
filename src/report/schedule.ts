/**
 * Report slots: wall-clock times ("08:00,20:00") in an IANA time zone, turned into instants. Pure: every
 * function takes the instant it reasons about; offsets come from Node's full-ICU `Intl` (no dependency).
 *
 * Daylight saving, the explicit rule (the one of TC39 Temporal's `disambiguation: 'compatible'`, also
 * java.time's `ZonedDateTime.of`):
 * - a wall time that does not exist (the spring-forward gap: 02:30 in Europe/Paris on the last Sunday of
 *   March) is moved forward by the gap's length (03:30 CEST), so the day still gets its report;
 * - a wall time that happens twice (the fall-back overlap) means its earlier instant, so it is sent once.
 */

/** A wall-clock time of day, minutes after local midnight (08:00 → 480). */
export type SlotTime = number;

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Parses "08:00,20:00" (sorted, deduplicated); returns an error sentence for a bad list. */
export function parseSchedule(value: string): { ok: true; times: SlotTime[] } | { ok: false; error: string } {
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, error: 'must list times as HH:MM, e.g. 08:00,20:00' };
  const times = new Set<SlotTime>();
  for (const p of parts) {
    const m = HHMM.exec(p);
    if (!m) return { ok: false, error: `"${p.slice(0, 20)}" is not a time of day as HH:MM (00:00 to 23:59)` };
    times.add(Number(m[1]) * 60 + Number(m[2]));
  }
  if (times.size > 24) return { ok: false, error: 'at most 24 report times a day' };
  return { ok: true, times: [...times].sort((a, b) => a - b) };
}

/** True when `zone` is an IANA zone name this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false; // RangeError: the only way Intl reports an unknown zone
  }
}

/** "08:00" */
export function formatSlotTime(t: SlotTime): string {
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock of `zone` at `instant`, as if it were UTC (epoch ms, whole seconds). */
export function wallClock(instant: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
}

/** The zone's UTC offset at `instant`, ms (Paris in summer: +7,200,000). */
export function zoneOffset(instant: number, zone: string): number {
  return wallClock(instant, zone) - Math.floor(instant / 1000) * 1000;
}

const DAY = 86_400_000;

/**
 * The instant a wall time `wall` (a local date-time written as UTC epoch ms) means in `zone`, with the
 * gap/overlap rule above. Offsets a day either side are the candidates: zones change offset at most once
 * in such a span.
 */
export function wallToInstant(wall: number, zone: string): number {
  const before = zoneOffset(wall - DAY, zone);
  const after = zoneOffset(wall + DAY, zone);
  const valid = [...new Set([before, after])]
    .map((o) => wall - o)
    .filter((t) => wallClock(t, zone) === wall)
    .sort((a, b) => a - b);
  // Overlap: both are valid, the earlier wins. Gap: neither is; the offset in force before the jump
  // places the time after the gap by the gap's length.
  return valid[0] ?? wall - before;
}

/** Slot instants on the local days around `instant`, ascending, deduplicated. */
function slotsAround(instant: number, times: readonly SlotTime[], zone: string, days: number[]): number[] {
  const local = new Date(wallClock(instant, zone));
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const out = new Set<number>();
  for (const d of days) for (const t of times) out.add(wallToInstant(midnight + d * DAY + t * 60_000, zone));
  return [...out].sort((a, b) => a - b);
}

/** The latest slot at or before `instant`, or undefined with no times. */
export function slotAtOrBefore(
  instant: number,
  times: readonly SlotTime[],
  zone: string,
): number | undefined {
  return slotsAround(instant, times, zone, [-2, -1, 0, 1])
    .filter((s) => s <= instant)
    .at(-1);
}

/** The first slot strictly after `instant`. */
export function slotAfter(instant: number, times: readonly SlotTime[], zone: string): number | undefined {
  return slotsAround(instant, times, zone, [-1, 0, 1, 2]).find((s) => s > instant);
}

/** "08:00" as the zone's wall clock shows `instant`. */
export function localTimeOf(instant: number, zone: string): string {
  const w = new Date(wallClock(instant, zone));
  return formatSlotTime(w.getUTCHours() * 60 + w.getUTCMinutes());
}

/** "2026-03-29 08:00" in the zone. */
export function localDateTimeOf(instant: number, zone: string): string {
  return new Date(wallClock(instant, zone)).toISOString().slice(0, 16).replace('T', ' ');
}
