/** One line-pair per correlated alert, shared by the `/alerts` list and the digest card. */
import { severityLook, statusLabel } from './labels';
import { md, plain } from './text';
import { formatRelative } from './time';

/** A correlated Defender alert in a list (a TrackedAlert plus its DLP count fits). */
export interface AlertListItemView {
  id: string;
  title?: string | null;
  severity: string;
  status: string;
  /** The main user (display form), if any. */
  user?: string | null;
  /** How many DLP alerts are correlated with it. */
  dlpCount: number;
  assignedTo?: string | null;
  /** ISO; shown as "12 min ago" when the card is given `now`. */
  lastActivityDateTime?: string | null;
}

export type AlertListItemData = { line1: string; line2: string };

export function alertListItem(item: AlertListItemView, now?: number): AlertListItemData {
  const sev = severityLook(item.severity);
  const title = md(item.title?.trim() ? item.title : 'Untitled Defender alert', { max: 140 });
  const parts: string[] = [];
  if (item.user?.trim()) parts.push(md(item.user, { max: 80 }));
  parts.push(`${Math.max(0, Math.floor(item.dlpCount || 0))} DLP`);
  parts.push(md(statusLabel(item.status)));
  if (item.assignedTo?.trim()) parts.push(`→ ${md(item.assignedTo, { max: 60 })}`);
  if (now !== undefined && item.lastActivityDateTime) {
    const rel = formatRelative(item.lastActivityDateTime, now);
    if (rel) parts.push(rel);
  }
  parts.push(`/alert ${md(item.id, { max: 128 })}`);
  return { line1: `${sev.emoji} **${title}**`, line2: parts.join(' · ') };
}

/** Plain "🔴 Title" for fallback text. */
export function alertListItemPlain(item: AlertListItemView): string {
  return `${severityLook(item.severity).emoji} ${plain(item.title?.trim() ? item.title : 'Untitled Defender alert', { max: 80 })}`;
}

/** Most severe first, then most recent activity, then id (stable). */
export function orderListItems(items: readonly AlertListItemView[]): AlertListItemView[] {
  return [...items].sort((a, b) => {
    const bySeverity = severityLook(b.severity).rank - severityLook(a.severity).rank;
    if (bySeverity !== 0) return bySeverity;
    const ta = Date.parse(a.lastActivityDateTime ?? '') || 0;
    const tb = Date.parse(b.lastActivityDateTime ?? '') || 0;
    return tb - ta || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}
