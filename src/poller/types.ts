import type { AlertPage, AlertPageQuery } from '../graph/alertPages';
import type { SecurityAlert } from '../model';
import type { BatchOp } from '../store/types';
import type { CorrelationChange, SharedIdentity } from '../correlation';

/** What `/status` shows of the poller. Times are ISO strings; zero values before the first cycle. */
export interface PollerStatus {
  running: boolean;
  lastCycleStartedAt: string | null;
  lastCycleCompletedAt: string | null;
  lastCycleAlerts: number;
  lastCycleDurationMs: number;
  lastCycleChanges: number;
  lastCyclePages: number;
  lastError: string | null;
  consecutiveFailures: number;
  cycles: number;
  watermark: string | null;
  nextCycleAt: string | null;
  trackedAlerts: number;
  /** Identities naming more than MAX_ALERTS_PER_IDENTITY alerts in one window (weak evidence), most first. */
  sharedIdentities?: SharedIdentity[];
  /** Progress of the current (or last) cycle's listing: what a long catch-up shows in `/status`. */
  backlog?: BacklogStatus;
  /**
   * Parts of an instant Graph would not let the poller read (more alerts on one `lastUpdateDateTime`
   * of one filter than `$skip` ≤ 500 reaches, or a split filter it refused), most recent first.
   */
  unread?: UnreadStatus[];
}

/** One entry of `poller.unread` in `/status`. */
export interface UnreadStatus {
  /** The shared `lastUpdateDateTime`. */
  instant: string;
  /** The filter ANDed with it (e.g. every `serviceSource ne '…'` we know); '' for the whole instant. */
  filter: string;
  /** Alerts matching, from Graph's `@odata.count`; null when it gave none. */
  matching: number | null;
  /** Alerts of it that were read. */
  read: number;
  /** `matching − read`; null when unknown. */
  missing: number | null;
  reason: 'pastSkipLimit' | 'filterRefused' | 'emptyPages';
  /** When the poller last met it. */
  seenAt: string;
}

/** `poller.backlog` in `/status`. */
export interface BacklogStatus {
  /** True while a cycle is reading pages. */
  active: boolean;
  /** Pages read by the current (or last) cycle. */
  pagesRead: number;
  /** Alerts read by the current (or last) cycle. */
  alertsRead: number;
  /** The `lastUpdateDateTime` boundary of the last page read. */
  boundary: string | null;
  /** Alerts still to read, from Graph's `@odata.count` where it gives one; null when unknown. */
  estimatedRemaining: number | null;
}

/** The alerts source: the Graph client's listing (a port, so tests and the dry run can substitute it). */
export interface AlertSource {
  listAlertsChangedSince(
    since: string,
    o?: { signal?: AbortSignal; requestId?: string },
  ): Promise<{ alerts: SecurityAlert[]; pages: number; skipped: number }>;
  /**
   * One time-ordered page (`GraphSecurityClient.listAlertsPage`). When present the poller pages on time
   * and makes each page durable on its own; sources without it are read whole, as before.
   */
  listAlertsPage?(q: AlertPageQuery, o?: { signal?: AbortSignal; requestId?: string }): Promise<AlertPage>;
}

/**
 * Receives a cycle's changes. It returns the store operations that make them durable (the outbox
 * entries); the poller writes them in the SAME batch as the correlation state and the watermark, so a
 * crash never loses a change nor advances past one.
 */
export interface ChangeSink {
  handoffOps(
    changes: CorrelationChange[],
    evicted: string[],
    now: number,
    context?: HandoffContext,
  ): BatchOp[];
  /** Called after the batch is durable (e.g. to wake the notifier). */
  afterHandoff?(changes: CorrelationChange[]): void;
}

/** What the poller tells the sink about a hand-off. */
export interface HandoffContext {
  /**
   * The cycle is catching up after an outage (nothing was written for longer than `backlogAgeMs`): old
   * or resolved correlations should be summarised rather than posted one by one.
   */
  catchingUp: boolean;
}

export interface CycleResult {
  alerts: number;
  pages: number;
  skipped: number;
  changes: CorrelationChange[];
  watermark: string;
  durationMs: number;
}
