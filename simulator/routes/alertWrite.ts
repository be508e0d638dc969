import {
  CLASSIFICATIONS,
  DETERMINATIONS,
  PATCHABLE_PROPERTIES,
  type SecurityAlert,
  STATUSES,
} from '../../src/model';
import { isRecord } from '../../src/model';
import { badRequest, type RequestContext, type Route } from '../http';
import { requireAlert } from './alerts';
import { ROLES, type SimContext, type TenantSim } from './context';
import { readOptions } from './odata';
import { presentAlert } from './present';

const COMMENT_TYPES = ['microsoft.graph.security.alertComment', '#microsoft.graph.security.alertComment'];
const settable = (members: readonly string[]): string[] => members.filter((m) => m !== 'unknownFutureValue');

/** `PATCH /security/alerts_v2/{id}` and `POST /security/alerts_v2/{id}/comments`. */
export function alertWriteRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'PATCH',
      pattern: '/v1.0/security/alerts_v2/{id}',
      kind: 'graph',
      roles: ROLES.alertsWrite,
      throttle: 'security',
      handle: (ctx) => patchAlert(sim.tenantOf(ctx), ctx),
    },
    {
      method: 'POST',
      pattern: '/v1.0/security/alerts_v2/{id}/comments',
      kind: 'graph',
      roles: ROLES.alertsWrite,
      throttle: 'security',
      handle: (ctx) => postComment(sim.tenantOf(ctx), ctx),
    },
  ];
}

/** Checks a PATCH body; returns the patch to apply. Throws Graph's 400 naming the problem. */
export function validateAlertPatch(body: unknown): Partial<SecurityAlert> {
  if (!isRecord(body))
    throw badRequest('The request body must be a JSON object with the properties to update.');
  const patch: Partial<SecurityAlert> = {};
  const allowed: readonly string[] = PATCHABLE_PROPERTIES;
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    if (!allowed.includes(key)) {
      throw badRequest(
        `The property '${key}' cannot be updated. Updatable properties of an alert: ${allowed.join(', ')}.`,
      );
    }
    patch[key as keyof SecurityAlert] = checkValue(key, value) as never;
  }
  if (Object.keys(patch).length === 0)
    throw badRequest(`Empty Payload: set at least one of ${allowed.join(', ')}.`);
  return patch;
}

function checkValue(key: string, value: unknown): unknown {
  const members =
    key === 'status'
      ? STATUSES
      : key === 'classification'
        ? CLASSIFICATIONS
        : key === 'determination'
          ? DETERMINATIONS
          : undefined;
  if (members) {
    if (typeof value !== 'string' || !settable(members).includes(value)) {
      throw badRequest(
        `Invalid value ${JSON.stringify(value)} for '${key}': use one of ${settable(members).join(', ')}.`,
      );
    }
    return value;
  }
  if (key === 'assignedTo') {
    if (value !== null && typeof value !== 'string')
      throw badRequest(`'assignedTo' must be a string (a UPN) or null.`);
    return value;
  }
  if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw badRequest(`'customDetails' must be an object whose values are strings.`);
  }
  return value;
}

function patchAlert(sim: TenantSim, ctx: RequestContext) {
  readOptions(ctx.query, []);
  const id = ctx.params.id as string;
  requireAlert(sim, id);
  const updated = sim.alerts.update(id, validateAlertPatch(ctx.body));
  const body = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/alerts_v2/$entity`,
    ...presentAlert(updated, ctx.includeUnknownEnums, sim.fidelity.unpublishedSources),
  };
  return { status: 200, body };
}

/** Checks a comment body: ONE alertComment object with a non-empty `comment`. */
export function validateComment(body: unknown): string {
  if (Array.isArray(body)) throw badRequest('Empty Payload');
  if (!isRecord(body))
    throw badRequest('The request body must be one microsoft.graph.security.alertComment object.');
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (typeof value !== 'string' || !COMMENT_TYPES.includes(value)) {
        throw badRequest(
          `'@odata.type' must be 'microsoft.graph.security.alertComment', got ${JSON.stringify(value)}.`,
        );
      }
    } else if (key !== 'comment') {
      throw badRequest(
        `The property '${key}' does not exist on type 'microsoft.graph.security.alertComment' or cannot be set.`,
      );
    }
  }
  if (typeof body.comment !== 'string' || body.comment.trim() === '') {
    throw badRequest(`The 'comment' property is required and must be a non-empty string.`);
  }
  return body.comment;
}

function postComment(sim: TenantSim, ctx: RequestContext) {
  readOptions(ctx.query, []);
  const id = ctx.params.id as string;
  requireAlert(sim, id);
  const text = validateComment(ctx.body);
  const comments = sim.alerts.addComment(id, text, ctx.claims?.app_displayname ?? 'Unknown app');
  const body = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/alerts_v2('${id}')/comments`,
    value: comments,
  };
  return { status: 200, body };
}
