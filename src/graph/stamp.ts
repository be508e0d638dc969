/**
 * Graph writes `lastUpdateDateTime` with up to 7 fractional digits; `Date.parse` keeps 3. Ties and
 * progress are decided on the full value, or two alerts 0.1 ms apart would pass for one instant.
 */

/** `[epoch ms, the fraction beyond ms in 100 ns units]`, or undefined for an unreadable value. */
export function stampOf(value: string): [number, number] | undefined {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const frac = /\.(\d+)(?:Z|[+-]\d{2}:\d{2})$/.exec(value)?.[1] ?? '';
  const sub = Number((frac.slice(3, 7) + '0000').slice(0, 4));
  return [ms, sub];
}

/** Negative, zero or positive as `a` is before, at or after `b` (unreadable values sort first). */
export function compareStamps(a: string, b: string): number {
  const x = stampOf(a);
  const y = stampOf(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  return x[0] - y[0] || x[1] - y[1];
}
