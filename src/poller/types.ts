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
}

/** The durable record of the poller's progress (`poller/watermark`). */
export interface WatermarkRecord {
  /** Alerts with lastUpdateDateTime greater than this minus the overlap are read next cycle. */
  watermark: string;
  updatedAt: string;
}

/** The alerts source: the Graph client's listing (a port, so tests and the dry run can substitute it). */
export interface AlertSource {
  listAlertsChangedSince(
    since: string,
    o?: { signal?: AbortSignal; requestId?: string },
  ): Promise<{ alerts: SecurityAlert[]; pages: number; skipped: number }>;
}

/**
 * Receives a cycle's changes. It returns the store operations that make them durable (the outbox
 * entries); the poller writes them in the SAME batch as the correlation state and the watermark, so a
 * crash never loses a change nor advances past one.
 */
export interface ChangeSink {
  handoffOps(changes: CorrelationChange[], evicted: string[], now: number): BatchOp[];
  /** Called after the batch is durable (e.g. to wake the notifier). */
  afterHandoff?(changes: CorrelationChange[]): void;
}

export interface CycleResult {
  alerts: number;
  pages: number;
  skipped: number;
  changes: CorrelationChange[];
  watermark: string;
  durationMs: number;
}
