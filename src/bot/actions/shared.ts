import { noticeCard, type AdaptiveCard, type BannerView } from '../../cards';
import type { ActionContext } from './types';

/** The alert card with a banner for the analyst who clicked (a notice when the alert is not tracked). */
export async function alertCardWith(
  ctx: ActionContext,
  alertId: string,
  banner?: BannerView,
): Promise<AdaptiveCard> {
  const now = ctx.services.clock.now();
  const card = await ctx.services.alerts.card(alertId, now, undefined, banner);
  return (
    card ??
    noticeCard({
      kind: 'warning',
      title: 'Alert not tracked',
      text: `Alert ${alertId} is not tracked by this bot any more.`,
    })
  );
}
