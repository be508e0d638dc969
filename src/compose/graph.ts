import type { TokenCredential } from '@azure/identity';
import { createGraphCredential, createTenantCredential } from '../graph';
import { guardGraph, Permissions } from '../permissions';
import { buildGraphClient } from './tenant';
import type { Base } from './types';

/**
 * The Graph client of the provider's own tenant (where Teams, the roster and the analysts' group live),
 * metered, with its permission self-check and the ports guarded by it. Without TENANTS_FILE it is also
 * the one customer tenant's client. With TENANTS_FILE the home tenant is AZURE_TENANT_ID, else the
 * file's first tenant (a provider that watches its own tenant lists it first).
 */
export function buildGraph(base: Base, credential: TokenCredential | undefined) {
  const { config, clock, logger } = base;
  const graph = buildGraphClient(base, credential ?? homeCredential(base), 'home');
  const permissions = new Permissions(graph, clock, logger, {
    unused: {
      groupAccess: config.access.analystGroupId ? undefined : 'SOC_ANALYST_GROUP_ID is not set',
      incidents: 'no feature reads incidents yet',
    },
  });
  // Every request the token's roles do not allow is refused here instead of being answered 403 by Graph.
  return { graph, permissions, guarded: guardGraph(graph, permissions) };
}

function homeCredential({ config, logger }: Base): TokenCredential {
  if (!config.tenantsFile) return createGraphCredential({ ...config.graph, logger });
  const tenantId = config.graph.tenantId ?? config.tenants[0]!.tenantId;
  return createTenantCredential({ ...config.graph, tenantId, logger });
}
