import type { SecurityAlert } from '../../model';
import { ALERT_FILTER_SCHEMA, evaluateFilter, FilterError, parseFilter } from '../filter';
import { badRequest, notFound, type RequestContext, type Route } from '../http';
import { ROLES, type SimContext } from './context';
import { pageOf, readOptions } from './odata';
import { presentAlert } from './present';

const LIST_OPTIONS = ['$filter', '$top', '$skip', '$count', '$skiptoken'];

/** `GET /security/alerts_v2` and `GET /security/alerts_v2/{id}`. */
export function alertReadRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1.0/security/alerts_v2',
      kind: 'graph',
      roles: ROLES.alertsRead,
      throttle: 'security',
      list: true,
      handle: (ctx) => listAlerts(sim, ctx),
    },
    {
      method: 'GET',
      pattern: '/v1.0/security/alerts_v2/{id}',
      kind: 'graph',
      roles: ROLES.alertsRead,
      throttle: 'security',
      handle: (ctx) => getAlert(sim, ctx),
    },
  ];
}

/** The alerts a `$filter` selects, most recent first (cached until the store changes). */
export function filteredAlerts(
  sim: SimContext,
  filter: string | undefined,
  includeUnknownEnums: boolean,
): SecurityAlert[] {
  if (filter === undefined) return sim.alerts.all();
  let node;
  try {
    node = parseFilter(filter, ALERT_FILTER_SCHEMA, { includeUnknownEnumMembers: includeUnknownEnums });
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(`Invalid filter clause: ${err.message}`);
    throw err;
  }
  const bound = node;
  return sim.alerts.derived(`alerts|${includeUnknownEnums}|${filter}`, () =>
    sim.alerts.all().filter((a) => evaluateFilter(bound, a as unknown as Record<string, unknown>)),
  );
}

function listAlerts(sim: SimContext, ctx: RequestContext) {
  const options = readOptions(ctx.query, LIST_OPTIONS);
  // A fresh listing (not a continuation) is when evidence held back from already listed alerts arrives.
  if (!options.get('$skiptoken') && !Number(options.get('$skip') ?? 0)) sim.lateEvidence.release(sim.alerts);
  const items = filteredAlerts(sim, options.get('$filter'), ctx.includeUnknownEnums);
  const body = pageOf(items, { ctx, options, entitySet: 'security/alerts_v2', pageSize: sim.pageSize });
  sim.lateEvidence.noteListed((body.value as SecurityAlert[]).map((a) => a.id));
  body.value = (body.value as SecurityAlert[]).map((a) => presentAlert(a, ctx.includeUnknownEnums));
  return { status: 200, body };
}

export function requireAlert(sim: SimContext, id: string): SecurityAlert {
  const alert = sim.alerts.get(id);
  if (!alert) throw notFound(`The alert '${id}' was not found.`);
  return alert;
}

function getAlert(sim: SimContext, ctx: RequestContext) {
  readOptions(ctx.query, []);
  const alert = requireAlert(sim, ctx.params.id as string);
  const body = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/alerts_v2/$entity`,
    ...presentAlert(alert, ctx.includeUnknownEnums),
  };
  return { status: 200, body };
}
