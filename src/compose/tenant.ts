import type { TokenCredential } from '@azure/identity';
import { AlertReadModel, DlpPolicyClassifier } from '../alerts';
import { AnalystService } from '../analyst';
import { dlpPolicyNames } from '../analyst/policies';
import { sensitiveInfoTarget } from '../analyst/targets';
import { createTenantCredential, fetchSensitiveInfo, GraphSecurityClient } from '../graph';
import { Backfill, Notifier } from '../notify';
import { guardGraph, Permissions, type GuardedGraph } from '../permissions';
import { alertSelector, Poller } from '../poller';
import { FenceLostError } from '../errors';
import { fencedStore } from '../store/fence';
import type { Fence } from '../store/tenantLeases';
import { tenantStore } from '../store/tenantStore';
import type { Store } from '../store/types';
import { routeAlert, routeRulesOf, tenantSubscriptions } from '../subscriptions';
import type { TenantSpec } from '../tenants/types';
import type { TeamsParts } from './teams';
import type { Base } from './types';

/** One customer tenant's side of the service: its Graph client, state, poller, notifier and actions. */
export interface TenantParts {
  spec: TenantSpec;
  /** The tenant's view of the store (`<kind>/<tenant>/…`). */
  store: Store;
  graph: GraphSecurityClient;
  permissions: Permissions;
  guarded: GuardedGraph;
  alerts: AlertReadModel;
  notifier: Notifier;
  /** Polls only while this replica holds the tenant (`fence` set); its writes go through the fence. */
  poller: Poller;
  fence: FenceSlot;
  analyst: AnalystService;
  backfill: Backfill | undefined;
}

/** The Graph client of one tenant (or of the provider's home tenant), metered and sending the replica id. */
export function buildGraphClient(
  base: Base,
  credential: TokenCredential,
  tenant: string,
): GraphSecurityClient {
  const { config, logger, metrics } = base;
  return new GraphSecurityClient({
    baseUrl: config.graph.baseUrl,
    credential,
    logger: logger.child({ tenant }),
    onRequest: metrics.graphRequest,
    headers: { 'x-dlpbot-replica': config.replicaId },
  });
}

/** True with TENANTS_FILE: the bot serves customer tenants, and names the tenant everywhere. */
export function multiTenant(config: Base['config']): boolean {
  return Boolean(config.tenantsFile);
}

/**
 * The credential of one customer tenant: the multi-tenant app (secret, certificate, or the federated
 * credential fed by MANAGED_IDENTITY_CLIENT_ID) with that tenant as `tenantId`; against the simulator,
 * that tenant's development token.
 */
export function tenantCredential(base: Base, spec: TenantSpec): TokenCredential {
  return createTenantCredential({ ...base.config.graph, tenantId: spec.tenantId, logger: base.logger });
}

