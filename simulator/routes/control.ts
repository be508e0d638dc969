import { z } from 'zod';
import type { SecurityAlert } from '../../src/model';
import { isRecord } from '../../src/model';
import { badRequest, notFound, type RequestContext, type Route } from '../http';
import type { Fault } from '../types';
import type { TeamsMessageInput } from '../state/teamsMessages';
import { tokenRoutes } from '../tenancy/entra';
import type { SimContext, TenantSim } from './context';
import { tenantControlRoutes } from './tenantControl';

const rolesBody = z.object({ roles: z.array(z.string().min(1)) }).strict();

export function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw badRequest(
      `Invalid ${what}: ${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** Wraps a state error (unknown alert, bad row, bad fault) as a 400/404 with its message. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const message = (err as Error).message;
    throw /^No alert with id/.test(message) ? notFound(message) : badRequest(message);
  }
}

const control = (method: Route['method'], pattern: string, handle: Route['handle']): Route => ({
  method,
  pattern,
  kind: 'control',
  handle,
});

/**
 * The tenant a control call acts on: `?tenant=<id, name or domain>`, else the first tenant. An unknown
 * tenant is a 404 naming the known ones.
 */
export function tenantParam(sim: SimContext, ctx: RequestContext): TenantSim {
  const ref = ctx.query.get('tenant');
  if (ref === null) return sim.tenants.default;
  try {
    return sim.tenants.get(ref);
  } catch (err) {
    throw notFound((err as Error).message);
  }
}

/** The loopback-only test API under `/_sim`, and the token endpoints. */
export function controlRoutes(sim: SimContext): Route[] {
  const t = (ctx: RequestContext) => tenantParam(sim, ctx);
  return [
    ...tokenRoutes(sim),
    ...tenantControlRoutes(sim),
    control(
      'POST',
      '/_sim/faults',
      (ctx) => (
        guard(() => sim.faults.inject(ctx.body as Fault)),
        { status: 201, body: { fault: ctx.body } }
      ),
    ),
    control('DELETE', '/_sim/faults', () => (sim.faults.clear(), { status: 204 })),
    control('GET', '/_sim/requests', () => ({ status: 200, body: { value: sim.recorder.all() } })),
    control('DELETE', '/_sim/requests', () => (sim.recorder.clear(), { status: 204 })),
    control('POST', '/_sim/alerts', (ctx) => addAlert(t(ctx), ctx)),
    control('PATCH', '/_sim/alerts/{id}', (ctx) => ({
      status: 200,
      body: guard(() => t(ctx).alerts.update(ctx.params.id as string, ctx.body as Partial<SecurityAlert>)),
    })),
    control('DELETE', '/_sim/alerts/{id}', (ctx) =>
      t(ctx).alerts.remove(ctx.params.id as string) ? { status: 204 } : notFoundResult(ctx),
    ),
    control('POST', '/_sim/teams/messages', (ctx) => ({
      status: 201,
      body: { id: guard(() => t(ctx).teamsMessages.record(ctx.body as TeamsMessageInput).id) },
    })),
    control('DELETE', '/_sim/teams/messages', (ctx) => (t(ctx).teamsMessages.clear(), { status: 204 })),
    control('POST', '/_sim/tick', (ctx) => ({ status: 200, body: t(ctx).tick() })),
    control('GET', '/_sim/comments/{id}', (ctx) => ({
      status: 200,
      body: { value: guard(() => comments(t(ctx), ctx.params.id as string)) },
    })),
    control('GET', '/_sim/detected-values', (ctx) => ({
      status: 200,
      body: { value: t(ctx).hunting.detectedValues() },
    })),
    control(
      'POST',
      '/_sim/roles',
      (ctx) => (sim.setRoles(parse(rolesBody, ctx.body, 'roles').roles), { status: 204 }),
    ),
    control(
      'POST',
      '/_sim/hunting/{table}',
      (ctx) => (
        guard(() => t(ctx).hunting.add(ctx.params.table as string, ctx.body as Record<string, unknown>)),
        { status: 201 }
      ),
    ),
    control('GET', '/_sim/truth', (ctx) => ({ status: 200, body: t(ctx).truth })),
    control('GET', '/_sim/directory', (ctx) => ({ status: 200, body: t(ctx).directory })),
  ];
}

function notFoundResult(ctx: RequestContext): never {
  throw notFound(`No alert with id '${ctx.params.id}'.`);
}

function comments(sim: TenantSim, id: string) {
  const alert = sim.alerts.get(id);
  if (!alert) throw new Error(`No alert with id '${id}'.`);
  return alert.comments;
}

function addAlert(sim: TenantSim, ctx: RequestContext) {
  if (!isRecord(ctx.body)) throw badRequest('POST /_sim/alerts takes one alert object.');
  const alert = ctx.body as unknown as SecurityAlert;
  guard(() => sim.alerts.add(alert));
  return { status: 200, body: sim.alerts.get(alert.id) };
}
