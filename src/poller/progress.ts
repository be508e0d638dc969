import type { Logger } from '../log';
import type { CyclePage } from './pageSource';
import type { UnreadSlice } from '../graph/timePaging';
import type { BacklogStatus, UnreadStatus } from './types';

/** Unread slices `/status` keeps (the most recent). */
export const MAX_UNREAD_LISTED = 20;

/** Updates `poller.backlog` after a page and logs the listing's progress every `every` pages. */
export function trackProgress(
  b: BacklogStatus,
  page: CyclePage,
  total: { alerts: number; pages: number },
  every: number,
  log: Logger,
): void {
  b.pagesRead = total.pages;
  b.alertsRead = total.alerts;
  b.boundary = page.readThrough ?? page.boundary;
  if (page.count !== undefined) b.estimatedRemaining = Math.max(0, page.count - page.alerts.length);
  if (total.pages % every !== 0) return;
  const { pagesRead, alertsRead, boundary, estimatedRemaining } = b;
  log.info({ pagesRead, alertsRead, boundary, estimatedRemaining }, 'poll cycle progress (catching up)');
}

/**
 * Says exactly what part of an instant Graph would not let us read: a warning now and, until restart, a
 * line in `/status` (`poller.unread`, the most recent first; the same slice seen again moves up).
 */
export function noteUnread(list: UnreadStatus[], slice: UnreadSlice, now: number, log: Logger): void {
  const { instant, filter, matching, read, reason } = slice;
  const missing = matching === undefined ? null : Math.max(0, matching - read);
  const entry: UnreadStatus = {
    instant,
    filter: filter.join(' and '),
    matching: matching ?? null,
    read,
    missing,
    reason,
    seenAt: new Date(now).toISOString(),
  };
  log.warn(
    { ...entry },
    `${missing ?? 'an unknown number of'} alert(s) changed at ${instant}${entry.filter ? ` with ${entry.filter}` : ''} could not be read (${reason}): they are read when they change again; look them up in the Defender portal`,
  );
  const at = list.findIndex((u) => u.instant === instant && u.filter === entry.filter);
  if (at >= 0) list.splice(at, 1);
  list.unshift(entry);
  list.length = Math.min(list.length, MAX_UNREAD_LISTED);
}
