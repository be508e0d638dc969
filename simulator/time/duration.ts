/** ISO 8601 durations (`P30D`, `PT2H30M`, `P1W`) and hunting `Timespan` intervals, in milliseconds. */
import { parseInstant } from './instant';

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

const DAY = 86_400_000;
/** Calendar units have no fixed length; hunting treats a month as 30 days and a year as 365. */
const UNIT_MS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, 3_600_000, 60_000, 1000] as const;

/** Milliseconds in an ISO 8601 duration; undefined when `text` is not one (or is empty, `P`/`PT`). */
export function parseIsoDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || /^PT?$/i.test(text.trim())) return undefined;
  let total = 0;
  UNIT_MS.forEach((unit, i) => {
    const v = m[i + 1];
    if (v !== undefined) total += Number(v) * unit;
  });
  return total;
}

/** A closed time range in epoch milliseconds. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Reads runHuntingQuery's `Timespan`: `P30D` (back from now), `start/end`, `duration/end`,
 * `start/duration`, or a single start (until now). Undefined when unreadable.
 */
export function parseTimespan(text: string, now: number): TimeRange | undefined {
  const parts = text.trim().split('/');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) return undefined;
  if (parts.length === 1) {
    const only = parts[0] as string;
    const d = parseIsoDuration(only);
    if (d !== undefined) return { from: now - d, to: now };
    const start = parseInstant(only);
    return start ? { from: start.ms, to: now } : undefined;
  }
  const [a, b] = parts as [string, string];
  const startA = parseInstant(a);
  const endB = parseInstant(b);
  if (startA && endB) return startA.ms <= endB.ms ? { from: startA.ms, to: endB.ms } : undefined;
  const durA = parseIsoDuration(a);
  if (durA !== undefined && endB) return { from: endB.ms - durA, to: endB.ms };
  const durB = parseIsoDuration(b);
  if (startA && durB !== undefined) return { from: startA.ms, to: startA.ms + durB };
  return undefined;
}
