import type { Clock } from '../clock';
import type { NotifierStatus } from '../notify';
import type { PollerStatus } from '../poller';
import type { LeaderElector } from '../store/types';
import type { CertificateWatch } from './certificate/watch';
import type { ServiceMetrics } from './metrics';
import type { Permissions } from '../permissions/selfCheck';
import { buildStatus, type StatusDeps, type StatusReport } from './status';
import { packageVersion } from './version';

/** The running parts `/status` and the `/metrics` gauges read. */
export interface ObservedService {
  clock: Clock;
  /** When the service started, ms since the epoch. */
  startedAt: number;
  leader: LeaderElector;
  store: { kind: string; detail: string };
  poller: { status(): PollerStatus };
  notifier: { status(): NotifierStatus };
  subscriptions: { list(): Promise<unknown[]> };
  permissions: Permissions;
  certificate: CertificateWatch | undefined;
  metrics: ServiceMetrics;
  pollIntervalSeconds: number;
  /** Every tenant's state for `/status` (absent: a report without the tenants section). */
  tenants?: StatusDeps['tenants'];
  /**
   * With TENANTS_FILE: the tenants this replica polls (their gauges, labelled `tenant`) and every
   * tenant's notifier (the outbox gauge sums them on the leader). Absent: `poller` and `notifier` alone.
   */
  perTenant?: {
    pollers: () => Array<{ tenant: string; status: PollerStatus }>;
    notifiers: () => NotifierStatus[];
  };
}

/**
 * Registers the gauges of `/metrics` and returns the `/status` builder: both read the same parts, so the
 * two never disagree. The notifier is reported only where it runs (the leader).
 */
export function observeService(s: ObservedService): () => Promise<StatusReport> {
  const leading = (): boolean => s.leader.isLeader();
  s.metrics.observe({
    features: () => s.permissions.report(),
    // Only registered with a certificate: a series at 0 would read as "expired in 1970".
    certificateNotAfter: s.certificate ? () => Date.parse(s.certificate!.status().expiresAt) : undefined,
    isLeader: leading,
    outboxPending: () => {
      if (!leading()) return undefined;
      if (!s.perTenant) return s.notifier.status().pending;
      return s.perTenant.notifiers().reduce((sum, n) => sum + n.pending, 0);
    },
    trackedAlerts: () => {
      if (!s.perTenant) return s.poller.status().trackedAlerts;
      return s.perTenant.pollers().map((p) => ({ tenant: p.tenant, value: p.status.trackedAlerts }));
    },
    lastPollSuccess: () => {
      const at = (st: PollerStatus): number | undefined =>
        st.lastCycleCompletedAt ? Date.parse(st.lastCycleCompletedAt) : undefined;
      if (!s.perTenant) return at(s.poller.status());
      return s.perTenant.pollers().map((p) => ({ tenant: p.tenant, value: at(p.status) }));
    },
  });
  return () =>
    buildStatus({
      version: packageVersion(),
      clock: s.clock,
      startedAt: s.startedAt,
      leader: s.leader,
      store: s.store,
      poller: () => s.poller.status(),
      notifier: () => (leading() ? s.notifier.status() : null),
      features: () => s.permissions.report(),
      certificate: () => s.certificate?.status() ?? null,
      subscriptionCount: async () => (await s.subscriptions.list()).length,
      pollIntervalSeconds: s.pollIntervalSeconds,
      tenants: s.tenants,
    });
}
