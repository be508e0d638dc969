import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { errorMessage } from '../errors';

/** Why an attempt got no HTTP answer. */
export type TransportFailure = 'timeout' | 'cancelled' | 'network';

/** One HTTP attempt of a request (the client's RetryHandler may make several). */
export interface Attempt {
  /** HTTP status; 0 when there was no answer. */
  status: number;
  durationMs: number;
  /** `Retry-After` of the answer, in ms, when it had one. */
  retryAfterMs?: number;
}

/**
 * Per-request state shared by our middleware and the caller: the deadline and cancel signal going in,
 * every attempt coming out. Passed through the Graph client as a middleware option (keyed by class).
 */
export class RequestTrace implements MiddlewareOptions {
  readonly attempts: Attempt[] = [];
  failure: TransportFailure | undefined;

  constructor(
    /** Timeout of each HTTP attempt, in ms. */
    readonly timeoutMs: number,
    /** The caller's cancel signal. */
    readonly signal: AbortSignal | undefined,
  ) {}

  get last(): Attempt | undefined {
    return this.attempts[this.attempts.length - 1];
  }

  /** True when any attempt was answered 429. */
  get throttled(): boolean {
    return this.attempts.some((a) => a.status === 429);
  }
}

/** An attempt that got no HTTP answer; the Graph client wraps it, `RequestTrace.failure` keeps the kind. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * The last middleware of the chain (in place of the client's HTTPMessageHandler): sends one attempt with
 * `fetch` under a per-attempt timeout (body included), records it in the `RequestTrace`, and keeps the real cause of a
 * network failure (certificate, refused, reset) that the Graph client would otherwise reduce to
 * "fetch failed". A GET whose connection failed is sent once more at once: a reused keep-alive socket
 * that the server already closed is the usual cause, and a GET is safe to repeat.
 */
export class TransportHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async execute(context: Context): Promise<void> {
    const found: unknown = context.middlewareControl?.getMiddlewareOptions(RequestTrace);
    const trace = found instanceof RequestTrace ? found : new RequestTrace(30_000, undefined);
    const method = (context.options?.method ?? 'GET').toUpperCase();
    try {
      context.response = await this.attempt(context, trace);
    } catch (err) {
      if (!(err instanceof TransportError) || err.kind !== 'network' || method !== 'GET') throw err;
      context.response = await this.attempt(context, trace);
    }
  }

  private async attempt(context: Context, trace: RequestTrace): Promise<Response> {
    const timeout = AbortSignal.timeout(trace.timeoutMs);
    const signal = trace.signal ? AbortSignal.any([trace.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      const response = await buffered(await this.fetchImpl(context.request, { ...context.options, signal }));
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      trace.attempts.push({ status: response.status, durationMs: performance.now() - started, retryAfterMs });
      return response;
    } catch (err) {
      const durationMs = performance.now() - started;
      trace.attempts.push({ status: 0, durationMs });
      trace.failure = trace.signal?.aborted ? 'cancelled' : timeout.aborted ? 'timeout' : 'network';
      if (trace.failure === 'timeout')
        throw new TransportError('timeout', `no answer within ${trace.timeoutMs} ms`);
      if (trace.failure === 'cancelled') throw new TransportError('cancelled', 'cancelled by the caller');
      throw new TransportError('network', describeNetworkError(err));
    }
  }
}

/**
 * The response with its body already read. A connection that drops mid-body then fails here, inside the
 * attempt (a network failure, under the timeout), instead of later in the Graph client's JSON parsing,
 * where it would pass for a 200 with a broken body.
 */
async function buffered(response: Response): Promise<Response> {
  const body = await response.arrayBuffer();
  const empty = response.status === 204 || response.status === 304 || body.byteLength === 0;
  return new Response(empty ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** `Retry-After` in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** "fetch failed" plus the cause Node's fetch hides in `cause` (code and message). */
function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${errorMessage(err)}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
  }
  return errorMessage(err);
}
