/** `/audit [alert-id]`: who did what through the bot, newest first. */
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/list.json';
import { md, plain, plural } from './text';
import { formatUtc, formatWhen } from './time';

/** Entries listed before "and N more". */
export const MAX_AUDIT_SHOWN = 20;

export interface AuditEntryView {
  /** When it happened (ISO). */
  at: string;
  /** Who did it (display name or UPN). */
  actor: string;
  /** What they did, in words, e.g. "set status to Resolved", "commented", "enriched". */
  action: string;
  alertId?: string | null;
  /** The alert's tenant, shown when the bot serves several (alert ids are unique within one tenant only). */
  tenant?: string | null;
  /** 'ok' | 'denied' | 'error' (other values are shown as-is). */
  result: 'ok' | 'denied' | 'error' | (string & { readonly __open?: never });
  /** Extra detail, e.g. the error message. */
  detail?: string | null;
}

export interface AuditCardView {
  /** Set when the log was filtered to one alert. */
  alertId?: string | null;
  entries: readonly AuditEntryView[];
  /** Total entries, when the caller cut `entries` (default: `entries.length`). */
  total?: number;
}

const RESULT_LOOKS: Record<string, string> = { ok: '✅', denied: '🚫', error: '❌' };

function item(
  e: AuditEntryView,
  now?: number,
): { line1: string; line2: string; hasLine3: boolean; line3: string } {
  const icon = RESULT_LOOKS[e.result] ?? '❔';
  const when = now !== undefined ? formatWhen(e.at, now) : formatUtc(e.at);
  const result = RESULT_LOOKS[e.result] ? (e.result === 'ok' ? 'done' : e.result) : md(e.result, { max: 30 });
  const tenant = e.tenant ? ` in tenant ${md(e.tenant, { max: 64 })}` : '';
  const alert = e.alertId ? ` · alert ${md(e.alertId, { max: 128 })}${tenant}` : '';
  return {
    line1: `${icon} **${md(e.actor, { max: 80 })}** ${md(e.action, { max: 160 })}`,
    line2: `${when}${alert} · ${result}`,
    hasLine3: Boolean(e.detail?.trim()),
    line3: e.detail?.trim() ? md(e.detail, { max: 300 }) : '',
  };
}

/** Renders the `/audit` answer; `now` (epoch ms), when given, adds relative times. */
export function auditCard(view: AuditCardView, now?: number): AdaptiveCard {
  const total = Math.max(view.total ?? 0, view.entries.length);
  const scope = view.alertId ? ` for alert ${view.alertId}` : '';
  const ordered = [...view.entries].sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
  return fitCard((limit) => {
    const { shown } = cut(ordered, limit);
    return expandCard(template, {
      fallbackText: `Audit log${plain(scope, { max: 150 })}: ${plural(total, 'entry', 'entries')}`,
      heading: md(`Audit log${scope}`, { max: 160 }),
      subheading: md(`${plural(total, 'entry', 'entries')}, newest first`),
      isEmpty: total === 0,
      emptyText: md('Nothing has been done through the bot yet.'),
      items: shown.map((e) => item(e, now)),
      hasMore: total > shown.length,
      more: moreText(total - shown.length),
      hasHint: false,
      hint: '',
    });
  }, MAX_AUDIT_SHOWN);
}
