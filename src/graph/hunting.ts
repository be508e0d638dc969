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
