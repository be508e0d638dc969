import { noticeCard, type AdaptiveCard, type BannerView } from '../../cards';
import type { BotServices } from '../services';
import type { ActionContext } from './types';

/** The alert card with a banner for the analyst who clicked (a notice when the alert is not tracked). */
export async function alertCardWith(
  ctx: ActionContext,
  alertId: string,
  banner?: BannerView,
): Promise<AdaptiveCard> {
  return alertCardFromStore(ctx.services, alertId, banner);
}

/** The alert card as the store has it (no Graph), or a notice when the alert is not tracked. */
export async function alertCardFromStore(
  services: Pick<BotServices, 'alerts' | 'clock'>,
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
