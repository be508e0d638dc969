/**
 * Time-boundary paging of alerts_v2 (see docs/architecture.md, "Ingestion"). Each request filters
 * `lastUpdateDateTime ge <boundary>` in ascending order with an explicit `$top`; a full page moves the
 * boundary to its last item's `lastUpdateDateTime`. Nothing depends on a nextLink or on a `$skip` past
 * Graph's limit, so a listing that ends early or a `$skip` answered 400 can neither lose alerts nor stall
 * the poller: every page read is a prefix of the time order, and the next request starts where it ended.
 */
import { GraphError } from '../errors';
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

/**
 * Part of one instant that could not be read: the listing goes on past it, so whoever receives this
 * must say so (the poller logs a warning and lists it in `/status`).
 */
export interface UnreadSlice {
  /** The `lastUpdateDateTime` shared by the alerts. */
  instant: string;
  /** The clauses ANDed with `lastUpdateDateTime eq <instant>` (empty: the whole instant). */
  filter: readonly string[];
  /** Alerts matching, from `@odata.count`; undefined when Graph gave no count. */
  matching: number | undefined;
  /** Alerts of it that were read (the first ones in Graph's order). */
  read: number;
  /**
   * `pastSkipLimit`: more than `$skip` ≤ 500 reaches and no property left to split by;
   * `filterRefused`: Graph answered the split's filter 400; `emptyPages`: Graph kept answering empty
   * pages while saying more match.
   */
  reason: 'pastSkipLimit' | 'filterRefused' | 'emptyPages';
}

export interface TimePagingOptions {
  /** Page size (`$top`), 1–1000. */
  top: number;
  /** Largest `$skip` sent inside one instant. Default 500 (Graph's limit). */
  maxSkip?: number;
  /** Told of each part of an instant that could not be read (the listing goes on past it). */
  onOverflow?: (slice: UnreadSlice) => void;
  /** An empty page with a nextLink is asked again this many times before the listing ends. Default 2. */
  emptyRetries?: number;
  /**
   * The first request's operator: `ge` (default: the poller re-reads its boundary, harmlessly) or `gt`
   * (a listing of what changed strictly after an instant).
   */
  startOp?: 'ge' | 'gt';
}

/**
 * Filterable properties that split one instant holding more alerts than `$skip` ≤ 500 reaches: the
 * service first (bulk changes come from one product), then severity. Values after `unknownFutureValue`
 * are listed because we always send `Prefer: include-unknown-enum-members`. Both enums are open: after
 * the known values, one more split reads every value we do not know (`ne` each known one), so an
 * instant filled by a product newer than our lists still makes progress.
 */
const SPLITS: ReadonlyArray<{ property: string; known: readonly string[] }> = [
  { property: 'serviceSource', known: SERVICE_SOURCES },
  { property: 'severity', known: SEVERITIES },
];

/** Every page changed at or after `from` (after it, with `startOp: 'gt'`), oldest first. */
export async function* timePages(
  fetch: FetchPage,
  from: string,
  o: TimePagingOptions,
): AsyncGenerator<TimePage> {
  let query: AlertPageQuery = { boundary: from, op: o.startOp ?? 'ge', top: o.top, count: true };
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

/**
 * Every alert of one instant (and of `and`): `$skip` up to the limit, split by the next property when
 * it holds more, and what no split reaches reported through `onOverflow`. The offset moves by what each
 * page held, so a service page smaller than `$top` skips nothing.
 */
async function* instantPages(
  fetch: FetchPage,
  instant: string,
  and: readonly string[],
  depth: number,
  o: TimePagingOptions,
): AsyncGenerator<TimePage> {
  const maxSkip = o.maxSkip ?? MAX_SKIP;
  let total: number | undefined;
  let skip = 0;
  let empties = 0;
  const unread = (reason: UnreadSlice['reason']) =>
    o.onOverflow?.({ instant, filter: and, matching: total, read: skip, reason });
  for (;;) {
    const query: AlertPageQuery = { boundary: instant, op: 'eq', top: o.top, skip, and, count: skip === 0 };
    let page: AlertPage;
    try {
      page = await fetch(query);
    } catch (err) {
      // A `$skip` Graph takes less of than documented: the limit is reached here, split or report.
      if (skip === 0 || !isRefused(err)) throw err;
      if (depth < SPLITS.length) return yield* splitPages(fetch, instant, and, depth, o);
      return unread('pastSkipLimit');
    }
    if (skip === 0) total = page.count;
    yield { ...page, query, readThrough: undefined };
    skip += page.received;
    const more = page.received >= o.top || page.hasNextLink || (total !== undefined && total > skip);
    if (!more) return;
    if (page.received === 0) {
      if (++empties > (o.emptyRetries ?? 2)) return unread('emptyPages');
      continue;
    }
    empties = 0;
    const reachable = skip <= maxSkip && (total === undefined || total <= maxSkip + o.top);
    if (reachable) continue;
    if (depth < SPLITS.length) {
      yield* splitPages(fetch, instant, and, depth, o);
      return;
    }
    // No property left to split by: read as far as `$skip` goes, then say what is left.
    if (skip <= maxSkip) continue;
    return unread('pastSkipLimit');
  }
}

/**
 * One instant split by `SPLITS[depth]`: each known value, then every other value at once. A known value
 * Graph refuses (400: not in its metadata yet) can match no alert; it is left out of the "other" split,
 * whose own refusal is reported, not thrown, so it can never stall the listing.
 */
async function* splitPages(
  fetch: FetchPage,
  instant: string,
  and: readonly string[],
  depth: number,
  o: TimePagingOptions,
): AsyncGenerator<TimePage> {
  const { property, known } = SPLITS[depth]!;
  const accepted: string[] = [];
  for (const value of known) {
    const filter = [...and, `${property} eq '${value}'`];
    let read = 0;
    try {
      for await (const page of instantPages(fetch, instant, filter, depth + 1, o)) {
        read += page.received;
        yield page;
      }
      accepted.push(value);
    } catch (err) {
      if (!isRefused(err)) throw err;
      if (read === 0) continue;
      // Refused after pages were read (a `$skip` Graph takes less of than documented): the value is
      // valid, so it stays out of the "other" split, and what it still held is reported.
      accepted.push(value);
      o.onOverflow?.({ instant, filter, matching: undefined, read, reason: 'filterRefused' });
    }
  }
  const others = [...and, accepted.map((v) => `${property} ne '${v}'`).join(' and ')];
  try {
    yield* instantPages(fetch, instant, others, depth + 1, o);
  } catch (err) {
    if (!isRefused(err)) throw err;
    o.onOverflow?.({ instant, filter: others, matching: undefined, read: 0, reason: 'filterRefused' });
  }
}

/** A 400: Graph refused the filter (never retried, so asking again would only stall). */
function isRefused(err: unknown): boolean {
  return err instanceof GraphError && err.status === 400;
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
