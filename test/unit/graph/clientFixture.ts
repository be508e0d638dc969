/** A `GraphSecurityClient` wired to a scripted fetch, a captured log and a metrics spy. */
import { GraphSecurityClient, type GraphSecurityClientOptions } from '../../../src/graph';
import type { GraphRequestEvent } from '../../../src/graph/request';
import { makeAlert, makeDlpAlert } from '../../helpers/builders';
import { capturingLogger, makeJwt, scriptedFetch, staticCredential, type Reply } from './stubs';

export const BASE = 'https://graph.test';
export const ROLES = ['SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All'];
export const TOKEN = makeJwt({ aud: 'https://graph.microsoft.com', roles: ROLES });

export function clientWith(
  script: Reply[],
  options: Partial<GraphSecurityClientOptions> = {},
  fallback?: Reply,
) {
  const stub = scriptedFetch(script, fallback);
  const log = capturingLogger();
  const events: GraphRequestEvent[] = [];
  const credential = staticCredential(TOKEN);
  const client = new GraphSecurityClient({
    baseUrl: BASE,
    credential,
    logger: log.logger,
    fetch: stub.fetch,
    retryDelaySeconds: 0,
    onRequest: (e) => events.push(e),
    ...options,
  });
  return { client, stub, log, events, credential };
}

/** One alerts_v2 page as Graph sends it. */
export function page(
  alerts: unknown[],
  nextLink?: string,
): { status: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    '@odata.context': `${BASE}/v1.0/$metadata#security/alerts_v2`,
    value: alerts,
  };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  return { status: 200, body };
}

export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    headers,
    body: {
      error: { code, message, innerError: { 'request-id': 'graph-req-1', date: '2026-01-05T12:00:00' } },
    },
  };
}

export { makeAlert, makeDlpAlert };
