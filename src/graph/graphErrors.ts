import { GraphError, errorMessage } from '../errors';
import { permissionForOperation, type GraphOperation } from '../permissions/roles';
import { parseRetryAfter, type RequestTrace } from './transport';

/**
 * Turning whatever the Graph client threw into our `GraphError` with a message that says what to do.
 * `graphCode` is Graph's own error code when Graph answered, or one of ours when it did not:
 * `timeout`, `cancelled`, `network`, `malformedResponse`, `invalidArgument`, or the credential error's name.
 */

/** What the caller knows about the failed request. */
export interface FailureContext {
  operation: GraphOperation;
  /** Our client-request-id. */
  requestId: string;
  trace?: RequestTrace;
}

/** Names of @azure/identity errors: the token could not be obtained, Graph was never asked. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/** The fields of the Graph client's own GraphError that we read. */
interface LibGraphError {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  headers?: Headers;
}

function isLibGraphError(err: unknown): err is LibGraphError {
  return err instanceof Error && typeof (err as Partial<LibGraphError>).statusCode === 'number';
}

export function toGraphError(err: unknown, ctx: FailureContext): GraphError {
  if (err instanceof GraphError) return err;
  if (!isLibGraphError(err)) {
    return new GraphError({
      status: 0,
      message: `Graph ${ctx.operation} failed before an answer: ${errorMessage(err)}`,
      requestId: ctx.requestId,
      cause: err,
    });
  }
  const code = err.code ?? undefined;
  if (err.statusCode <= 0) return noAnswer(err, code, ctx);
  const status = err.statusCode;
  const retryAfterMs = parseRetryAfter(err.headers?.get('retry-after')) ?? ctx.trace?.last?.retryAfterMs;
  const graphRequestId = err.requestId ?? err.headers?.get('request-id') ?? undefined;
  const detail = `${status}${code ? ` ${code}` : ''}${graphRequestId ? `, Graph request-id ${graphRequestId}` : ''}`;
  return new GraphError({
    status,
    graphCode: code,
    requestId: ctx.requestId,
    retryAfterMs,
    message: advice(status, ctx, retryAfterMs, detail, graphMessage(err)),
    cause: err,
  });
}

function noAnswer(err: LibGraphError, code: string | undefined, ctx: FailureContext): GraphError {
  if (code && CREDENTIAL_ERRORS.has(code)) {
    return new GraphError({
      status: 401,
      graphCode: code,
      requestId: ctx.requestId,
      message:
        `Could not get a Graph token for ${ctx.operation} (${code}): ${err.message}. ` +
        'Check AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret, certificate or managed identity.',
      cause: err,
    });
  }
  const kind = ctx.trace?.failure ?? 'network';
  const what =
    kind === 'timeout'
      ? `Graph did not answer ${ctx.operation} in time (${err.message}): transient, try again.`
      : kind === 'cancelled'
        ? `Graph ${ctx.operation} was cancelled before Graph answered.`
        : `Graph could not be reached for ${ctx.operation} (${err.message}). Check the network, proxy and ` +
          'GRAPH_BASE_URL (and NODE_EXTRA_CA_CERTS for a local simulator).';
  return new GraphError({ status: 0, graphCode: kind, requestId: ctx.requestId, message: what, cause: err });
}

function advice(
  status: number,
  ctx: FailureContext,
  retryAfterMs: number | undefined,
  detail: string,
  graphText: string,
): string {
  const op = ctx.operation;
  switch (status) {
    case 403: {
      const anyOf = permissionForOperation(op).anyOf;
      const perm = anyOf.length === 1 ? anyOf[0] : `one of ${anyOf.join(', ')}`;
      return `Graph refused the request (${op}, ${detail}): the app lacks ${perm}. Grant it and give admin consent.`;
    }
    case 401:
      return `Graph rejected our token (${op}, ${detail}): check the app credentials and that the token is for https://graph.microsoft.com.`;
    case 404:
      return `Graph found nothing for ${op} (${detail}).`;
    case 429: {
      const wait =
        retryAfterMs !== undefined ? `retry after ${Math.ceil(retryAfterMs / 1000)} s` : 'back off and retry';
      return `Graph throttled ${op} (${detail}) after ${retries(ctx)} retries: ${wait}.`;
    }
    case 400:
      return `Graph rejected ${op} as invalid (${detail})${graphText ? `: ${graphText}` : ''}.`;
    default:
      if (status >= 500)
        return `Graph is unavailable for ${op} (${detail}) after ${retries(ctx)} retries: transient, try again later.`;
      return `Graph ${op} failed (${detail})${graphText ? `: ${graphText}` : ''}.`;
  }
}

function retries(ctx: FailureContext): number {
  return Math.max(0, (ctx.trace?.attempts.length ?? 1) - 1);
}

/** Graph's own error message, shortened (it can echo a query: never the whole body). */
function graphMessage(err: LibGraphError): string {
  const text = typeof err.message === 'string' ? err.message.trim() : '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A `GraphError` for a request we refuse to send (bad argument); Graph would have answered 400. */
export function invalidArgument(operation: GraphOperation, message: string): GraphError {
  return new GraphError({ status: 400, graphCode: 'invalidArgument', message: `${operation}: ${message}` });
}

/** A `GraphError` for an answer we cannot use (502: the upstream answered nonsense; retrying may help). */
export function malformedResponse(operation: GraphOperation, requestId: string, what: string): GraphError {
  return new GraphError({
    status: 502,
    graphCode: 'malformedResponse',
    requestId,
    message: `Graph answered ${operation} with ${what}: try again; if it persists, check GRAPH_BASE_URL.`,
  });
}
