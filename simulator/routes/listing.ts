/**
 * How alerts_v2 lists, including the ways the real service misbehaves under volume (each off unless
 * configured; see `ListingQuirks`). Sources: elastic/integrations#20234 (the listing ends without a
 * nextLink past some `$skip` offset), Graph's security error codes (`$top` ≤ 1000, `$skip` ≤ 500, 400
 * beyond), and alerts that keep changing while a client pages through them.
 */
import type { SecurityAlert } from '../../src/model';
import { badRequest } from '../http';
import { compareInstant, instantOf } from '../time';
import type { ListingQuirks } from '../types';

/** Graph's `$top` ceiling on the security API: a larger value is refused with 400. */
export const GRAPH_MAX_TOP = 1000;

/** The ordering a `$orderby` asks for: alerts_v2 accepts `lastUpdateDateTime` asc or desc only here. */
export type AlertOrder = 'default' | 'asc' | 'desc';

export function readOrderBy(raw: string | undefined): AlertOrder {
  if (raw === undefined) return 'default';
  const m = /^\s*lastUpdateDateTime(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!m) {
    throw badRequest(
      `The $orderby '${raw}' is not supported on alerts_v2. Use 'lastUpdateDateTime asc' or 'lastUpdateDateTime desc'.`,
    );
  }
  return (m[1]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'asc';
}

/**
 * The alerts a time-paging filter selects, in order, without scanning the whole store: alerts sorted by
 * `lastUpdateDateTime` once per store version, then a binary search for the boundary. Only for filters
 * that start with `lastUpdateDateTime ge|gt|eq <instant>` and AND the rest (what the poller sends); the
 * rest is evaluated by `matches` on the selected range. Undefined for any other filter.
 */
export function timeRange(
  sortedAsc: readonly SecurityAlert[],
  filter: string | undefined,
  matches: (a: SecurityAlert) => boolean,
): SecurityAlert[] | undefined {
  const m =
    filter === undefined
      ? null
      : /^\s*lastUpdateDateTime\s+(ge|gt|eq)\s+(\S+)\s*(and\s+(.*))?$/i.exec(filter);
  if (!m) return undefined;
  const rest = m[4];
  if (rest !== undefined && /\bor\b|\bnot\b|[()]/i.test(rest)) return undefined;
  const at = instantOf(m[2] as string);
  if (!at) return undefined;
  const op = (m[1] as string).toLowerCase();
  const first = lowerBound(sortedAsc, (t) =>
    op === 'gt' ? compareInstant(t, at) > 0 : compareInstant(t, at) >= 0,
  );
  const end = op === 'eq' ? lowerBound(sortedAsc, (t) => compareInstant(t, at) > 0) : sortedAsc.length;
  const range = sortedAsc.slice(first, end);
  return rest === undefined ? range : range.filter(matches);
}

function lowerBound(
  items: readonly SecurityAlert[],
  atOrAfter: (t: ReturnType<typeof instantOf> & object) => boolean,
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = instantOf((items[mid] as SecurityAlert).lastUpdateDateTime);
    if (t && atOrAfter(t)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Alerts by `lastUpdateDateTime` ascending, ties by id (keys parsed once per alert). */
export function sortByUpdate(items: readonly SecurityAlert[]): SecurityAlert[] {
  const keyed = items.map((a) => {
    const t = instantOf(a.lastUpdateDateTime);
    return { a, ms: t ? t.ms : Number.NEGATIVE_INFINITY, sub: t ? t.sub : 0 };
  });
  keyed.sort((x, y) => x.ms - y.ms || x.sub - y.sub || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0));
  return keyed.map((k) => k.a);
}

/** `items` (newest first, as stored) in the requested order; ties keep a stable order by id. */
export function ordered(items: readonly SecurityAlert[], order: AlertOrder): readonly SecurityAlert[] {
  if (order === 'default') return items;
  const sorted = sortByUpdate(items);
  return order === 'asc' ? sorted : sorted.reverse();
}

/** Refuses `$top` and `$skip` beyond what Graph accepts (400, as the service does). */
export function checkPaging(top: number | undefined, skip: number, quirks: ListingQuirks): void {
  if (top !== undefined && top > GRAPH_MAX_TOP)
    throw badRequest(`The value of $top must be at most ${GRAPH_MAX_TOP}, got ${top}.`);
  if (quirks.maxSkip !== undefined && skip > quirks.maxSkip)
    throw badRequest(`The value of $skip must be at most ${quirks.maxSkip}, got ${skip}.`);
}

/**
 * The items a listing may still show at `skip`: with `stallAfterSkip` the service behaves as if the
 * result set ended there (no more items, no nextLink), although more alerts match.
 */
export function visible<T>(items: readonly T[], quirks: ListingQuirks): readonly T[] {
  const stall = quirks.stallAfterSkip;
  return stall !== undefined && items.length > stall ? items.slice(0, stall) : items;
}

/**
 * Groups of `every` alerts (in time order) take the group's latest `lastUpdateDateTime`: what a bulk
 * change (an auto-resolve, a policy update) looks like, with many alerts on one instant.
 */
export function shareTimestamps(alerts: SecurityAlert[], every: number): SecurityAlert[] {
  if (every <= 1) return alerts;
  const sorted = ordered(alerts, 'asc');
  const out: SecurityAlert[] = [];
  for (let i = 0; i < sorted.length; i += every) {
    const group = sorted.slice(i, i + every);
    const stamp = (group[group.length - 1] as SecurityAlert).lastUpdateDateTime;
    for (const a of group) out.push({ ...a, lastUpdateDateTime: stamp });
  }
  return out;
}

/** The `unknownSourceBurst` quirk: the first alerts in time order become one bulk change by an unlisted product. */
export function unknownSourceBurst(
  alerts: SecurityAlert[],
  burst: ListingQuirks['unknownSourceBurst'],
): SecurityAlert[] {
  if (!burst || burst.alerts <= 0) return alerts;
  const sorted = ordered(alerts, 'asc');
  const n = Math.min(burst.alerts, sorted.length);
  if (n === 0) return alerts;
  const stamp = (sorted[n - 1] as SecurityAlert).lastUpdateDateTime;
  const serviceSource = burst.serviceSource ?? 'microsoftFutureProduct';
  return sorted.map((a, i) =>
    i < n
      ? {
          ...a,
          lastUpdateDateTime: stamp,
          serviceSource,
          ...(burst.severity ? { severity: burst.severity } : {}),
        }
      : a,
  );
}
