import type { AlertPageQuery } from '../graph/alertPages';
import type { UnreadSlice } from '../graph/timePaging';
import type { Logger } from '../log';
import type { SecurityAlert } from '../model';
import type { RequestBudget } from './budget';
import { compareStamps } from '../graph/stamp';
import { lookahead, timePages } from '../graph/timePaging';
import type { AlertSource } from './types';

/** One page as the poller absorbs it. */
export interface CyclePage {
  alerts: SecurityAlert[];
  skipped: number;
  /** The latest `lastUpdateDateTime` such that every alert changed before it has been read (or undefined). */
  readThrough: string | undefined;
  /** The boundary of the request that produced the page. */
  boundary: string;
  /** Alerts still matching at the boundary, from `@odata.count` where Graph gives it. */
  count?: number;
}

export interface PageStreamOptions {
  pageSize: number;
  budget: RequestBudget;
  signal?: AbortSignal;
  requestId: string;
  logger: Logger;
  /** Told of each part of an instant Graph would not let us read (see `UnreadSlice`). */
  onUnread?: (slice: UnreadSlice) => void;
}

/**
 * The pages of one cycle, streamed with one page of look-ahead. A source with `listAlertsPage` is read
 * by time-boundary paging; an older source (tests, the dry run) is read as one page, in which case the
 * watermark may only move to its newest alert (the old, unordered contract).
 */
export function cyclePages(
  source: AlertSource,
  since: string,
  o: PageStreamOptions,
): AsyncGenerator<CyclePage> {
  const listPage = source.listAlertsPage?.bind(source);
  if (!listPage) return wholeListing(source, since, o);
  const fetch = async (q: AlertPageQuery) => {
    await o.budget.take(o.signal);
    return listPage(q, { signal: o.signal, requestId: o.requestId });
  };
  const pages = timePages(fetch, since, {
    top: o.pageSize,
    onOverflow: o.onUnread,
  });
  return lookahead(
    (async function* () {
      for await (const p of pages) {
        yield {
          alerts: p.alerts,
          skipped: p.skipped,
          readThrough: p.readThrough,
          boundary: p.query.boundary,
          count: p.query.op === 'eq' ? undefined : p.count,
        };
      }
    })(),
  );
}

async function* wholeListing(
  source: AlertSource,
  since: string,
  o: PageStreamOptions,
): AsyncGenerator<CyclePage> {
  const listed = await source.listAlertsChangedSince(since, { signal: o.signal, requestId: o.requestId });
  let newest: string | undefined;
  for (const a of listed.alerts) {
    if (newest === undefined || compareStamps(a.lastUpdateDateTime, newest) > 0)
      newest = a.lastUpdateDateTime;
  }
  yield { alerts: listed.alerts, skipped: listed.skipped, readThrough: newest, boundary: since };
}
