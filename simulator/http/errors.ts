/** A request the simulator refuses the way Graph would: status, Graph error code and message. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SimHttpError';
  }
}

export const badRequest = (message: string): SimHttpError => new SimHttpError(400, 'BadRequest', message);
export const notFound = (message: string): SimHttpError => new SimHttpError(404, 'NotFound', message);

/** Graph's error code for a status the simulator is told to fake. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'InvalidAuthenticationToken';
    case 403:
      return 'Authorization_RequestDenied';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return status >= 500 ? 'InternalServerError' : 'UnknownError';
  }
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'Access token validation failure. Invalid audience.',
  403: 'Insufficient privileges to complete the operation.',
  404: 'Resource not found.',
  429: 'Too many requests. Retry after the time in the Retry-After header.',
  500: 'An internal server error occurred.',
  503: 'The service is temporarily unavailable. Retry later.',
  504: 'The gateway timed out waiting for the service.',
};

export function defaultMessage(status: number): string {
  return DEFAULT_MESSAGES[status] ?? `Simulated ${status} response.`;
}

/** Graph's error body. */
export function graphErrorBody(
  code: string,
  message: string,
  requestId: string,
  clientRequestId: string,
  date: string,
): unknown {
  return {
    error: {
      code,
      message,
      innerError: { date, 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}
