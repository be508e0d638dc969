import type { SecurityAlert } from '../../src/model';
import { ALERT_FILTER_SCHEMA, evaluateFilter, FilterError, parseFilter } from '../filter';
import { badRequest, notFound, type RequestContext, type Route } from '../http';
import { ROLES, type SimContext, type TenantSim } from './context';
import {
  checkPaging,
  ordered,
  readOrderBy,
  sortByUpdate,
  timeRange,
  visible,
  type AlertOrder,
} from './listing';
import { nonNegativeInt, pageOf, readOptions } from './odata';
import { presentAlert } from './present';

const LIST_OPTIONS = ['$filter', '$top', '$skip', '$count', '$skiptoken', '$orderby'];

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
      handle: (ctx) => listAlerts(sim.tenantOf(ctx), ctx),
    },
    {
      method: 'GET',
      pattern: '/v1.0/security/alerts_v2/{id}',
      kind: 'graph',
      roles: ROLES.alertsRead,
      throttle: 'security',
      handle: (ctx) => getAlert(sim.tenantOf(ctx), ctx),
    },
  ];
}

/** The alerts a `$filter` selects, most recent first (cached until the store changes). */
export function filteredAlerts(
  sim: TenantSim,
  filter: string | undefined,
  includeUnknownEnums: boolean,
): SecurityAlert[] {
  if (filter === undefined) return sim.alerts.all();
  const bound = parseAlertFilter(filter, includeUnknownEnums);
  return sim.alerts.derived(`alerts|${includeUnknownEnums}|${filter}`, () =>
    sim.alerts.all().filter((a) => evaluateFilter(bound, a as unknown as Record<string, unknown>)),
  );
}

function parseAlertFilter(filter: string, includeUnknownEnums: boolean) {
  try {
    return parseFilter(filter, ALERT_FILTER_SCHEMA, { includeUnknownEnumMembers: includeUnknownEnums });
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(`Invalid filter clause: ${err.message}`);
    throw err;
  }
}

/**
 * A page of alerts. `$top` is the page size as Graph treats it (at most 1000, 400 above); without it the
 * server's page size applies. `$orderby=lastUpdateDateTime asc|desc` is accepted as the service does
 * (elastic/integrations#20348 relies on it). The configured quirks apply (see `ListingQuirks`).
 */
function listAlerts(sim: TenantSim, ctx: RequestContext) {
  const options = readOptions(ctx.query, LIST_OPTIONS);
  // A fresh listing (not a continuation) is when evidence held back from already listed alerts arrives.
  if (!options.get('$skiptoken') && !Number(options.get('$skip') ?? 0)) sim.lateEvidence.release(sim.alerts);
  const order = readOrderBy(options.get('$orderby'));
  const top = nonNegativeInt('$top', options.get('$top'));
  checkPaging(top, nonNegativeInt('$skip', options.get('$skip')) ?? 0, sim.listing);
  const items = orderedAlerts(sim, options.get('$filter'), order, ctx.includeUnknownEnums);
  const pageSize = top ?? sim.pageSize;
  const body = pageOf(visible(items, sim.listing), {
    ctx,
    options,
    entitySet: 'security/alerts_v2',
    pageSize,
  });
  if (body['@odata.count'] !== undefined) body['@odata.count'] = items.length;
  stall(sim, body);
  const served = body.value as SecurityAlert[];
  sim.lateEvidence.noteListed(served.map((a) => a.id));
  body.value = served.map((a) => presentAlert(a, ctx.includeUnknownEnums, sim.fidelity.unpublishedSources));
  changeWhilePaging(sim, served);
  return { status: 200, body };
}

/** The alerts a filter selects in the requested order; time-paging filters take the binary-search path. */
function orderedAlerts(
  sim: TenantSim,
  filter: string | undefined,
  order: AlertOrder,
  includeUnknownEnums: boolean,
): readonly SecurityAlert[] {
  if (order === 'default') return filteredAlerts(sim, filter, includeUnknownEnums);
  // Not cached per filter: each time-paging request has a new boundary, and the binary search is cheap.
  const node = filter === undefined ? undefined : parseAlertFilter(filter, includeUnknownEnums);
  const asc = sim.alerts.derived('byUpdateAsc', () => sortByUpdate(sim.alerts.all()));
  const matches = (a: SecurityAlert) =>
    node === undefined || evaluateFilter(node, a as unknown as Record<string, unknown>);
  const range = timeRange(asc, filter, matches) ?? [...ordered(asc.filter(matches), 'asc')];
  return order === 'asc' ? range : range.reverse();
}

/** The `stallEvery` quirk: the page that crosses a multiple of N served alerts is cut there, without a nextLink. */
function stall(sim: TenantSim, body: Record<string, unknown>): void {
  const value = body.value as SecurityAlert[];
  const every = sim.listing.stallEvery;
  const before = sim.served.alerts;
  if (
    every !== undefined &&
    every > 0 &&
    Math.floor((before + value.length) / every) > Math.floor(before / every)
  ) {
    body.value = value.slice(0, every * (Math.floor(before / every) + 1) - before);
    delete body['@odata.nextLink'];
    sim.served.stalls += 1;
  }
  sim.served.alerts += (body.value as SecurityAlert[]).length;
}

/** The `changeWhilePagingEvery` quirk: an alert the client has just read changes before its next page. */
function changeWhilePaging(sim: TenantSim, served: SecurityAlert[]): void {
  sim.listCount += 1;
  const every = sim.listing.changeWhilePagingEvery;
  const first = served[0];
  if (every === undefined || sim.listCount % every !== 0 || !first) return;
  if (sim.alerts.get(first.id)) sim.alerts.update(first.id, {});
}

export function requireAlert(sim: TenantSim, id: string): SecurityAlert {
  const alert = sim.alerts.get(id);
  if (!alert) throw notFound(`The alert '${id}' was not found.`);
  return alert;
}

function getAlert(sim: TenantSim, ctx: RequestContext) {
  readOptions(ctx.query, []);
  const alert = requireAlert(sim, ctx.params.id as string);
  const body = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/alerts_v2/$entity`,
    ...presentAlert(alert, ctx.includeUnknownEnums, sim.fidelity.unpublishedSources),
  };
  return { status: 200, body };
}
