/** `/alerts`: a compact list of correlated Defender alerts, most severe first. */
import {
  alertListItem,
  alertListItemPlain,
  orderListItems,
  type AlertListItemData,
  type AlertListItemView,
} from './alertListItem';
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/list.json';
import { md, plural } from './text';

/** Alerts listed before "and N more". */
export const MAX_LIST_SHOWN = 15;

export interface AlertListCardView {
  alerts: readonly AlertListItemView[];
  /** How many alerts matched in all, when the caller already cut `alerts` (default: `alerts.length`). */
  total?: number;
  /** The filter in words, e.g. "severity ≥ medium · status new · last 24 h". */
  filter?: string | null;
}

type AlertListData = {
  fallbackText: string;
  heading: string;
  subheading: string;
  isEmpty: boolean;
  emptyText: string;
  items: Array<AlertListItemData & { hasLine3: boolean; line3: string }>;
  hasMore: boolean;
  more: string;
  hasHint: boolean;
  hint: string;
};

/** Renders the `/alerts` answer; `now` (epoch ms), when given, adds "12 min ago" to each alert. */
export function alertListCard(view: AlertListCardView, now?: number): AdaptiveCard {
  const ordered = orderListItems(view.alerts);
  const total = Math.max(view.total ?? 0, ordered.length);
  return fitCard((limit) => {
    const { shown } = cut(ordered, limit);
    const data: AlertListData = {
      fallbackText: fallback(ordered, total),
      heading: md(`Correlated alerts (${total})`),
      subheading: view.filter?.trim()
        ? md(`Filter: ${view.filter}`, { max: 200 })
        : 'All tracked correlated alerts',
      isEmpty: total === 0,
      emptyText: 'No correlated alert matches. Try a wider filter, e.g. /alerts since=7d',
      items: shown.map((a) => ({ ...alertListItem(a, now), hasLine3: false, line3: '' })),
      hasMore: total > shown.length,
      more: moreText(total - shown.length),
      hasHint: total > 0,
      hint: md("Type /alert <id> for one alert's full card."),
    };
    return expandCard(template, data);
  }, MAX_LIST_SHOWN);
}

function fallback(items: readonly AlertListItemView[], total: number): string {
  const first = items.slice(0, 3).map(alertListItemPlain).join('; ');
  return `${plural(total, 'correlated alert')}${first ? `: ${first}` : ''}`;
}
