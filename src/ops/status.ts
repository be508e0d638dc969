import type { StatusCardView } from '../cards';
import type { Clock } from '../clock';
import type { NotifierStatus } from '../notify';
import type { PollerStatus } from '../poller';
import type { LeaderElector } from '../store/types';
import type { FeatureState } from '../permissions';

/** The Graph client certificate's lifetime (AZURE_CLIENT_CERTIFICATE_PATH). */
export interface CertificateState {
  /** notAfter, ISO 8601. */
  expiresAt: string;
  /** Days until expiry, rounded down to a tenth; negative once expired. */
  daysLeft: number;
}

/** What `GET /status` answers (JSON) and `/status` shows (a card). Never holds a secret. */
export interface StatusReport {
  name: 'defender-dlp-bot';
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  replicaId: string;
  leader: { isLeader: boolean; leaderId: string | null };
  store: { kind: string; detail: string };
  /** Zero values before the first cycle (and on replicas that do not lead). */
  poller: PollerStatus;
  notifier: NotifierStatus | null;
  features: Record<string, FeatureState>;
  certificate: CertificateState | null;
  subscriptions: number;
  pollIntervalSeconds: number;
  /** Every customer tenant: who polls it, how its polling goes, what its consent lacks. */
  tenants?: TenantStatus[];
  /** How the tenants' polling is spread: the live replicas, each one's fair share, what this one holds. */
  spread?: { live: string[]; share: number; held: number };
  /** TENANTS_FILE: its path and the last edit refused (the previous tenants stay in force meanwhile). */
  tenantsFile?: { path: string; lastError: { at: string; issues: string[] } | null; refused: number };
}

/** One tenant in `/status` and `/tenants`. */
export interface TenantStatus {
  name: string;
  displayName: string;
  tenantId: string;
  /** The replica holding the tenant's lease, when known. */
  polledBy: string | null;
  /** This replica polls it. */
  pollingHere: boolean;
  /** This replica's view of the tenant's polling (complete only where it is polled). */
  lastCycleCompletedAt: string | null;
  lastError: string | null;
  watermark: string | null;
  trackedAlerts: number;
  /** Application permissions the tenant's consent lacks for features in use (empty: all granted). */
  missingPermissions: string[];
}

export interface StatusDeps {
  version: string;
  clock: Clock;
  startedAt: number;
  leader: LeaderElector;
  store: { kind: string; detail: string };
  poller: () => PollerStatus;
  notifier: () => NotifierStatus | null;
  features: () => Record<string, FeatureState>;
  certificate: () => CertificateState | null;
  subscriptionCount: () => Promise<number>;
  pollIntervalSeconds: number;
  tenants?: () => Pick<StatusReport, 'tenants' | 'spread' | 'tenantsFile'>;
}

export async function buildStatus(d: StatusDeps): Promise<StatusReport> {
  const now = d.clock.now();
  return {
    name: 'defender-dlp-bot',
    version: d.version,
    startedAt: new Date(d.startedAt).toISOString(),
    uptimeSeconds: Math.round((now - d.startedAt) / 1000),
    replicaId: d.leader.replicaId,
    leader: { isLeader: d.leader.isLeader(), leaderId: d.leader.leaderId() ?? null },
    store: d.store,
    poller: d.poller(),
    notifier: d.notifier(),
    features: d.features(),
    certificate: d.certificate(),
    subscriptions: await d.subscriptionCount().catch(() => -1),
    pollIntervalSeconds: d.pollIntervalSeconds,
    ...d.tenants?.(),
  };
}

/** The /status card's view of a report. */
export function statusCardView(r: StatusReport): StatusCardView {
  return {
    version: r.version,
    uptimeMs: r.uptimeSeconds * 1000,
    poller: {
      lastCycleAt: r.poller.lastCycleCompletedAt ?? r.poller.lastCycleStartedAt,
      lastSuccessAt: r.poller.lastError ? null : r.poller.lastCycleCompletedAt,
      lastDurationMs: r.poller.lastCycleDurationMs,
      alertsLastCycle: r.poller.lastCycleAlerts,
      error: r.poller.lastError,
      watermark: r.poller.watermark,
      intervalSeconds: r.pollIntervalSeconds,
      backlog: r.poller.backlog?.active ? r.poller.backlog : null,
    },
    store: { kind: r.store.kind, detail: r.store.detail },
    leader: { replicaId: r.replicaId, isLeader: r.leader.isLeader, leaderId: r.leader.leaderId },
    features: cardFeatures(r.features),
    certificateDaysLeft: r.certificate?.daysLeft ?? null,
    counts: { subscriptions: Math.max(0, r.subscriptions), defenderAlerts: r.poller.trackedAlerts },
    sharedIdentities: (r.poller.sharedIdentities ?? []).map((s) => ({
      display: s.display,
      alerts: s.alerts,
    })),
    // Only with TENANTS_FILE: one tenant configured by environment keeps the poller's own figures.
    ...(r.tenants && r.tenantsFile ? tenantsView(r, r.tenants) : {}),
  };
}

/**
 * With TENANTS_FILE the card summarises the tenants instead of one tenant's poller: how many, how many
 * polled here, and the problems (failing, stale, unheld, missing permissions, a refused edit).
 */
function tenantsView(r: StatusReport, tenants: TenantStatus[]): Partial<StatusCardView> {
  const here = tenants.filter((t) => t.pollingHere);
  const staleAfterMs = 3 * r.pollIntervalSeconds * 1000;
  const now = Date.parse(r.startedAt) + r.uptimeSeconds * 1000; // when the report was built
  const stale = here.filter((t) => {
    if (t.lastError) return false; // reported as failing
    const at = t.lastCycleCompletedAt ? Date.parse(t.lastCycleCompletedAt) : NaN;
    // A tenant just taken has not completed a cycle yet: judged once it had the time to.
    return Number.isFinite(at) ? now - at > staleAfterMs : false;
  });
  const refused = r.tenantsFile?.lastError;
  return {
    poller: { intervalSeconds: r.pollIntervalSeconds },
    counts: { subscriptions: Math.max(0, r.subscriptions) },
    sharedIdentities: [],
    tenants: {
      total: tenants.length,
      pollingHere: here.length,
      liveReplicas: r.spread?.live.length ?? 1,
      unheld: r.spread ? tenants.filter((t) => t.polledBy === null).map((t) => t.name) : [],
      failing: here.filter((t) => t.lastError).map((t) => ({ name: t.name, error: t.lastError! })),
      stale: stale.map((t) => ({ name: t.name, lastSuccessAt: t.lastCycleCompletedAt })),
      missingPermissions: tenants
        .filter((t) => t.missingPermissions.length > 0)
        .map((t) => ({ name: t.name, missing: t.missingPermissions })),
      refusedEdit: refused ? `${refused.issues.slice(0, 3).join('; ')} (at ${refused.at})` : null,
    },
  };
}

/**
 * The features the card lists: a feature this configuration does not use is left off while its
 * permission is missing, so the card does not flag a problem with something the bot never does.
 */
function cardFeatures(features: Record<string, FeatureState>): Record<string, FeatureState> {
  return Object.fromEntries(Object.entries(features).filter(([, f]) => f.inUse || f.ready));
}
