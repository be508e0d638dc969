import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, RecordedRequest } from '../types';
import { readJsonBody } from './body';
import { codeForStatus, defaultMessage, graphErrorBody, SimHttpError } from './errors';
import type { FaultQueue } from './faults';
import type { TokenIssuer } from './jwt';
import type { Recorder } from './recorder';
import { recordedHeaders } from './recorder';
import { sendJson } from './respond';
import { matchPath, type RequestContext, type Route, unknownSegment } from './router';
import type { Throttle } from './throttle';

/** What the request pipeline needs. */
export interface PipelineDeps {
  routes: readonly Route[];
  tokens: TokenIssuer;
  throttle: Throttle;
  faults: FaultQueue;
  recorder: Recorder;
  now: () => number;
  baseUrl: () => string;
  /** Aborted when the simulator closes (cuts injected latency short). */
  closing: AbortSignal;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * One request, in Graph's order: record, route (404/405), injected fault, token (401), role (403),
 * throttling (429), handler. Every answer carries `request-id` and the client's `client-request-id`.
 */
export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      // Only reachable if writing the error answer itself failed (socket gone): nothing left to tell.
      if (!res.destroyed) res.destroy(err instanceof Error ? err : undefined);
    });
  };
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const clientRequestId = headerValue(req, 'client-request-id') ?? requestId;
  const url = new URL(req.url ?? '/', 'https://localhost');
  const path = url.pathname;
  const isControl = path.toLowerCase().startsWith('/_sim/') && path.toLowerCase() !== '/_sim/token';
  let record: RecordedRequest | undefined;
  let dropped = false;
  const answer = (status: number, body: unknown, headers?: Record<string, string>): void => {
    sendJson(res, status, body, { requestId, clientRequestId, headers, drop: dropped });
    if (record) record.status = dropped ? 0 : status;
  };
  const fail = (status: number, code: string, message: string, headers?: Record<string, string>): void =>
    answer(
      status,
      graphErrorBody(code, message, requestId, clientRequestId, new Date(deps.now()).toISOString()),
      headers,
    );
  try {
    if (path.toLowerCase().startsWith('/_sim/') && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      return fail(403, 'Forbidden', 'The simulator control API only answers loopback clients.');
    }
    const body = await readJsonBody(req);
    if (!isControl) {
      const query = Object.fromEntries(url.searchParams.entries());
      record = deps.recorder.record({ method: req.method ?? 'GET', path, query, headers: recordedHeaders(req.headers), body, status: 0, at: deps.now() }); // prettier-ignore
    }
    const matches = matchPath(deps.routes, path);
    if (matches.length === 0) return fail(404, 'NotFound', `Resource not found for the segment '${unknownSegment(deps.routes, path)}'.`); // prettier-ignore
    const match = matches.find((m) => m.route.method === req.method);
    if (!match) {
      const allow = [...new Set(matches.map((m) => m.route.method))].join(', ');
      return fail(405, 'MethodNotAllowed', `The HTTP method '${req.method}' is not allowed on this resource. Allowed: ${allow}.`, { Allow: allow }); // prettier-ignore
    }
    const { route, params } = match;
    const fault = isControl ? undefined : deps.faults.take({ path, isList: route.list === true });
    if (fault) {
      const early = await applyFault(fault, deps.closing);
      if (early)
        return fail(early.status, codeForStatus(early.status), defaultMessage(early.status), early.headers);
      dropped = fault.kind === 'drop';
    }
    const ctx: RequestContext = {
      method: req.method ?? 'GET',
      path,
      params,
      query: url.searchParams,
      headers: req.headers,
      body,
      requestId,
      clientRequestId,
      includeUnknownEnums: /include-unknown-enum-members/i.test(headerValue(req, 'prefer') ?? ''),
      emptyPage: fault?.kind === 'emptyPageWithNextLink',
      baseUrl: deps.baseUrl(),
    };
    if (route.kind === 'graph') authorize(deps, route, ctx, headerValue(req, 'authorization'));
    const result = await route.handle(ctx);
    answer(result.status, result.body, result.headers);
  } catch (err) {
    if (err instanceof SimHttpError) return fail(err.status, err.code, err.message, err.headers);
    console.error('graph simulator: unexpected error', err);
    fail(
      500,
      'InternalServerError',
      `An internal server error occurred in the simulator: ${(err as Error).message}`,
    );
  }
}

/** Token (401), role (403) and throttling (429), in Graph's order. Throws SimHttpError. */
function authorize(
  deps: PipelineDeps,
  route: Route,
  ctx: RequestContext,
  authorization: string | undefined,
): void {
  const check = deps.tokens.verify(authorization);
  if (!check.ok) {
    throw new SimHttpError(401, 'InvalidAuthenticationToken', check.message, {
      'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"', // prettier-ignore
    });
  }
  ctx.claims = check.claims;
  if (route.roles && !route.roles.some((r) => check.claims.roles.includes(r))) {
    throw new SimHttpError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  if (route.throttle) {
    const t = deps.throttle.take(check.claims.appid, route.throttle);
    if (!t.allowed) {
      throw new SimHttpError(429, 'TooManyRequests', defaultMessage(429), {
        'Retry-After': String(t.retryAfterSeconds),
      });
    }
  }
}

/** Latency waits; a status fault answers at once (returned); drop and empty page act later. */
async function applyFault(
  fault: Fault,
  closing: AbortSignal,
): Promise<{ status: number; headers: Record<string, string> } | undefined> {
  // prettier-ignore
  if (fault.kind === 'latency') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, fault.ms);
      closing.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    return undefined;
  }
  if (fault.kind !== 'status') return undefined;
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  return { status: fault.status, headers };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
