import { updateRecord } from '../store/update';
import { cardKey, emptyCardRecord, type CardRecord } from '../records';
import type { Subscription } from '../subscriptions';
import { isSensitive, routeAlert, routeRulesOf } from '../subscriptions/routing';
import type { ReconcileDeps, RenderedAlert } from './reconcile';

/** The routing side of reconciling one alert: who may get a new card, and a sensitive alert nowhere to go. */

/** Whether the routing rules let a new card of this alert into `sub`'s conversation. */
export function routed(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  rendered: RenderedAlert,
): boolean {
  if (!rendered.routable) return true;
  const policy = deps.routing ?? { insiderRiskCards: false };
  const decision = routeAlert(routeRulesOf(sub), rendered.routable, policy);
  if (!decision.show)
    deps.logger.debug({ alertId, subscription: sub.id, reason: decision.reason }, 'not routed here');
  return decision.show;
}

/**
 * A sensitive correlation (Insider Risk carded by the operator, a sensitive or undetermined DLP policy)
 * while no conversation is the sensitive route: no channel may show it, which an operator must hear of.
 * Logged at warn and counted once per alert (marked on the card record), not on every update.
 */
export async function warnIfUnrouted(
  deps: ReconcileDeps,
  alertId: string,
  record: CardRecord,
  rendered: RenderedAlert,
  sensitiveRouteExists: boolean,
): Promise<void> {
  const routable = rendered.routable;
  if (sensitiveRouteExists || !routable || !isSensitive(routable) || record.unroutedAt) return;
  const policy = deps.routing ?? { insiderRiskCards: false };
  // Insider Risk alerts the operator did not turn on are carded nowhere on purpose: nothing to warn of.
  if (routeAlert({ sensitive: true }, routable, policy).show === false) return;
  await updateRecord<CardRecord>(
    deps.store,
    cardKey(alertId),
    () => emptyCardRecord(alertId),
    (rec) => ({ ...rec, unroutedAt: new Date(deps.clock.now()).toISOString() }),
  );
  deps.onEvent?.('unrouted');
  deps.logger.warn(
    { alertId, sensitivity: routable.sensitivity, serviceSource: routable.serviceSource },
    'a sensitive correlation has no sensitive route and is shown nowhere: name one with /route add sensitive',
  );
}
