/**
 * Hand-written fakes for the Graph client's unit tests: a scripted `fetch` that records every request, a
 * token credential, a JWT maker and a logger whose lines can be read back.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/log';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { throw: Error }
  | ((req: RecordedRequest, init: RequestInit | undefined) => Promise<Response>);

/** A `fetch` that answers from a script (or `fallback` once it runs out) and records each request. */
export function scriptedFetch(script: Reply[], fallback?: Reply) {
  const requests: RecordedRequest[] = [];
  const queue = [...script];
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = record(input, init);
    requests.push(req);
    const reply = queue.shift() ?? fallback;
    if (!reply) throw new Error(`unexpected request ${req.method} ${req.url}`);
    if (typeof reply === 'function') return reply(req, init);
    if ('throw' in reply) throw reply.throw;
    return jsonResponse(reply.status, reply.body, reply.headers);
  };
  return { fetch: impl as typeof fetch, requests };
}

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined || status === 204) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function record(input: RequestInfo | URL, init?: RequestInit): RecordedRequest {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const headers: Record<string, string> = {};
  new Headers(init?.headers as HeadersInit | undefined).forEach((v, k) => (headers[k] = v));
  let body: unknown = init?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err; // keep a non-JSON body as text
    }
  }
  return { url, method: (init?.method ?? 'GET').toUpperCase(), headers, body };
}

/** An unsigned JWT with `claims` as payload (enough for self-inspection, never accepted by a service). */
export function makeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.sig`;
}

export function staticCredential(token: string): TokenCredential & { calls: number } {
  const cred = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      cred.calls++;
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
  return cred;
}

/** A debug-level logger whose JSON lines are collected in `lines`. */
export function capturingLogger(): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  text: () => string;
} {
  const lines: Array<Record<string, unknown>> = [];
  let raw = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines, text: () => raw };
}
