import { noticeCard, type AdaptiveCard, type BannerView } from '../../cards';
import type { AlertReadModel } from '../../alerts';
import type { Clock } from '../../clock';
import type { ActionContext } from './types';

/** The alert card with a banner for the analyst who clicked (a notice when the alert is not tracked). */
export async function alertCardWith(
  ctx: ActionContext,
  alertId: string,
  banner?: BannerView,
): Promise<AdaptiveCard> {
  return alertCardFromStore({ alerts: ctx.scope.alerts, clock: ctx.services.clock }, alertId, banner);
}

/**
 * The alert card as the tenant's store has it (no Graph), or a notice when the alert is not tracked.
 * `alerts` is the tenant's read model (the card's `tenant`), never another tenant's.
 */
export async function alertCardFromStore(
  services: { alerts: Pick<AlertReadModel, 'card'>; clock: Clock },
  alertId: string,
  banner?: BannerView,
): Promise<AdaptiveCard> {
  const card = await services.alerts.card(alertId, services.clock.now(), undefined, banner);
  return (
    card ??
    noticeCard({
      kind: 'warning',
      title: 'Alert not tracked',
      text: `Alert ${alertId} is not tracked by this bot any more.`,
    })
  );
}
