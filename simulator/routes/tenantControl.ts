import { z } from 'zod';
import { badRequest, notFound, type RequestContext, type Route, type RouteResult } from '../http';
import type { RequestLogFilter, RequestOp } from '../tenancy/requestLog';
import type { SimContext, TenantSim } from './context';

const OPS: readonly RequestOp[] = [
  'list',
  'get',
  'patch',
  'comment',
  'incidents',
  'hunting',
  'users',
  'memberGroups',
  'teamsMessages',
  'token',
  'other',
];
const tenantRolesBody = z.object({ roles: z.array(z.string().min(1)).nullable() }).strict();

const control = (method: Route['method'], pattern: string, handle: Route['handle']): Route => ({
  method,
  pattern,
  kind: 'control',
  handle,
});

/** What `GET /_sim/tenants` shows of a tenant. */
export function tenantInfo(t: TenantSim) {
  return {
    tenantId: t.tenantId,
    name: t.name,
    domains: [...t.domains],
    revoked: t.revoked,
    roles: t.roles ? [...t.roles] : null,
    alerts: t.alerts.all().length,
  };
}

/** `/_sim/tenants…` (list, revoke, restore, roles) and `/_sim/request-log…` (entries, counts, clear). */
export function tenantControlRoutes(sim: SimContext): Route[] {
  const named = (ctx: RequestContext): TenantSim => {
    const ref = ctx.params.tenant as string;
    try {
      return sim.tenants.get(ref);
    } catch (err) {
      throw notFound((err as Error).message);
    }
  };
  return [
    control('GET', '/_sim/tenants', () => ({
      status: 200,
      body: { value: sim.tenants.list().map(tenantInfo) },
    })),
    control('POST', '/_sim/tenants/{tenant}/revoke', (ctx) => ((named(ctx).revoked = true), { status: 204 })),
    control(
      'POST',
      '/_sim/tenants/{tenant}/restore',
      (ctx) => ((named(ctx).revoked = false), { status: 204 }),
    ),
    control('POST', '/_sim/tenants/{tenant}/roles', (ctx) => setTenantRoles(named(ctx), ctx.body)),
    control('GET', '/_sim/request-log', (ctx) => ({
      status: 200,
      body: { value: sim.requestLog.entries(logFilter(sim, ctx)) },
    })),
    control('GET', '/_sim/request-log/counts', (ctx) => counts(sim, ctx)),
    control('DELETE', '/_sim/request-log', () => (sim.requestLog.clear(), { status: 204 })),
  ];
}

function setTenantRoles(t: TenantSim, body: unknown): RouteResult {
  const r = tenantRolesBody.safeParse(body ?? {});
  if (!r.success)
    throw badRequest(
      'Send {"roles": [...]} (the roles granted in this tenant) or {"roles": null} (the simulator-wide grant).',
    );
  t.roles = r.data.roles ?? undefined;
  return { status: 204 };
}

function logFilter(sim: SimContext, ctx: RequestContext): RequestLogFilter {
  const f: RequestLogFilter = {};
  const tenant = ctx.query.get('tenant');
  const replica = ctx.query.get('replica');
  const op = ctx.query.get('op');
  const since = ctx.query.get('since');
  // A name or a domain is read as the tenant's id; any other value is matched as given.
  if (tenant !== null) f.tenantId = sim.tenants.find(tenant)?.tenantId ?? tenant;
  if (replica !== null) f.replica = replica;
  if (op !== null) {
    if (!OPS.includes(op as RequestOp)) throw badRequest(`op must be one of ${OPS.join(', ')}; got '${op}'.`);
    f.op = op as RequestOp;
  }
  if (since !== null) {
    if (!/^\d+$/.test(since)) throw badRequest(`since must be epoch milliseconds; got '${since}'.`);
    f.since = Number(since);
  }
  return f;
}

function counts(sim: SimContext, ctx: RequestContext): RouteResult {
  const interval = ctx.query.get('intervalMs');
  if (interval !== null && !/^[1-9]\d*$/.test(interval))
    throw badRequest(`intervalMs must be a positive integer; got '${interval}'.`);
  return {
    status: 200,
    body: {
      value: sim.requestLog.counts(),
      ...(interval === null ? {} : { doublePolls: sim.requestLog.doublePolls(Number(interval)) }),
    },
  };
}