/** Builds one tenant's parts. `credential` replaces the configured one (tests). */
export function buildTenant(
  base: Base,
  teams: TeamsParts,
  spec: TenantSpec,
  o: { credential?: TokenCredential; graph?: { graph: GraphSecurityClient; permissions: Permissions } } = {},
): TenantParts {
  const { config, clock, logger: root, metrics, storage } = base;
  const logger = root.child({ tenant: spec.name });
  const store = tenantStore(storage.store, spec.name);
  const graph =
    o.graph?.graph ?? buildGraphClient(base, o.credential ?? tenantCredential(base, spec), spec.name);
  const permissions =
    o.graph?.permissions ??
    new Permissions(graph, clock, logger, {
      unused: {
        groupAccess: 'checked in the provider\u2019s own tenant',
        incidents: 'no feature reads incidents yet',
      },
    });
  const guarded = guardGraph(graph, permissions);
  const alerts: AlertReadModel = new AlertReadModel({
    store,
    features: () => permissions.cardFeatures(),
    dlpRouting: (dlps, o) => policies.classify(dlps, o),
    workloadRulesInUse: () => teams.workloadRules.inUse(),
    tenant: {
      name: spec.name,
      displayName: spec.displayName ?? spec.name,
      tenantId: spec.tenantId,
      shown: multiTenant(config),
    },
  });
  // SENSITIVE_DLP_POLICIES and workloads= rules: each DLP alert's policy names and workload from advanced
  // hunting (one query, within the tenant's quota), cached in the tenant's store.
  const policies = new DlpPolicyClassifier({
    store,
    clock,
    logger,
    sensitivePolicies: spec.sensitiveDlpPolicies ?? config.notify.sensitiveDlpPolicies,
    lookup: dlpPolicyNames(guarded.hunting, { tracked: (id) => alerts.tracked(id) }, logger),
  });
  const routing = { insiderRiskCards: config.notify.insiderRiskCards };
  const notifier = new Notifier(
    {
      store,
      subscriptions: tenantSubscriptions(teams.subscriptions, spec.name),
      transport: teams.transport,
      deliverer: teams.deliverer,
      cards: alerts,
      digests: teams.digests,
      snoozes: teams.snoozes,
      routing,
      clock,
      logger: logger.child({ component: 'notifier' }),
      onEvent: metrics.notifyEvent,
      finder: teams.finder,
    },
    {
      onHandoff: metrics.correlations,
      // With a blob store the leader's outbox doorbell wakes a tenant's notifier: no listing per tenant.
      ...(storage.store.kind === 'azure-blob' ? { idleMs: 30_000 } : {}),
    },
  );
  const fence = new FenceSlot(spec.name);
  const poller = new Poller(
    {
      source: guarded.source,
      store: fencedStore(store, fence),
      sink: notifier,
      clock,
      logger: logger.child({ component: 'poller' }),
      onCycle: metrics.pollCycle,
      select: alertSelector({
        defenderSources: spec.defenderSources ?? config.defenderSources,
        logger,
        onUnclassified: metrics.unclassifiedAlert,
      }),
    },
    {
      ...config.poller,
      ...(spec.windowMinutes !== undefined ? { windowMs: spec.windowMinutes * 60_000 } : {}),
      backlogAgeMs: config.notify.backlogDigestAgeMs,
    },
  );
  const analyst = new AnalystService({
    graph: guarded.writer,
    sensitiveInfo: (dlp) => fetchSensitiveInfo(guarded.hunting, sensitiveInfoTarget(dlp), { logger }),
    alerts,
    store,
    refreshCards: (id) => notifier.enqueue(id, 'action'),
    clock,
    logger,
  });
  const backfill = config.notify.subscribeBackfillHours
    ? new Backfill(
        {
          store,
          clock,
          logger,
          alerts,
          routed: async (sub, id) => {
            const alert = await alerts.tracked(id);
            return (
              alert !== undefined && routeAlert(routeRulesOf(sub), await alerts.routable(alert), routing).show
            );
          },
        },
        {
          lookbackMs: config.notify.subscribeBackfillHours * 3_600_000,
          cardsPerMinute: config.notify.maxNewCardsPerMinute,
        },
      )
    : undefined;
  return { spec, store, graph, permissions, guarded, alerts, notifier, poller, fence, analyst, backfill };
}

/**
 * The lease this replica holds on a tenant, if any. The tenant's poller writes through it: without a
 * lease, or once the lease is lost, every write is refused (`FenceLostError`), so a replica paused past
 * its lease changes nothing when it wakes up.
 */
export class FenceSlot implements Fence {
  private current: Fence | undefined;
  private idle = new AbortController();

  constructor(private readonly tenant: string) {
    this.idle.abort();
  }

  get signal(): AbortSignal {
    return this.current?.signal ?? this.idle.signal;
  }

  set(fence: Fence | undefined): void {
    this.current = fence;
  }

  /** The lease held now, if it still holds (as far as this replica knows). */
  held(): Fence | undefined {
    return this.current && !this.current.signal.aborted ? this.current : undefined;
  }

  async check(): Promise<void> {
    if (!this.current || this.current.signal.aborted) throw new FenceLostError(this.tenant);
    await this.current.check();
  }
}
