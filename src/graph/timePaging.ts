/**
 * Time-boundary paging of alerts_v2 (see docs/architecture.md, "Ingestion"). Each request filters
 * `lastUpdateDateTime ge <boundary>` in ascending order with an explicit `$top`; a full page moves the
 * boundary to its last item's `lastUpdateDateTime`. Nothing depends on a nextLink or on a `$skip` past
 * Graph's limit, so a listing that ends early or a `$skip` answered 400 can neither lose alerts nor stall
 * the poller: every page read is a prefix of the time order, and the next request starts where it ended.
 */
import type { AlertPage, AlertPageQuery } from './alertPages';
import { MAX_SKIP } from './alertPages';
import { compareStamps } from './stamp';
import { SERVICE_SOURCES, SEVERITIES } from '../model';

/** A page with the query that produced it. */
export interface TimePage extends AlertPage {
  query: AlertPageQuery;
  /** The latest `lastUpdateDateTime` read so far: everything before it has been read. */
  readThrough: string | undefined;
}

/** Reads one page (already paced and cancellable). */
export type FetchPage = (q: AlertPageQuery) => Promise<AlertPage>;

export interface TimePagingOptions {
  /** Page size (`$top`), 1–1000. */
  top: number;
  /** Largest `$skip` sent inside one instant. Default 500 (Graph's limit). */
  maxSkip?: number;
  /** Told when an instant holds more alerts than every split can reach (they are logged, not hidden). */
  onOverflow?: (instant: string, filter: readonly string[]) => void;
  /** An empty page with a nextLink is asked again this many times before the listing ends. Default 2. */
  emptyRetries?: number;
}

/**
 * Filterable properties that split one instant holding more alerts than `$skip` ≤ 500 reaches: the
 * service first (bulk changes come from one product), then severity. Values after `unknownFutureValue`
 * are listed because we always send `Prefer: include-unknown-enum-members`.
 */
const SPLITS: ReadonlyArray<readonly string[]> = [
  SERVICE_SOURCES.map((v) => `serviceSource eq '${v}'`),
  SEVERITIES.map((v) => `severity eq '${v}'`),
];

/** Every page changed at or after `from`, oldest first. One request per page; ties cost a few more. */
export async function* timePages(
  fetch: FetchPage,
  from: string,
  o: TimePagingOptions,
): AsyncGenerator<TimePage> {
  let query: AlertPageQuery = { boundary: from, op: 'ge', top: o.top, count: true };
  let empties = 0;
  for (;;) {
    const page = await fetch(query);
    const last = page.alerts[page.alerts.length - 1]?.lastUpdateDateTime;
    yield { ...page, query, readThrough: last };
    // Graph may end a listing early (a short page, no nextLink) while `$count` says more match: go on
    // from the boundary at once instead of waiting a poll interval (elastic/integrations#20234).
    const more =
      page.received >= o.top || page.hasNextLink || (page.count !== undefined && page.count > page.received);
    if (!more) return;
    if (last === undefined) {
      // Nothing readable but "more" promised (an empty page with a nextLink): ask again, a bounded
      // number of times; the next cycle starts from the same durable boundary anyway.
      if (++empties > (o.emptyRetries ?? 2)) return;
      continue;
    }
    empties = 0;
    if (query.op === 'ge' && compareStamps(last, query.boundary) <= 0) {
      // The whole page sits on the boundary instant: read that instant on its own, then step past it.
      yield* instantPages(fetch, last, [], 0, o);
      query = { boundary: last, op: 'gt', top: o.top, count: true };
    } else {
      query = { boundary: last, op: 'ge', top: o.top, count: true };
    }
  }
}

/** Every alert of one instant: `$skip` up to the limit, or split by another property when it holds more. */
async function* instantPages(
  fetch: FetchPage,
  instant: string,
  and: readonly string[],
  depth: number,
  o: TimePagingOptions,
): AsyncGenerator<TimePage> {
  const maxSkip = o.maxSkip ?? MAX_SKIP;
  let total: number | undefined;
  for (let skip = 0; ; skip += o.top) {
    const query: AlertPageQuery = { boundary: instant, op: 'eq', top: o.top, skip, and, count: skip === 0 };
    const page = await fetch(query);
    if (skip === 0) total = page.count;
    yield { ...page, query, readThrough: undefined };
    if (page.received < o.top) return;
    if (total !== undefined && total <= skip + o.top) return;
    const pastLimit = skip + o.top > maxSkip || (total !== undefined && total > maxSkip + o.top);
    if (!pastLimit) continue;
    const split = SPLITS[depth];
    if (!split) {
      o.onOverflow?.(instant, and);
      return;
    }
    for (const clause of split) yield* instantPages(fetch, instant, [...and, clause], depth + 1, o);
    return;
  }
}

/**
 * Reads one item ahead: item N+1 is being fetched while the consumer works on item N. At most one
 * item waits, so memory stays bounded by two pages whatever the backlog.
 */
export async function* lookahead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = source.next();
      // The prefetch may fail while the consumer is busy: its error is rethrown at the `await` above;
      // this handler only keeps Node from reporting it as unhandled in the meantime.
      next.catch(() => undefined);
      yield r.value;
    }
  } finally {
    await source.return(undefined);
  }
}
