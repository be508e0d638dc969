import { evaluateFilter, FilterError, INCIDENT_FILTER_SCHEMA, parseFilter } from '../filter';
import { badRequest, notFound, type RequestContext, type Route } from '../http';
import { buildIncidents, type Incident } from '../state';
import { ROLES, type SimContext, type TenantSim } from './context';
import { pageOf, readOptions } from './odata';
import { presentAlert } from './present';

const LIST_OPTIONS = ['$filter', '$top', '$skip', '$count', '$expand', '$skiptoken'];

/** `GET /security/incidents[/{id}]`, with `$expand=alerts`. Incidents are derived from the alerts. */
export function incidentRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1.0/security/incidents',
      kind: 'graph',
      roles: ROLES.incidentsRead,
      throttle: 'security',
      list: true,
      handle: (ctx) => listIncidents(sim.tenantOf(ctx), ctx),
    },
    {
      method: 'GET',
      pattern: '/v1.0/security/incidents/{id}',
      kind: 'graph',
      roles: ROLES.incidentsRead,
      throttle: 'security',
      handle: (ctx) => getIncident(sim.tenantOf(ctx), ctx),
    },
  ];
}

function expandsAlerts(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value.trim() !== 'alerts')
    throw badRequest(`Unsupported $expand '${value}': incidents expand 'alerts' only.`);
  return true;
}

function render(
  sim: TenantSim,
  incident: Incident,
  expand: boolean,
  includeUnknown: boolean,
): Record<string, unknown> {
  const { alertIds, ...rest } = incident;
  if (!expand) return rest;
  const alerts = alertIds.flatMap((id) => {
    const a = sim.alerts.get(id);
    return a ? [presentAlert(a, includeUnknown, sim.fidelity.unpublishedSources)] : [];
  });
  return { ...rest, alerts };
}

function listIncidents(sim: TenantSim, ctx: RequestContext) {
  const options = readOptions(ctx.query, LIST_OPTIONS);
  const expand = expandsAlerts(options.get('$expand'));
  const filter = options.get('$filter');
  let incidents = sim.alerts.derived('incidents', () => buildIncidents(sim.alerts.all()));
  if (filter !== undefined) {
    try {
      const node = parseFilter(filter, INCIDENT_FILTER_SCHEMA, {
        includeUnknownEnumMembers: ctx.includeUnknownEnums,
      });
      incidents = incidents.filter((i) => evaluateFilter(node, i as unknown as Record<string, unknown>));
    } catch (err) {
      if (err instanceof FilterError) throw badRequest(`Invalid filter clause: ${err.message}`);
      throw err;
    }
  }
  const body = pageOf(incidents, { ctx, options, entitySet: 'security/incidents', pageSize: sim.pageSize });
  body.value = (body.value as Incident[]).map((i) => render(sim, i, expand, ctx.includeUnknownEnums));
  return { status: 200, body };
}

function getIncident(sim: TenantSim, ctx: RequestContext) {
  const options = readOptions(ctx.query, ['$expand']);
  const expand = expandsAlerts(options.get('$expand'));
  const id = ctx.params.id as string;
  const incident = sim.alerts
    .derived('incidents', () => buildIncidents(sim.alerts.all()))
    .find((i) => i.id === id);
  if (!incident) throw notFound(`The incident '${id}' was not found.`);
  const body = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/incidents/$entity`,
    ...render(sim, incident, expand, ctx.includeUnknownEnums),
  };
  return { status: 200, body };
}
