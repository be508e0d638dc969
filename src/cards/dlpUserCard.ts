/** `/dlp <upn>`: a user's DLP alerts, and which Defender alerts each one correlates with. */
import { severityLook, statusLabel } from './labels';
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/list.json';
import { joinWithMore, md, plain, plural } from './text';
import { formatUtc, formatWhen } from './time';

/** DLP alerts listed before "and N more"; each names at most `MAX_CORRELATED_SHOWN` Defender alerts. */
export const MAX_DLP_USER_SHOWN = 15;
export const MAX_CORRELATED_SHOWN = 3;

export interface DlpUserAlertView {
  id: string;
  title?: string | null;
  severity: string;
  status?: string | null;
  /** When the DLP activity happened (ISO). */
  activityDateTime?: string | null;
  /** The Defender alerts it correlates with (empty: none). */
  correlated: ReadonlyArray<{ id: string; title?: string | null; severity: string }>;
}

export interface DlpUserCardView {
  /** The user asked about (UPN as typed or as found). */
  user: string;
  /** The period in words, e.g. "last 7 d". */
  period?: string | null;
  alerts: readonly DlpUserAlertView[];
  /** Total DLP alerts found, when the caller cut `alerts` (default: `alerts.length`). */
  total?: number;
}

function item(
  a: DlpUserAlertView,
  now?: number,
): { line1: string; line2: string; hasLine3: boolean; line3: string } {
  const sev = severityLook(a.severity);
  const when = a.activityDateTime
    ? now !== undefined
      ? formatWhen(a.activityDateTime, now)
      : formatUtc(a.activityDateTime)
    : 'unknown time';
  const status = a.status ? ` · ${md(statusLabel(a.status))}` : '';
  const linked = a.correlated.slice(0, MAX_CORRELATED_SHOWN).map((d) => {
    const title = md(d.title?.trim() ? d.title : 'Untitled Defender alert', { max: 80 });
    return `${severityLook(d.severity).emoji} ${title} (/alert ${md(d.id, { max: 128 })})`;
  });
  return {
    line1: `${sev.emoji} **${md(a.title?.trim() ? a.title : `DLP alert ${a.id}`, { max: 140 })}**`,
    line2: `${when}${status} · DLP alert ${md(a.id, { max: 128 })}`,
    hasLine3: true,
    line3: linked.length
      ? `↳ Correlated with ${joinWithMore(linked, a.correlated.length)}`
      : '↳ No correlated Defender alert',
  };
}

/** Renders the `/dlp` answer; `now` (epoch ms), when given, adds relative times. */
export function dlpUserCard(view: DlpUserCardView, now?: number): AdaptiveCard {
  const total = Math.max(view.total ?? 0, view.alerts.length);
  const correlated = view.alerts.filter((a) => a.correlated.length > 0).length;
  const period = view.period?.trim() ? ` · ${view.period.trim()}` : '';
  return fitCard((limit) => {
    const { shown } = cut(view.alerts, limit);
    return expandCard(template, {
      fallbackText: `${plural(total, 'DLP alert')} for ${plain(view.user, { max: 80 })}, ${correlated} correlated with Defender alerts`,
      heading: `DLP alerts for ${md(view.user, { max: 120 })}`,
      subheading: md(
        `${plural(total, 'DLP alert')}, ${correlated} correlated with Defender alerts${period}`,
        { max: 160 },
      ),
      isEmpty: total === 0,
      emptyText: md(
        'No DLP alert found for this user in that period. Check the spelling, or widen it: since=30d',
      ),
      items: shown.map((a) => item(a, now)),
      hasMore: total > shown.length,
      more: moreText(total - shown.length),
      hasHint: correlated > 0,
      hint: md('Type /alert <id> to open a correlated Defender alert.'),
    });
  }, MAX_DLP_USER_SHOWN);
}
