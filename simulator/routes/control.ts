import { z } from 'zod';
import type { SecurityAlert } from '../../src/model';
import { isRecord } from '../../src/model';
import { badRequest, notFound, type RequestContext, type Route } from '../http';
import type { Fault } from '../types';
import type { TeamsMessageInput } from '../state/teamsMessages';
import type { SimContext } from './context';

const rolesBody = z.object({ roles: z.array(z.string().min(1)) }).strict();
const tokenBody = z
  .object({
    roles: z.array(z.string().min(1)).optional(),
    ttlSeconds: z.number().int().positive().max(86_400).optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
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

/** The loopback-only test API under `/_sim`, and the development token endpoint. */
export function controlRoutes(sim: SimContext): Route[] {
  return [
    { method: 'POST', pattern: '/_sim/token', kind: 'token', handle: (ctx) => issueToken(sim, ctx) },
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
    control('POST', '/_sim/alerts', (ctx) => addAlert(sim, ctx)),
    control('PATCH', '/_sim/alerts/{id}', (ctx) => ({
      status: 200,
      body: guard(() => sim.alerts.update(ctx.params.id as string, ctx.body as Partial<SecurityAlert>)),
    })),
    control('DELETE', '/_sim/alerts/{id}', (ctx) =>
      sim.alerts.remove(ctx.params.id as string) ? { status: 204 } : notFoundResult(ctx),
    ),
    control('POST', '/_sim/teams/messages', (ctx) => ({
      status: 201,
      body: { id: guard(() => sim.teamsMessages.record(ctx.body as TeamsMessageInput).id) },
    })),
    control('DELETE', '/_sim/teams/messages', () => (sim.teamsMessages.clear(), { status: 204 })),
    control('POST', '/_sim/tick', () => ({ status: 200, body: sim.tick() })),
    control('GET', '/_sim/comments/{id}', (ctx) => ({
      status: 200,
      body: { value: guard(() => comments(sim, ctx.params.id as string)) },
    })),
    control('GET', '/_sim/detected-values', () => ({
      status: 200,
      body: { value: sim.hunting.detectedValues() },
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
        guard(() => sim.hunting.add(ctx.params.table as string, ctx.body as Record<string, unknown>)),
        { status: 201 }
      ),
    ),
    control('GET', '/_sim/truth', () => ({ status: 200, body: sim.truth })),
    control('GET', '/_sim/directory', () => ({ status: 200, body: sim.directory })),
  ];
}

function notFoundResult(ctx: RequestContext): never {
  throw notFound(`No alert with id '${ctx.params.id}'.`);
}

function comments(sim: SimContext, id: string) {
  const alert = sim.alerts.get(id);
  if (!alert) throw new Error(`No alert with id '${id}'.`);
  return alert.comments;
}

function addAlert(sim: SimContext, ctx: RequestContext) {
  if (!isRecord(ctx.body)) throw badRequest('POST /_sim/alerts takes one alert object.');
  const alert = ctx.body as unknown as SecurityAlert;
  guard(() => sim.alerts.add(alert));
  return { status: 200, body: sim.alerts.get(alert.id) };
}

function issueToken(sim: SimContext, ctx: RequestContext) {
  const body = parse(tokenBody, ctx.body, 'token request (send {} or {"roles": [...], "ttlSeconds": n})');
  const ttl = body.ttlSeconds ?? sim.tokenTtlSeconds;
  const token = sim.tokens.issue(body.roles ?? sim.roles(), ttl);
  return {
    status: 200,
    body: { token_type: 'Bearer', access_token: token, expires_in: ttl, ext_expires_in: ttl },
  };
}
