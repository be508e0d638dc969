import type { TokenCredential } from '@azure/identity';
import { createGraphCredential } from '../graph';
import { guardGraph, Permissions } from '../permissions';
import { buildGraphClient } from './tenant';
import type { Base } from './types';

/**
 * The Graph client of the provider's own tenant (AZURE_TENANT_ID: where Teams, the roster and the
 * analysts' group live), metered, with its permission self-check and the ports guarded by it. Without
 * TENANTS_FILE it is also the one customer tenant's client.
 */
export function buildGraph(base: Base, credential: TokenCredential | undefined) {
  const { config, clock, logger } = base;
  const graph = buildGraphClient(
    base,
    credential ?? createGraphCredential({ ...config.graph, logger }),
    'home',
  );
  const permissions = new Permissions(graph, clock, logger, {
    unused: {
      groupAccess: config.access.analystGroupId ? undefined : 'SOC_ANALYST_GROUP_ID is not set',
      incidents: 'no feature reads incidents yet',
    },
  });
  // Every request the token's roles do not allow is refused here instead of being answered 403 by Graph.
  return { graph, permissions, guarded: guardGraph(graph, permissions) };
}
