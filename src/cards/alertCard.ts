/** The living card for one correlated Defender alert (posted once, then updated in place). */
import { VERBS } from './actions';
import { MAX_DLP_SHOWN } from './alertDlp';
import { alertCardData } from './alertModel';
import type { AlertCardView } from './alertView';
import { expandCard, fitCard, withRefreshAudience, type AdaptiveCard } from './render';
import template from './templates/alert.json';

export { MAX_REFRESH_USER_IDS } from './render';

/**
 * Renders the alert card. `now` (epoch ms) drives the relative times ("12 min ago"). Throws only on a
 * view that breaks the type contract (no alert id); every other oddity renders as text.
 */
export function alertCard(view: AlertCardView, now: number): AdaptiveCard {
  if (typeof view?.alert?.id !== 'string' || view.alert.id === '') {
    throw new TypeError('alertCard: view.alert.id is required.');
  }
  if (!Number.isInteger(view.cardVersion) || view.cardVersion < 0) {
    throw new TypeError('alertCard: view.cardVersion must be a non-negative integer.');
  }
  return fitCard(
    (limit) =>
      withRefreshAudience(expandCard(template, alertCardData(view, now, limit)), view.refreshUserIds),
    MAX_DLP_SHOWN,
  );
}

/**
 * The Defender alert an alert card belongs to (its refresh action's data), or undefined for any other
 * card: how the notifier recognises its own card when it reads a conversation back through Graph.
 */
export function alertIdOfCard(card: unknown): string | undefined {
  if (typeof card !== 'object' || card === null) return undefined;
  const c = card as {
    type?: unknown;
    refresh?: { action?: { verb?: unknown; data?: { alertId?: unknown } } };
  };
  const action = c.refresh?.action;
  if (c.type !== 'AdaptiveCard' || action?.verb !== VERBS.refresh) return undefined;
  const id = action.data?.alertId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
