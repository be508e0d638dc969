/** The "Correlated DLP alerts" section of the alert card: closest in time first, cut with "and N more". */
import type { DlpMatchView } from './alertView';
import { matchHow, severityLook } from './labels';
import { cut, moreText } from './render';
import { md, plural } from './text';
import { formatDelta, formatUtcShort, formatWindow } from './time';

/** How many DLP alerts the card lists before "and N more" (fewer if the card would grow too large). */
export const MAX_DLP_SHOWN = 10;

export type DlpSectionData = {
  heading: string;
  subheading: string;
  items: Array<{ line1: string; line2: string }>;
  hasMore: boolean;
  more: string;
};

/** Closest to the Defender alert first; ties by DLP alert id so the order is stable across refreshes. */
export function orderMatches(matches: readonly DlpMatchView[]): DlpMatchView[] {
  return [...matches].sort(
    (a, b) => Math.abs(safe(a.deltaMs)) - Math.abs(safe(b.deltaMs)) || cmp(a.dlpAlertId, b.dlpAlertId),
  );
}

const safe = (n: number): number => (Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function dlpSection(matches: readonly DlpMatchView[], now: number, limit: number): DlpSectionData {
  const ordered = orderMatches(matches);
  const { shown, more } = cut(ordered, limit);
  const windows = [...new Set(matches.map((m) => m.windowMs).filter((w) => Number.isFinite(w) && w >= 0))];
  const windowText =
    windows.length === 1 ? `within ${formatWindow(windows[0] as number)}` : 'within the window';
  return {
    heading: md(`Correlated DLP alerts (${matches.length})`),
    subheading:
      matches.length === 0
        ? md('No Purview DLP alert is correlated with this alert yet.')
        : md(`Same user, mailbox, device or incident, activity ${windowText}; closest first.`),
    items: shown.map((m) => dlpItem(m, now)),
    hasMore: more > 0,
    more: md(moreText(more)),
  };
}

function dlpItem(m: DlpMatchView, now: number): { line1: string; line2: string } {
  const sev = severityLook(m.severity);
  const title = m.title ? md(m.title, { max: 160 }) : md(`DLP alert ${m.dlpAlertId}`, { max: 160 });
  const how = md(matchHow(m.via, m.identity?.kind));
  const who = m.identity?.shared
    ? weakText(m.identity.display)
    : m.via !== 'incident' && m.identity?.display
      ? `: ${md(m.identity.display, { max: 120 })}`
      : '';
  // Times and offsets are our own text (digits, ':', '+', '−'): no escaping needed.
  const when = formatUtcShort(m.activityDateTime, now);
  const delta = formatDelta(m.deltaMs);
  return {
    line1: `${sev.emoji} **${title}**`,
    line2: `${when}${delta ? ` (${delta})` : ''} · ${how}${who}`,
  };
}

/**
 * A shared identity (a shared mailbox, a service account: more than MAX_ALERTS_PER_IDENTITY alerts in one
 * window) never makes a match on its own; when a match stands on its incident, the card still says the two
 * alerts share it, marked as weak.
 */
function weakText(display: string | null | undefined): string {
  const name = display ? md(display, { max: 120 }) : 'an identity';
  return ` · ⚠️ weak evidence: shares ${name}, a shared identity named by many alerts`;
}

/** "3 correlated DLP alerts" for fallback text and lists. */
export function dlpCountText(n: number): string {
  return plural(n, 'correlated DLP alert');
}
