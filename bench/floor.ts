/**
 * The floor of correlating parsed alerts: not an engine, a lower bound for one. Whatever its design, an
 * engine that correlates alerts already parsed from Graph's JSON must, at least once per alert:
 *
 * - read the activity timestamps and turn them into numbers (`activityInterval`, the engine's own
 *   hand-written ISO-8601 decoder);
 * - find every identity the evidence names (`collectIdentities`, the engine's own walker);
 * - look each DLP identity up in something built from the Defender side's identities.
 *
 * This does exactly that and nothing else, the cheapest way this codebase knows: one `Map.get` per DLP
 * identity by its spelling as received (no lower-casing, no `domain\name` joining, so it finds fewer
 * matches than the rule asks for), no window search, no incident grouping, no explanations, no output.
 * Run after the engine in the same process, it also finds the DLP strings' hashes already computed by
 * V8 (the engine looked the lower-case ones up). Every shortcut makes the figure lower, never higher: it
 * is a lower bound for a JavaScript engine over parsed alerts on the same machine, not a design to ship.
 */
import { activityInterval } from '../src/correlation/time';
import { RawIdentities, collectIdentities } from '../src/correlation/walk';
import type { SecurityAlert } from '../src/model';

/** A number derived from everything read, so the optimizer cannot drop any of the work. */
export function correlationFloor(defender: readonly SecurityAlert[], dlp: readonly SecurityAlert[]): number {
  const raw = new RawIdentities();
  const iv = { start: NaN, end: NaN };
  const known = new Map<string, number>();
  let sum = 0;
  for (let d = 0; d < defender.length; d++) {
    const a = defender[d] as SecurityAlert;
    activityInterval(a, iv);
    collectIdentities(a.evidence, raw, false);
    for (let r = 0; r < raw.n; r++) known.set(raw.values[r] as string, d);
    sum += iv.start;
  }
  for (let i = 0; i < dlp.length; i++) {
    const a = dlp[i] as SecurityAlert;
    activityInterval(a, iv);
    collectIdentities(a.evidence, raw, true);
    for (let r = 0; r < raw.n; r++) {
      const d = known.get(raw.values[r] as string);
      if (d !== undefined) sum += d;
    }
    sum += iv.start;
  }
  return sum;
}
