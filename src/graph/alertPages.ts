/**
 * One page of `GET /security/alerts_v2` in time order: the request the poller's time-boundary paging is
 * built from. It never follows an `@odata.nextLink` and keeps `$skip` at 0 outside a tie: under volume the
 * security API ends a listing early past some `$skip` offset (elastic/integrations#20234) and answers a
 * `$skip` past 500 with 400 (Graph security error codes: `$top` ≤ 1000, `$skip` ≤ 500); Elastic's fix
 * (elastic/integrations#20348) pages on `lastUpdateDateTime asc` with a moving boundary, as we do.
 */
import { malformedResponse, invalidArgument } from './graphErrors';
import { isRecord, parseAlertPage, type SecurityAlert } from '../model';
import { filterInstant } from './validate';

/** Graph's documented ceiling for `$top` on the security API. */
export const MAX_TOP = 1000;
/** Graph's documented ceiling for `$skip` on the security API. */
export const MAX_SKIP = 500;

/** One time-ordered page request. */
export interface AlertPageQuery {
  /** The `lastUpdateDateTime` boundary (ISO 8601 with a zone). */
  boundary: string;
  /** `ge` moves on a boundary (ties are re-read, harmlessly); `gt` leaves an instant fully read; `eq` reads one instant. */
  op: 'ge' | 'gt' | 'eq';
  /** Page size, 1–1000. */
  top: number;
  /** Offset inside the filter, 0–500 (only used inside one instant). Default 0. */
  skip?: number;
  /** More filter clauses, ANDed (e.g. `serviceSource eq 'dataLossPrevention'`); only from our own constants. */
  and?: readonly string[];
  /** Ask for `@odata.count` (the matching total, where Graph gives it). */
  count?: boolean;
}

/** One page as read. */
export interface AlertPage {
  alerts: SecurityAlert[];
  /** Items of the page that could not be parsed. */
  skipped: number;
  /** Items the page held, parsed or not: a page of `top` items means more may remain. */
  received: number;
  /** Whether Graph sent a nextLink (a hint that more remain; its URL is never used). */
  hasNextLink: boolean;
  /** `@odata.count` when asked for and given. */
  count?: number;
}

/** The path and query of one page request (`$orderby=lastUpdateDateTime asc`, explicit `$top`). */
export function alertPageUrl(q: AlertPageQuery): string {
  const instant = filterInstant(q.boundary);
  if (!instant)
    throw invalidArgument('listAlerts', `the boundary must be an ISO 8601 instant, got "${q.boundary}"`);
  if (!Number.isInteger(q.top) || q.top < 1 || q.top > MAX_TOP)
    throw invalidArgument('listAlerts', `$top must be an integer in [1, ${MAX_TOP}], got ${q.top}`);
  const skip = q.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0 || skip > MAX_SKIP)
    throw invalidArgument('listAlerts', `$skip must be an integer in [0, ${MAX_SKIP}], got ${skip}`);
  const filter = [`lastUpdateDateTime ${q.op} ${instant}`, ...(q.and ?? [])].join(' and ');
  const parts = [
    `$filter=${encodeURIComponent(filter)}`,
    `$orderby=${encodeURIComponent('lastUpdateDateTime asc')}`,
    `$top=${q.top}`,
  ];
  if (skip > 0) parts.push(`$skip=${skip}`);
  if (q.count) parts.push('$count=true');
  return `/security/alerts_v2?${parts.join('&')}`;
}

/** Reads a page body; a body without a `value` list is a malformed answer (never an empty page). */
export function readAlertPage(body: unknown, requestId: string): AlertPage {
  if (!isRecord(body) || !Array.isArray(body.value))
    throw malformedResponse('listAlerts', requestId, 'a page without a "value" list');
  const page = parseAlertPage(body.value);
  const count = body['@odata.count'];
  const next = body['@odata.nextLink'];
  return {
    alerts: page.alerts,
    skipped: page.skipped,
    received: body.value.length,
    hasNextLink: typeof next === 'string' && next !== '',
    count: typeof count === 'number' && Number.isFinite(count) ? count : undefined,
  };
}
