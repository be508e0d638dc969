import { isRecord } from '../../src/model';
import { badRequest, SimHttpError, type RequestContext, type Route } from '../http';
import { KqlError, runKql } from '../kql';
import { parseTimespan } from '../time';
import { ROLES, type SimContext, type TenantSim } from './context';
import { readOptions } from './odata';

const DEFAULT_TIMESPAN = 'P30D';
const PARAMETERS = ['query', 'timespan', 'workspaceid'];

/** `POST /security/runHuntingQuery` with `{"Query", "Timespan"?}`. */
export function huntingRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1.0/security/runHuntingQuery',
      kind: 'graph',
      roles: ROLES.hunting,
      throttle: 'hunting',
      handle: (ctx) => runHunting(sim.tenantOf(ctx), ctx),
    },
  ];
}

/** Reads the action's parameters (names are case-insensitive, as Graph binds them). */
export function readHuntingBody(body: unknown): { query: string; timespan: string } {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object with a "Query" property.');
  const params = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) {
    if (!PARAMETERS.includes(key.toLowerCase())) {
      throw badRequest(
        `The parameter '${key}' in the request payload is not a valid parameter for the operation 'runHuntingQuery'.`,
      );
    }
    params.set(key.toLowerCase(), value);
  }
  const query = params.get('query');
  if (typeof query !== 'string' || query.trim() === '')
    throw badRequest('The "Query" parameter is required and must be a non-empty KQL string.');
  const timespan = params.get('timespan') ?? DEFAULT_TIMESPAN;
  if (typeof timespan !== 'string')
    throw badRequest('"Timespan" must be an ISO 8601 duration or interval string, e.g. "P1D".');
  return { query, timespan };
}

function runHunting(sim: TenantSim, ctx: RequestContext) {
  readOptions(ctx.query, []);
  const { query, timespan } = readHuntingBody(ctx.body);
  const now = sim.now();
  if (!sim.huntingQuota.take()) {
    // Advanced hunting's CPU quota: 429 with no Retry-After; it resets every 15 minutes.
    throw new SimHttpError(
      429,
      'TooManyRequests',
      'The query was throttled: the tenant exceeded its advanced hunting CPU quota. The quota resets every 15 minutes.',
    );
  }
  const range = parseTimespan(timespan, now);
  if (!range) {
    throw badRequest(
      `Invalid Timespan '${timespan}': use an ISO 8601 duration (P1D), start/end, duration/end, start/duration or a start date-time.`,
    );
  }
  try {
    const result = runKql(query, (name) => sim.hunting.table(name), { now, range });
    const body = {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`,
      ...result,
    };
    return { status: 200, body };
  } catch (err) {
    if (err instanceof KqlError) throw badRequest(err.message);
    throw err;
  }
}
