import { malformedResponse } from './graphErrors';
import type { GraphOperation } from '../permissions/roles';
import { isRecord, parseAlertPage } from '../model';
import type { SecurityAlert } from '../model';

/** Options of `listAlertsChangedSince`. */
export interface ListOptions {
  signal?: AbortSignal;
  /** Sent as `client-request-id` on every page (one id for the whole listing); default a fresh UUID. */
  requestId?: string;
  /** Called with each page's alerts as it arrives (index from 0), before the next page is asked for. */
  onPage?: (page: SecurityAlert[], index: number) => void;
}

/** The result of a listing: every parsed alert, the pages read and the items that could not be parsed. */
export interface AlertListing {
  alerts: SecurityAlert[];
  pages: number;
  skipped: number;
}

/**
 * A sanity bound only (repeated nextLinks are caught separately): a first poll of a busy tenant can need
 * thousands of pages, and a cap that low would stop the poller from ever advancing past them.
 */
export const MAX_PAGES = 100_000;

/**
 * Reads `firstUrl` and then every `@odata.nextLink` until there is none: exactly one request per page, an
 * empty page with a nextLink continues. A nextLink must stay on `origin` (our token goes with it) and
 * must not repeat.
 */
export async function listAllPages(
  fetchPage: (url: string, index: number, requestId: string) => Promise<unknown>,
  firstUrl: string,
  origin: string,
  o: ListOptions & { requestId: string },
): Promise<AlertListing> {
  const alerts: SecurityAlert[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let url: string | undefined = firstUrl;
  let pages = 0;
  while (url !== undefined) {
    const body = await fetchPage(url, pages, o.requestId);
    if (!isRecord(body) || !Array.isArray(body.value)) {
      throw malformedResponse('listAlerts', o.requestId, `a page without a "value" list (page ${pages + 1})`);
    }
    const page = parseAlertPage(body.value);
    alerts.push(...page.alerts);
    skipped += page.skipped;
    o.onPage?.(page.alerts, pages);
    pages++;
    url = checkNextLink(body['@odata.nextLink'], origin, seen, pages, o.requestId);
  }
  return { alerts, pages, skipped };
}

/**
 * The next page's URL, or undefined at the end: it must be an absolute URL on `origin` (our token goes
 * with it), must not repeat, and the listing must stay under `maxPages`.
 */
export function checkNextLink(
  raw: unknown,
  origin: string,
  seen: Set<string>,
  pages: number,
  requestId: string,
  operation: GraphOperation = 'listAlerts',
  maxPages: number = MAX_PAGES,
): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string')
    throw malformedResponse(operation, requestId, 'an @odata.nextLink that is not a string');
  let url: URL;
  try {
    url = new URL(raw);
  } catch (err) {
    throw malformedResponse(
      operation,
      requestId,
      `an @odata.nextLink that is not an absolute URL (${String(err)})`,
    );
  }
  if (url.origin !== origin) {
    throw malformedResponse(operation, requestId, `an @odata.nextLink to ${url.origin}, not ${origin}`);
  }
  if (seen.has(raw))
    throw malformedResponse(operation, requestId, 'the same @odata.nextLink twice (a paging loop)');
  if (pages >= maxPages) {
    throw malformedResponse(
      operation,
      requestId,
      `more than ${maxPages} pages${operation === 'listAlerts' ? ': poll more often or narrow the window' : ''}`,
    );
  }
  seen.add(raw);
  return raw;
}
