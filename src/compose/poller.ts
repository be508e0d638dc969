import type { Notifier } from '../notify';
import { alertSelector, Poller, type AlertSource } from '../poller';
import type { Base } from './types';

export function buildPoller(
  { config, clock, logger, metrics, storage }: Base,
  source: AlertSource,
  notifier: Notifier,
): Poller {
  return new Poller(
    {
      source,
      store: storage.store,
      // The notifier is the poller's sink: its hand-off ops go into the poller's own batch.
      sink: notifier,
      clock,
      logger: logger.child({ component: 'poller' }),
      onCycle: metrics.pollCycle,
      select: alertSelector({
        defenderSources: config.defenderSources,
        logger,
        onUnclassified: metrics.unclassifiedAlert,
      }),
    },
    { ...config.poller, backlogAgeMs: config.notify.backlogDigestAgeMs },
  );
}
