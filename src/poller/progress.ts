import type { Logger } from '../log';
import type { CyclePage } from './pageSource';
import type { BacklogStatus } from './types';

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
