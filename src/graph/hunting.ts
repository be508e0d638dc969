import { invalidArgument, malformedResponse } from './graphErrors';
import { isRecord } from '../model';
import type { RequestSpec } from './request';

/** The answer of `runHuntingQuery`: column schema and rows (row values as Graph sent them). */
export interface HuntingResult {
  schema: Array<{ name: string; type: string }>;
  results: Array<Record<string, unknown>>;
}

/** ISO 8601 duration (`P1D`, `PT12H`, `P30D`). */
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * Per-attempt timeout of a hunting query, in ms. Graph gives a query up to 3 minutes
 * (https://learn.microsoft.com/graph/api/security-security-runhuntingquery, "Limitations"); we wait a
 * little longer so that Graph's own answer (a 504 or a timeout error) reaches us rather than our cut-off.
 */
export const HUNTING_TIMEOUT_MS = 190_000;

/** Advanced hunting keeps queries short; a huge one is a bug, not a hunt. */
const MAX_QUERY_CHARS = 20_000;

/** `POST /security/runHuntingQuery` with `{Query, Timespan?}`, checking input and answer. */
export async function huntingOp(
  send: (spec: RequestSpec) => Promise<unknown>,
  query: string,
  timespan: string | undefined,
  requestId: string,
  signal: AbortSignal | undefined,
): Promise<HuntingResult> {
  if (typeof query !== 'string' || query.trim() === '')
    throw invalidArgument('runHuntingQuery', 'the query is empty');
  if (query.length > MAX_QUERY_CHARS) {
    throw invalidArgument('runHuntingQuery', `the query is longer than ${MAX_QUERY_CHARS} characters`);
  }
  if (timespan !== undefined && !DURATION.test(timespan)) {
    throw invalidArgument(
      'runHuntingQuery',
      `timespan must be an ISO 8601 duration such as P1D, got "${timespan}"`,
    );
  }
  const body = timespan === undefined ? { Query: query } : { Query: query, Timespan: timespan };
  const answer = await send({
    operation: 'runHuntingQuery',
    method: 'POST',
    url: '/security/runHuntingQuery',
    logPath: '/security/runHuntingQuery',
    body,
    requestId,
    signal,
    minTimeoutMs: HUNTING_TIMEOUT_MS,
    // No in-line retry: a 504 follows minutes of query work, and the CPU quota's 429 has no Retry-After
    // and lasts up to 15 minutes. The failure goes to the card; the analyst presses again later.
    retry: 'off',
  });
  if (!isRecord(answer) || !Array.isArray(answer.results)) {
    throw malformedResponse('runHuntingQuery', requestId, 'no "results" list');
  }
  const schema = Array.isArray(answer.schema)
    ? answer.schema
        .filter(isRecord)
        .map((c) => ({ name: String(c.name ?? c.Name ?? ''), type: String(c.type ?? c.Type ?? '') }))
        .filter((c) => c.name !== '')
    : [];
  return { schema, results: answer.results.filter(isRecord) };
}
