import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import { errorMessage, GraphError } from '../errors';
import type { Logger } from '../log';
import { toGraphError } from './graphErrors';
import type { GraphOperation } from '../permissions/roles';
import { RequestTrace, TransportHandler } from './transport';

/** What the metrics hook hears once per request (after the client's own retries). */
export interface GraphRequestEvent {
  operation: GraphOperation;
  /** Final HTTP status; 0 when Graph never answered. */
  status: number;
  /** Wall time of the request including retries, in ms. */
  durationMs: number;
  /** Our client-request-id. */
  requestId: string;
  /** True when any attempt was answered 429. */
  throttled: boolean;
  /** HTTP attempts made (1 + retries). */
  attempts: number;
}

/** Settings of the request pipeline. */
export interface RequesterOptions {
  /** Graph origin, e.g. `https://graph.microsoft.com`. */
  origin: string;
  /** API version path segment. */
  version: string;
  /** Sent on every request (a request's own headers win). */
  headers?: Record<string, string>;
  hostname: string;
  authProvider: AuthenticationProvider;
  logger: Logger;
  /** Retries of 429/503/504 by the client's RetryHandler (0–10). */
  maxRetries: number;
  /** Base back-off when Graph sends no Retry-After, in seconds. */
  retryDelaySeconds: number;
  /** Per HTTP attempt, in ms. */
  timeoutMs: number;
  /** A Retry-After longer than this (ms) is not waited out in-line: the 429 goes back to the caller. */
  maxInlineRetryAfterMs: number;
  onRequest?: (e: GraphRequestEvent) => void;
  fetch?: typeof fetch;
}

/** One request as the client describes it. */
export interface RequestSpec {
  operation: GraphOperation;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and already-encoded query under the version (`/security/alerts_v2?$filter=…`), or an absolute nextLink. */
  url: string;
  /** The path as logged: ids of users are left out, no query values. */
  logPath: string;
  body?: unknown;
  headers?: Record<string, string>;
  requestId: string;
  signal?: AbortSignal;
  /**
   * False for a request that must not be applied twice (posting a comment): a 504 may mean "applied, but
   * the answer got lost", so only 429 and 503 (refused, nothing applied) are retried. Default true.
   */
  idempotent?: boolean;
  /**
   * `off`: the Graph client's RetryHandler makes no retry for this request (set through its per-request
   * middleware options, which the handler reads before its own defaults). For a request whose failure
   * must go back to the caller at once: a hunting query's 504 came after minutes of work, and its CPU
   * quota 429 (no Retry-After) lasts up to 15 minutes. Default `default` (429/503/504, `maxRetries`).
   */
  retry?: 'default' | 'off';
  /** The least timeout of each HTTP attempt for this request, in ms (the client's `timeoutMs` when longer). */
  minTimeoutMs?: number;
}

/**
 * The Graph JS client with our middleware chain: its AuthenticationHandler (token only to https Graph or
 * `customHosts`), its RetryHandler (429/503/504, honours Retry-After), its RedirectHandler and
 * TelemetryHandler, then our TransportHandler (fetch with a per-attempt timeout, attempt tracing).
 */
export class GraphRequester {
  private readonly client: Client;
  private readonly log: Logger;

  constructor(private readonly o: RequesterOptions) {
    this.log = o.logger;
    this.client = Client.initWithMiddleware({
      middleware: [
        new AuthenticationHandler(o.authProvider),
        new RetryHandler(new RetryHandlerOptions(o.retryDelaySeconds, o.maxRetries)),
        new RedirectHandler(new RedirectHandlerOptions()),
        new TelemetryHandler(),
        new TransportHandler(o.fetch),
      ],
      baseUrl: o.origin,
      defaultVersion: o.version,
      customHosts: new Set([o.hostname]),
    });
  }

  /** Sends one request; resolves with the parsed JSON body, rejects with a `GraphError`. */
  async send<T = unknown>(spec: RequestSpec): Promise<T> {
    const log = this.log.child({ clientRequestId: spec.requestId, operation: spec.operation });
    const trace = new RequestTrace(Math.max(spec.minTimeoutMs ?? 0, this.o.timeoutMs), spec.signal);
    const retry =
      spec.retry === 'off'
        ? new RetryHandlerOptions(0, 0, () => false)
        : new RetryHandlerOptions(this.o.retryDelaySeconds, this.o.maxRetries, (_d, attempt, _r, _o, res) =>
            this.allowRetry(log, trace, attempt, res.status, spec.idempotent !== false),
          );
    const request = this.client
      .api(spec.url)
      .headers({ ...this.o.headers, 'client-request-id': spec.requestId, ...spec.headers })
      .middlewareOptions([retry, trace]);
    const started = performance.now();
    try {
      const pending =
        spec.method === 'GET'
          ? request.get()
          : spec.method === 'POST'
            ? request.post(spec.body)
            : request.patch(spec.body);
      const body = (await untilCancelled(pending, spec.signal, spec.requestId)) as T;
      this.finish(log, spec, trace, trace.last?.status ?? 200, started);
      return body;
    } catch (err) {
      const failure = toGraphError(err, { operation: spec.operation, requestId: spec.requestId, trace });
      this.finish(log, spec, trace, failure.status, started, failure);
      throw failure;
    }
  }

  /**
   * The RetryHandler asks before each retry: not after a cancel, not for a wait longer than allowed, not a
   * 504 of a request that must not be applied twice.
   */
  private allowRetry(
    log: Logger,
    trace: RequestTrace,
    attempt: number,
    status: number,
    idempotent: boolean,
  ): boolean {
    if (trace.signal?.aborted) return false;
    if (!idempotent && status === 504) return false;
    const retryAfterMs = trace.last?.retryAfterMs;
    if (retryAfterMs !== undefined && retryAfterMs > this.o.maxInlineRetryAfterMs) {
      log.warn(
        { status, retryAfterMs },
        'Graph asked for a long wait: handing the throttle back to the caller',
      );
      return false;
    }
    log.warn({ status, attempt: attempt + 1, maxRetries: this.o.maxRetries, retryAfterMs }, 'Graph retry');
    return true;
  }

  private finish(
    log: Logger,
    spec: RequestSpec,
    trace: RequestTrace,
    status: number,
    started: number,
    failure?: GraphError,
  ): void {
    const durationMs = Math.round(performance.now() - started);
    const attempts = Math.max(1, trace.attempts.length);
    const line = { method: spec.method, path: spec.logPath, status, ms: durationMs, attempts };
    if (failure) log.warn({ ...line, reason: failure.reason, graphCode: failure.graphCode }, failure.message);
    else log.info(line, 'Graph request');
    if (!this.o.onRequest) return;
    try {
      const { operation, requestId } = spec;
      this.o.onRequest({ operation, status, durationMs, requestId, throttled: trace.throttled, attempts });
    } catch (err) {
      // A broken metrics hook must not fail a Graph call; say so once per request.
      log.error({ err: errorMessage(err) }, 'the onRequest metrics hook threw');
    }
  }
}

/**
 * Resolves or rejects with `pending`, or rejects as soon as `signal` aborts: the RetryHandler's back-off
 * sleep cannot be interrupted, and a cancelled caller (shutdown) should not wait it out.
 */
function untilCancelled<T>(
  pending: Promise<T>,
  signal: AbortSignal | undefined,
  requestId: string,
): Promise<T> {
  if (!signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled(requestId));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function cancelled(requestId: string): GraphError {
  return new GraphError({
    status: 0,
    graphCode: 'cancelled',
    requestId,
    message: 'The Graph request was cancelled by the caller.',
  });
}
