import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { SecurityAlert } from '../model';
import type { Store } from '../store/types';
import type { AlertSource, ChangeSink } from './types';

/** Settings of the poller (from `config.poller`). */
export interface PollerOptions {
  intervalMs: number;
  initialLookbackMs: number;
  windowMs: number;
  retentionMs: number;
  /** Re-read this much before the watermark every cycle (clock skew, late indexing). Default 5 min. */
  overlapMs?: number;
  /** Longest back-off after failures. Default 10 min. */
  maxBackoffMs?: number;
  /** Above this many alerts in one window an identity is shared (weak evidence). Default 50. */
  maxAlertsPerIdentity?: number;
  /** `$top` of each listing request, 1–1000 (Graph's limit). Default 1000. */
  pageSize?: number;
  /**
   * Listing requests per minute, of the 150 per app and tenant Graph allows on `/security`; the rest is
   * left to analysts' comments, PATCHes and lookups. Default 100.
   */
  requestsPerMinute?: number;
  /**
   * A cycle that starts longer than this (ms) after the poller last wrote a page is a catch-up after an
   * outage: its hand-offs say so (`HandoffContext.catchingUp`). Default 6 h. The first cycle is not one.
   */
  backlogAgeMs?: number;
  /** Log the listing's progress every this many pages (a catch-up). Default 10. */
  logEveryPages?: number;
}

export interface PollerDeps {
  source: AlertSource;
  store: Store;
  sink: ChangeSink;
  clock: Clock;
  logger: Logger;
  /** Metrics hook, called after every cycle. */
  onCycle?: (r: { ok: boolean; durationMs: number; alerts: number; changes: number }) => void;
  /**
   * What of each page correlation works on (`alertSelector`: DLP and DEFENDER_SOURCES alerts). Applied
   * after paging, so the alerts it leaves out still move the time boundary. Default: every alert.
   */
  select?: (alerts: SecurityAlert[]) => SecurityAlert[];
}
