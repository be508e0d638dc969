/** What `/status` shows. Every field is optional beyond version/uptime: unknown parts show "unknown". */

export interface PollerStatusView {
  /** When the last cycle ended (ISO). */
  lastCycleAt?: string | null;
  /** When a cycle last succeeded (ISO). */
  lastSuccessAt?: string | null;
  /** Duration of the last cycle, ms. */
  lastDurationMs?: number | null;
  /** Alerts read in the last cycle. */
  alertsLastCycle?: number | null;
  /** The last cycle's error, if it failed (no secrets: a GraphError message). */
  error?: string | null;
  /** The lastUpdateDateTime watermark the next cycle starts from (ISO). */
  watermark?: string | null;
  /** Poll interval, seconds. */
  intervalSeconds?: number | null;
  /** A listing in progress (a catch-up): pages read, its boundary, alerts left from Graph's count. */
  backlog?: { pagesRead: number; boundary: string | null; estimatedRemaining: number | null } | null;
}

/** Readiness of one feature (the graph module's featureReadiness() entries fit). */
export interface FeatureStatusView {
  ready: boolean;
  /** Missing Graph application permissions. */
  missing?: readonly string[];
  message?: string;
}

export interface StatusCardView {
  version: string;
  /** Process uptime, ms. */
  uptimeMs: number;
  poller: PollerStatusView;
  /**
   * e.g. { kind: 'sqlite', detail: './data/bot.db' } or { kind: 'azure-blob', detail: 'container defender-dlp-bot' }.
   * Never put a connection string here: the card is visible to the whole channel.
   */
  store: { kind: string; detail?: string | null };
  /** This replica's id, whether it leads (polls and posts), and the leader's id when another replica leads. */
  leader: { replicaId: string; isLeader: boolean; leaderId?: string | null };
  /** Keyed by feature name (alerts, actions, sensitiveInfo, groups, incidents, …). */
  features: Readonly<Record<string, FeatureStatusView>>;
  /** Days until the Graph client certificate expires; absent when a secret or managed identity is used. */
  certificateDaysLeft?: number | null;
  /**
   * Identities naming more than MAX_ALERTS_PER_IDENTITY alerts in one window (a shared mailbox, a service
   * account, a jump host): weak evidence, never the only reason for a card. Worst first.
   */
  sharedIdentities?: ReadonlyArray<{ display: string; alerts: number }>;
  /** Optional counters. */
  counts?: { defenderAlerts?: number; dlpAlerts?: number; correlated?: number; subscriptions?: number };
  /**
   * With TENANTS_FILE: the tenants in place of the one poller (whose figures would be a single tenant's).
   * Only the tenants this replica polls have current figures here; `/tenants` lists every one.
   */
  tenants?: TenantsSummaryView | null;
}

export interface TenantsSummaryView {
  total: number;
  /** Tenants this replica polls. */
  pollingHere: number;
  /** Replicas seen live (this one included). */
  liveReplicas: number;
  /** Tenants no replica holds at the last look (between a replica's death and the takeover). */
  unheld: string[];
  /** Tenants polled here whose last cycle failed, with the error. */
  failing: Array<{ name: string; error: string }>;
  /** Tenants polled here without a successful cycle for over 3 intervals (ISO of the last, or null). */
  stale: Array<{ name: string; lastSuccessAt: string | null }>;
  /** Tenants whose consent lacks permissions in use. */
  missingPermissions: Array<{ name: string; missing: string[] }>;
  /** The last edit of TENANTS_FILE that was refused (the previous tenants stay in force). */
  refusedEdit?: string | null;
}
