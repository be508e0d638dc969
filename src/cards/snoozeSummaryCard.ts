/** Posted once when a snooze ends or is lifted: the alerts it held back in this conversation. */
import type { AlertListItemView } from './alertListItem';
import { digestCard } from './digestCard';
import type { AdaptiveCard } from './render';
import type { CardTenant } from './alertView';

export interface SnoozeSummaryView {
  target: { kind: 'user' | 'detector'; display: string };
  /** Who lifted it early; absent when it ran out. */
  liftedBy?: string;
  setBy: string;
  /** How many alerts were held (the card lists the first ones of `alerts`). */
  total: number;
  alerts: readonly AlertListItemView[];
  /** The tenant whose alerts were held: named in the heading when `shown`. */
  tenant?: Pick<CardTenant, 'name' | 'displayName' | 'shown'>;
}

/** A digest card headed by the snooze: "Snooze ended: 3 alerts for user megan@contoso.com". */
export function snoozeSummaryCard(view: SnoozeSummaryView, now?: number): AdaptiveCard {
  const { kind, display } = view.target;
  const ended = view.liftedBy ? `lifted by ${view.liftedBy}` : 'ended';
  return digestCard(
    {
      total: view.total,
      alerts: view.alerts,
      heading: `Snooze ${ended}: ${view.total} alert${view.total === 1 ? '' : 's'} for ${kind} ${display}`,
      ...(view.tenant ? { tenant: view.tenant } : {}),
      reason: `Held back while ${kind} ${display} was snoozed here (set by ${view.setBy}).`,
    },
    now,
  );
}
