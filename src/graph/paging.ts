/** Following `@odata.nextLink` safely (Teams messages; alerts are paged on time instead, see alertListing.ts). */
import { malformedResponse } from './graphErrors';
import type { GraphOperation } from '../permissions/roles';

/**
 * A sanity bound only (repeated nextLinks are caught separately): a first poll of a busy tenant can need
 * thousands of pages, and a cap that low would stop the poller from ever advancing past them.
 */
export const MAX_PAGES = 100_000;

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
