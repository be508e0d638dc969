import type { TurnContext } from 'botbuilder';
import { VERBS, type CardAction } from '../../cards';
import { errorMessage } from '../../errors';
import type { Logger } from '../../log';
import type { BotServices, TenantScope } from '../services';
import { alertCardFromStore } from './shared';

/**
 * Teams sends `value.trigger: "automatic"` when it refreshes a card on view, `"manual"` for a press of
 * the card's Refresh (AdaptiveCardInvokeValue.trigger, Microsoft Learn). Only the refresh verb gets the
 * automatic path: on any other verb the field is ignored (a forged one gains nothing).
 */
export function isAutomaticRefresh(activity: TurnContext['activity'], data: CardAction): boolean {
  const trigger = (activity.value as { trigger?: unknown } | undefined)?.trigger;
  return data.verb === VERBS.refresh && trigger === 'automatic';
}

/**
 * An automatic refresh is a view, not an action: answered from the store alone, with no Graph request,
 * no roster read (the viewer's name is not needed) and no audit entry. Cards carry `refresh.userIds: []`
 * so Teams should not send these at all; cards posted before that, or by an older version, still do.
 * A store failure answers an error: Teams then keeps showing the card it has.
 */
export async function automaticRefreshBody(
  services: Pick<BotServices, 'clock'>,
  scope: Pick<TenantScope, 'alerts'>,
  alertId: string,
  logger: Logger,
): Promise<{ statusCode: number; type: string; value: unknown }> {
  try {
    // The card's tenant's store: the same alert id in another tenant is another alert.
    const card = await alertCardFromStore({ alerts: scope.alerts, clock: services.clock }, alertId);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  } catch (err) {
    logger.warn({ err: errorMessage(err), alertId }, 'automatic refresh could not read the store');
    const message = 'The card could not be refreshed; it is unchanged.';
    return {
      statusCode: 500,
      type: 'application/vnd.microsoft.error',
      value: { code: 'ServiceUnavailable', message },
    };
  }
}
