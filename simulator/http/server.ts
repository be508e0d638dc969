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
import { matchPath, type RequestContext, type Route, type RouteMatch, unknownSegment } from './router';
import type { Throttle } from './throttle';
import type { RequestLog, RequestLogEntry } from '../tenancy/requestLog';
import { opOf } from '../tenancy/requestLog';
import type { TokenClaims } from './jwt';

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
  /** Per-request log: tenant, replica, operation (bounded). */
  requestLog?: RequestLog;
  /** Refuses a verified token whose tenant is unknown or revoked (a 401 as Graph answers it). */
  tenantGate?: (claims: TokenClaims) => SimHttpError | undefined;
}

/** The header the product sends on every Graph request: which replica asked. */
export const REPLICA_HEADER = 'x-dlpbot-replica';
/** Form fields whose values never reach the recorder. */
const SECRET_FIELDS = new Set(['client_secret', 'client_assertion']);

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

/** One request/answer pair: its ids, its recording, and how to answer it. */
class Exchange {
  readonly requestId = randomUUID();
  readonly clientRequestId: string;
  readonly url: URL;
  record: RecordedRequest | undefined;
  log: RequestLogEntry | undefined;
  /** Set once the request is routed: carries the tenant the handler or the token check found. */
  ctx: RequestContext | undefined;
  dropped = false;

  constructor(
    readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly now: () => number,
    private readonly requestLog: RequestLog | undefined,
  ) {
    this.clientRequestId = headerValue(req, 'client-request-id') ?? this.requestId;
    this.url = new URL(req.url ?? '/', 'https://localhost');
  }

  get path(): string {
    return this.url.pathname;
  }

  answer(status: number, body: unknown, headers?: Record<string, string>): void {
    const { requestId, clientRequestId, dropped } = this;
    sendJson(this.res, status, body, { requestId, clientRequestId, headers, drop: dropped });
    const tenantId = this.ctx?.tenantId;
    if (this.record) {
      this.record.status = dropped ? 0 : status;
      if (tenantId !== undefined) this.record.tenantId = tenantId;
    }
    if (this.log) this.requestLog?.settle(this.log, tenantId, dropped ? 0 : status);
  }

  fail(status: number, code: string, message: string, headers?: Record<string, string>): void {
    const date = new Date(this.now()).toISOString();
    this.answer(status, graphErrorBody(code, message, this.requestId, this.clientRequestId, date), headers);
  }
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const x = new Exchange(req, res, deps.now, deps.requestLog);
  const lower = x.path.toLowerCase();
  const isControl = lower.startsWith('/_sim/') && lower !== '/_sim/token';
  try {
    if (lower.startsWith('/_sim/') && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      return x.fail(403, 'Forbidden', 'The simulator control API only answers loopback clients.');
    }
    const body = await readJsonBody(req);
    if (!isControl) x.record = deps.recorder.record(recordOf(x, body, deps.now()));
    const match = findRoute(deps.routes, x, deps.requestLog);
    const fault = isControl
      ? undefined
      : deps.faults.take({ path: x.path, isList: match.route.list === true });
    if (fault) {
      const early = await applyFault(fault, deps.closing);
      if (early)
        return x.fail(early.status, codeForStatus(early.status), defaultMessage(early.status), early.headers);
      x.dropped = fault.kind === 'drop';
    }
    const ctx = contextOf(x, match, body, deps.baseUrl(), fault);
    x.ctx = ctx;
    if (match.route.kind === 'graph') authorize(deps, match.route, ctx, headerValue(req, 'authorization'));
    const result = await match.route.handle(ctx);
    x.answer(result.status, result.body, result.headers);
  } catch (err) {
    if (err instanceof SimHttpError) return x.fail(err.status, err.code, err.message, err.headers);
    console.error('graph simulator: unexpected error', err);
    x.fail(
      500,
      'InternalServerError',
      `An internal server error occurred in the simulator: ${(err as Error).message}`,
    );
  }
}

function recordOf(x: Exchange, body: unknown, at: number): RecordedRequest {
  const query = Object.fromEntries(x.url.searchParams.entries());
  const replica = headerValue(x.req, REPLICA_HEADER);
  return {
    method: x.req.method ?? 'GET',
    path: x.path,
    query,
    headers: recordedHeaders(x.req.headers),
    body: body instanceof URLSearchParams ? recordedForm(body) : body,
    status: 0,
    at,
    ...(replica === undefined ? {} : { replica }),
  };
}

/** A form body as recorded: secrets reduced to their length. */
function recordedForm(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) out[k] = SECRET_FIELDS.has(k) ? `<${v.length} chars>` : v;
  return out;
}

/** The route for this path and method; 404 (unknown path) or 405 (known path, other method) otherwise. */
function findRoute(routes: readonly Route[], x: Exchange, log: RequestLog | undefined): RouteMatch {
  const matches = matchPath(routes, x.path);
  const method = x.req.method ?? 'GET';
  const routed = matches.find((m) => m.route.method === method);
  if (log && x.record) {
    x.log = log.record({
      at: x.record.at,
      tenantId: undefined,
      replica: headerValue(x.req, REPLICA_HEADER),
      op: opOf(method, routed?.route.pattern),
      method,
      path: x.path,
    });
  }
  if (matches.length === 0) {
    throw new SimHttpError(
      404,
      'NotFound',
      `Resource not found for the segment '${unknownSegment(routes, x.path)}'.`,
    );
  }
  const match = matches.find((m) => m.route.method === x.req.method);
  if (match) return match;
  const allow = [...new Set(matches.map((m) => m.route.method))].join(', ');
  throw new SimHttpError(
    405,
    'MethodNotAllowed',
    `The HTTP method '${x.req.method}' is not allowed on this resource. Allowed: ${allow}.`,
    { Allow: allow },
  );
}

function contextOf(
  x: Exchange,
  match: RouteMatch,
  body: unknown,
  baseUrl: string,
  fault: Fault | undefined,
): RequestContext {
  return {
    method: x.req.method ?? 'GET',
    path: x.path,
    params: match.params,
    query: x.url.searchParams,
    headers: x.req.headers,
    body,
    requestId: x.requestId,
    clientRequestId: x.clientRequestId,
    includeUnknownEnums: /include-unknown-enum-members/i.test(headerValue(x.req, 'prefer') ?? ''),
    emptyPage: fault?.kind === 'emptyPageWithNextLink',
    baseUrl,
  };
}

/** Token (401), role (403) and throttling (429), in Graph's order. Throws SimHttpError. */
function authorize(
  deps: PipelineDeps,
  route: Route,
  ctx: RequestContext,
  authorization: string | undefined,
): void {
  const check = deps.tokens.verify(authorization);
  if (check.ok) ctx.tenantId = check.claims.tid;
  if (!check.ok) {
    throw new SimHttpError(401, 'InvalidAuthenticationToken', check.message, {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    });
  }
  ctx.claims = check.claims;
  const refused = deps.tenantGate?.(check.claims);
  if (refused) throw refused;
  if (route.roles && !route.roles.some((r) => check.claims.roles.includes(r))) {
    throw new SimHttpError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  if (route.throttle) {
    // Graph's limits are per app per tenant: one customer's polling never throttles another's.
    const t = deps.throttle.take(`${check.claims.tid}|${check.claims.appid}`, route.throttle);
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
