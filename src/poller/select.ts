import type { Logger } from '../log';
import { classifyAlert, type SecurityAlert } from '../model';

/** Ids remembered as already reported; past this the memory starts over (a log line may repeat, nothing else). */
const MAX_REMEMBERED = 10_000;

/** Options of `alertSelector`. */
export interface AlertSelectorOptions {
  /** The serviceSource names that count as Defender (DEFENDER_SOURCES). */
  defenderSources: readonly string[];
  logger: Logger;
  /** Called once per alert id that no field classifies (the `/metrics` counter). */
  onUnclassified?: (alertId: string) => void;
}

/**
 * What correlation works on, out of one page of the listing: Purview DLP alerts and alerts of the Defender
 * sources. Alerts of other known sources (Insider Risk, Sentinel by default) are left out quietly (debug);
 * an alert whose serviceSource, detectionSource and productName all fail to name a source is logged once
 * with its id (warn) and counted, and left out too: a wrong side would post a card for the wrong alert.
 * The poller applies it to each page after paging: the time boundary is read from the whole page, so
 * alerts left out here still move the watermark (they are not read again and again).
 */
export function alertSelector(o: AlertSelectorOptions): (alerts: SecurityAlert[]) => SecurityAlert[] {
  const defender = new Set(o.defenderSources);
  const reported = new Set<string>();
  const log = o.logger.child({ component: 'classify' });
  return (alerts) => {
    const kept: SecurityAlert[] = [];
    const excluded: Record<string, number> = {};
    for (const alert of alerts) {
      const c = classifyAlert(alert, defender);
      if (c.kind === 'dlp' || c.kind === 'defender') kept.push(alert);
      else if (c.kind === 'excluded') excluded[c.source ?? ''] = (excluded[c.source ?? ''] ?? 0) + 1;
      else unclassified(alert);
    }
    if (Object.keys(excluded).length > 0)
      log.debug({ excluded }, 'alerts of sources outside DEFENDER_SOURCES left out');
    return kept;
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
