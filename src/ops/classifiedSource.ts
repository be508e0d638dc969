import type { Logger } from '../log';
import { classifyAlert, type SecurityAlert } from '../model';
import type { AlertSource } from '../poller';

/** Ids remembered as already reported; past this the memory starts over (a log line may repeat, nothing else). */
const MAX_REMEMBERED = 10_000;

/** Options of `classifiedSource`. */
export interface ClassifiedSourceOptions {
  /** The serviceSource names that count as Defender (DEFENDER_SOURCES). */
  defenderSources: readonly string[];
  logger: Logger;
  /** Called once per alert id that no field classifies (the `/metrics` counter). */
  onUnclassified?: (alertId: string) => void;
}

/**
 * The alert listing with only what correlation works on: Purview DLP alerts and alerts of the Defender
 * sources. Alerts of other known sources (Insider Risk, Sentinel by default) are left out quietly (debug);
 * an alert whose serviceSource, detectionSource and productName all fail to name a source is logged once
 * with its id (warn) and counted, and left out too: a wrong side would post a card for the wrong alert.
 */
export function classifiedSource(inner: AlertSource, o: ClassifiedSourceOptions): AlertSource {
  const defender = new Set(o.defenderSources);
  const reported = new Set<string>();
  const log = o.logger.child({ component: 'classify' });
  return {
    async listAlertsChangedSince(since, opts) {
      const listing = await inner.listAlertsChangedSince(since, opts);
      const kept: SecurityAlert[] = [];
      const excluded: Record<string, number> = {};
      for (const alert of listing.alerts) {
        const c = classifyAlert(alert, defender);
        if (c.kind === 'dlp' || c.kind === 'defender') kept.push(alert);
        else if (c.kind === 'excluded') excluded[c.source ?? ''] = (excluded[c.source ?? ''] ?? 0) + 1;
        else unclassified(alert);
      }
      if (Object.keys(excluded).length > 0)
        log.debug({ excluded }, 'alerts of sources outside DEFENDER_SOURCES left out');
      return { ...listing, alerts: kept };
    },
  };

  function unclassified(alert: SecurityAlert): void {
    if (reported.has(alert.id)) return;
    if (reported.size >= MAX_REMEMBERED) reported.clear();
    reported.add(alert.id);
    log.warn(
      {
        alertId: alert.id,
        serviceSource: alert.serviceSource,
        detectionSource: alert.detectionSource ?? null,
        productName: typeof alert.productName === 'string' ? alert.productName.slice(0, 100) : null,
      },
      'alert left out: neither serviceSource, detectionSource nor productName names a known source',
    );
    try {
      o.onUnclassified?.(alert.id);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'the unclassified-alert hook threw');
    }
  }
}
