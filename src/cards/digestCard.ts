/** Posted instead of one card per alert when a burst exceeds the per-channel rate: "14 more correlated alerts". */
import {
  alertListItem,
  alertListItemPlain,
  orderListItems,
  type AlertListItemData,
  type AlertListItemView,
} from './alertListItem';
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/digest.json';
import { md, plural } from './text';
import type { CardTenant } from './alertView';
import { tenantPlain } from './tenant';

/** Alerts listed by default before "and N more". */
export const DEFAULT_DIGEST_TOP = 5;

export interface DigestCardView {
  /** The alerts this digest stands for (all of them; the card lists the top `top`). */
  alerts: readonly AlertListItemView[];
  /** How many alerts the digest stands for, if more than `alerts` (default: `alerts.length`). */
  total?: number;
  /** How many to list, most severe first. Default 5. */
  top?: number;
  /** Why a digest was posted; default explains the channel's rate limit. */
  reason?: string | null;
  /** The heading; default "N more correlated alerts" (a snooze summary names the snooze instead). */
  heading?: string | null;
  /** The tenant whose alerts these are: named in the heading when `shown` (a bot serving several). */
  tenant?: Pick<CardTenant, 'name' | 'displayName' | 'shown'>;
}

type DigestData = {
  fallbackText: string;
  heading: string;
  reason: string;
  items: AlertListItemData[];
  hasMore: boolean;
  more: string;
  hint: string;
};

/** Renders the digest card; `now` (epoch ms), when given, adds "12 min ago" to each alert. */
export function digestCard(view: DigestCardView, now?: number): AdaptiveCard {
  const ordered = orderListItems(view.alerts);
  const total = Math.max(view.total ?? 0, ordered.length);
  const top = Math.max(0, Math.floor(view.top ?? DEFAULT_DIGEST_TOP));
  const named = view.heading?.trim() || `${total} more correlated alert${total === 1 ? '' : 's'}`;
  const heading = view.tenant?.shown ? `${tenantPlain(view.tenant)} · ${named}` : named;
  return fitCard((limit) => {
    const { shown } = cut(ordered, limit);
    const data: DigestData = {
      fallbackText: `${heading}: ${ordered.slice(0, 3).map(alertListItemPlain).join('; ')}`,
      heading: `📥 ${md(heading)}`,
      reason: view.reason?.trim()
        ? md(view.reason, { max: 300 })
        : md(
            "Summarised in one card to keep this channel readable: more alerts arrived than the channel's per-minute limit.",
          ),
      items: shown.map((a) => alertListItem(a, now)),
      hasMore: total > shown.length,
      more: moreText(total - shown.length),
      hint: md(
        `Type /alerts to list ${total === 1 ? 'it' : `all ${plural(total, 'alert')}`}, or /alert <id> for one alert's full card.`,
      ),
    };
    return expandCard(template, data);
  }, top);
}
