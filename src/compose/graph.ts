import type { TokenCredential } from '@azure/identity';
import { createGraphCredential, GraphSecurityClient } from '../graph';
import { guardGraph, Permissions } from '../permissions';
import type { Base } from './types';

/** The Graph client (metered), the permission self-check, and the ports guarded by it. */
export function buildGraph(
  { config, clock, logger, metrics }: Base,
  credential: TokenCredential | undefined,
) {
  const graph = new GraphSecurityClient({
    baseUrl: config.graph.baseUrl,
    credential: credential ?? createGraphCredential({ ...config.graph, logger }),
    logger,
    onRequest: metrics.graphRequest,
  });
  const permissions = new Permissions(graph, clock, logger, {
    unused: {
      groupAccess: config.access.analystGroupId ? undefined : 'SOC_ANALYST_GROUP_ID is not set',
      incidents: 'no feature reads incidents yet',
    },
  });
  // Every request the token's roles do not allow is refused here instead of being answered 403 by Graph.
  return { graph, permissions, guarded: guardGraph(graph, permissions) };
}
