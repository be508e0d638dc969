import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Deliverer, TeamsTransport } from '../notify';
import type { SubscriptionRegistry } from '../subscriptions';
import type { LeaderTask } from '../ops/leadership';
import type { Store } from '../store/types';
import { ReportScheduler } from './scheduler';
import type { ReportService } from './service';

/**
 * The scheduled report as leader tasks (none without REPORT_SCHEDULE): `src/main.ts` appends them to the
 * poller, notifier and certificate watch, so only the leading replica sends reports.
 */
export function reportTasks(
  base: { config: Config; clock: Clock; logger: Logger; storage: { store: Store } },
  teams: { subscriptions: SubscriptionRegistry; transport: TeamsTransport; deliverer: Deliverer },
  reports: ReportService,
): LeaderTask[] {
  const { config, clock, logger, storage } = base;
  if (config.report.times.length === 0) return [];
  const scheduler = new ReportScheduler({
    times: config.report.times,
    timeZone: config.report.timeZone,
    reports,
    store: storage.store,
    subscriptions: teams.subscriptions,
    transport: teams.transport,
    deliverer: teams.deliverer,
    clock,
    logger: logger.child({ component: 'report' }),
    replicaId: config.replicaId,
  });
  return [{ name: 'report', start: () => scheduler.start(), stop: () => scheduler.stop() }];
}
