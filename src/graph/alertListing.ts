/**
 * A whole listing of the alerts changed after an instant (the dry run `npm run correlate`, the doctor),
 * read by the poller's time-boundary paging (`timePaging.ts`): never a nextLink, never a `$skip` past
 * Graph's limit. A nextLink listing loses every alert past the offset where the security API stops
 * under volume (elastic/integrations#20234) and fails for good on a `$skip` over 500 (Graph security
 * error codes); paging on `lastUpdateDateTime asc` with a moving boundary does neither
 * (elastic/integrations#20348).
 */
import type { SecurityAlert } from '../model';
import type { AlertPage, AlertPageQuery } from './alertPages';
import { compareStamps } from './stamp';
import { timePages, type UnreadSlice } from './timePaging';

/** Options of `listAlertsChangedSince`. */
export interface ListOptions {
  signal?: AbortSignal;
  /** Sent as `client-request-id` on every page (one id for the whole listing); default a fresh UUID. */
  requestId?: string;
  /**
   * Called with each page's alerts not read before in this listing (an alert read again on a page
   * boundary is left out; one that changed while paged is passed again), index from 0, before the
   * next page is asked for.
   */
  onPage?: (page: SecurityAlert[], index: number) => void;
  /** `$top` of each request, 1–1000. Default 1000 (Graph may still answer fewer per page). */
  pageSize?: number;
}

/** The result of a listing: each alert once (its latest version read), the pages read, the items that could not be parsed. */
export interface AlertListing {
  alerts: SecurityAlert[];
  pages: number;
  skipped: number;
  /**
   * Instants that held more alerts of one filter than Graph lets a client page through (see
   * `timePaging.ts`): what is in them beyond what was read is missing from `alerts`. Empty normally.
   */
  unread: UnreadSlice[];
}

/** Reads one time-ordered page (already authorised, with the listing's request id and signal). */
export type ListPage = (q: AlertPageQuery) => Promise<AlertPage>;

/**
 * Every alert changed strictly after `since` (an instant Graph's `$filter` accepts), each once, in
 * time order of its latest version. Re-reads on page boundaries and inside ties are folded by id.
 */
export async function listByTime(
  listPage: ListPage,
  since: string,
  top: number,
  o: Pick<ListOptions, 'onPage'> = {},
): Promise<AlertListing> {
  const byId = new Map<string, SecurityAlert>();
  const unread: UnreadSlice[] = [];
  let pages = 0;
  let skipped = 0;
  const pageStream = timePages(listPage, since, {
    top,
    startOp: 'gt',
    onOverflow: (slice) => unread.push(slice),
  });
  for await (const page of pageStream) {
    skipped += page.skipped;
    const fresh: SecurityAlert[] = [];
    for (const a of page.alerts) {
      const known = byId.get(a.id);
      if (known && compareStamps(a.lastUpdateDateTime, known.lastUpdateDateTime) <= 0) continue;
      // Deleting first keeps the map in the order of each alert's latest version.
      byId.delete(a.id);
      byId.set(a.id, a);
      fresh.push(a);
    }
    // Counted apart: `o.onPage?.(fresh, pages++)` would skip the increment when there is no callback.
    o.onPage?.(fresh, pages);
    pages += 1;
  }
  return { alerts: [...byId.values()], pages, skipped, unread };
}
