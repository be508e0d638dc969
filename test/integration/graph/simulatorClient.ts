/** A GraphSecurityClient against a running simulator, with a captured debug log. */
import { DevTokenCredential } from '../../../src/graph/devToken';
import { GraphSecurityClient, type GraphSecurityClientOptions } from '../../../src/graph';
import type { GraphRequestEvent } from '../../../src/graph/request';
import type { Simulator } from '../../../simulator';
import { capturingLogger } from '../../unit/graph/stubs';

export const TLS_DIR = process.env.TEST_TLS_DIR ?? '.tmp/tls';

export function clientFor(
  sim: Simulator,
  o: Partial<GraphSecurityClientOptions> & { roles?: string[] } = {},
) {
  const log = capturingLogger();
  const events: GraphRequestEvent[] = [];
  const { roles, ...options } = o;
  const credential = new DevTokenCredential({ baseUrl: sim.url, ...(roles ? { roles } : {}) });
  const client = new GraphSecurityClient({
    baseUrl: sim.url,
    credential,
    logger: log.logger,
    retryDelaySeconds: 0,
    onRequest: (e) => events.push(e),
    ...options,
  });
  return { client, log, events };
}

/** Recorded Graph requests (not the token endpoint) whose path matches. */
export function graphRequests(sim: Simulator, path: RegExp) {
  return sim.requests().filter((r) => path.test(r.path));
}
