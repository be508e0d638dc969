import { sitCard, type AdaptiveCard, type CardTenant } from '../cards';
import type { AnalystService } from '../analyst';
import { cardVersionOf } from '../alerts';

/** The sensitive-info-types card from the analyst core's answer (names, counts, confidence; no values). */
export function sitCardFor(
  r: Awaited<ReturnType<AnalystService['sensitiveInfo']>>,
  tenant?: Pick<CardTenant, 'name' | 'displayName' | 'shown'>,
): AdaptiveCard {
  // Said once for the whole card: every DLP alert's lookup shares the tenant's hunting quota.
  const quota = r.results.some(({ info }) => info.quota === true);
  return sitCard({
    note: quota
      ? 'Advanced hunting is over its quota; it resets within 15 minutes. Press Sensitive info types again then.'
      : null,
    alert: { id: r.alert.id, title: r.alert.title },
    cardVersion: cardVersionOf(r.alert),
    ...(tenant ? { tenant } : {}),
    results: r.results.map(({ dlp, info }) => ({
      dlpAlertId: dlp.id,
      dlpTitle: dlp.title,
      source: info.source,
      types: info.types,
      reason: info.reason ?? null,
    })),
  });
}
