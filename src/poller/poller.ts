import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import {
  correlate,
  createCorrelationState,
  DEFAULT_MAX_ALERTS_PER_IDENTITY,
  sharedIdentities,
  restoreCorrelationState,
  stateSize,
  trackedAlert,
  type CorrelationState,
  type TrackedAlert,
} from '../correlation';
import { errorMessage, GraphError } from '../errors';
import type { Logger } from '../log';
import { BackgroundLoop } from '../loop';
import type { BatchOp, Store } from '../store/types';
import { alertKey, ALERT_PREFIX, WATERMARK_KEY } from './keys';
import type { AlertSource, ChangeSink, CycleResult, PollerStatus, WatermarkRecord } from './types';

/** Shared identities listed in `/status` at most (the worst first). */
const MAX_SHARED_LISTED = 10;

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
}

export interface PollerDeps {
  source: AlertSource;
  store: Store;
  sink: ChangeSink;
  clock: Clock;
  logger: Logger;
  /** Metrics hook, called after every cycle. */
  onCycle?: (r: { ok: boolean; durationMs: number; alerts: number; changes: number }) => void;
}

/**
 * The one stateful loop around the correlation reducer. Each cycle: read every alert changed since the
 * watermark (minus an overlap), correlate, then write the changed correlation state, the outbox entries
 * and the new watermark in one batch. The watermark only advances once the changes are durable; a failed
 * cycle keeps it and backs off.
 */
export class Poller {
  private state: CorrelationState = createCorrelationState();
  private watermark: string | null = null;
  private loaded = false;
  private readonly loop = new BackgroundLoop('poller');
  private readonly st: PollerStatus = {
    running: false,
    lastCycleStartedAt: null,
    lastCycleCompletedAt: null,
    lastCycleAlerts: 0,
    lastCycleDurationMs: 0,
    lastCycleChanges: 0,
    lastCyclePages: 0,
    lastError: null,
    consecutiveFailures: 0,
    cycles: 0,
    watermark: null,
    nextCycleAt: null,
    trackedAlerts: 0,
    sharedIdentities: [],
  };

  constructor(
    private readonly deps: PollerDeps,
    private readonly options: PollerOptions,
  ) {}

  status(): PollerStatus {
    return { ...this.st, running: this.loop.running, watermark: this.watermark };
  }

  /** The live correlation state (read-only use: queries for slash commands on the leader). */
  correlationState(): CorrelationState {
    return this.state;
  }

  /** Loads the watermark and the tracked alerts from the store (on start and on gaining leadership). */
  async load(): Promise<void> {
    const wm = await this.deps.store.get<WatermarkRecord>(WATERMARK_KEY);
    this.watermark = wm?.value.watermark ?? null;
    const records = await this.deps.store.list<TrackedAlert>(ALERT_PREFIX);
    this.state = restoreCorrelationState(records.map((r) => r.value));
    this.st.trackedAlerts = stateSize(this.state).alerts;
    this.refreshShared();
    this.loaded = true;
    this.deps.logger.info(
      { watermark: this.watermark, trackedAlerts: this.st.trackedAlerts },
      'poller state loaded',
    );
  }

  /** Runs one cycle. Throws on failure (the loop catches, records and backs off). */
  async runCycle(signal?: AbortSignal): Promise<CycleResult> {
    if (!this.loaded) await this.load();
    const started = this.deps.clock.now();
    const cycleId = randomUUID();
    const log = this.deps.logger.child({ cycleId });
    this.st.lastCycleStartedAt = new Date(started).toISOString();
    const since = this.since(started);
    log.debug({ since }, 'poll cycle started');
    const listed = await this.deps.source.listAlertsChangedSince(since, { signal, requestId: cycleId });
    const now = this.deps.clock.now();
    const { changes, touched, evicted } = correlate(this.state, listed.alerts, now, this.options);
    const watermark = this.nextWatermark(listed.alerts, started);
    const ops: BatchOp[] = [
      ...this.deps.sink.handoffOps(changes, evicted, now),
      ...this.stateOps(touched, evicted),
      { op: 'put', key: WATERMARK_KEY, value: { watermark, updatedAt: new Date(now).toISOString() } },
    ];
    try {
      await this.deps.store.batch(ops);
    } catch (err) {
      // The reducer already moved the in-memory state: reload it from the store so the retried cycle
      // sees these alerts as new again and re-emits their changes.
      this.loaded = false;
      throw err;
    }
    this.watermark = watermark;
    if (touched.length > 0 || evicted.length > 0) this.refreshShared();
    this.deps.sink.afterHandoff?.(changes);
    const durationMs = this.deps.clock.now() - started;
    this.recordSuccess(listed.alerts.length, listed.pages, changes.length, durationMs);
    log.info(
      {
        alerts: listed.alerts.length,
        pages: listed.pages,
        skipped: listed.skipped,
        changes: changes.length,
        durationMs,
        watermark,
      },
      'poll cycle completed',
    );
    return {
      alerts: listed.alerts.length,
      pages: listed.pages,
      skipped: listed.skipped,
      changes,
      watermark,
      durationMs,
    };
  }

  /** The shared identities `/status` lists (only keys over the limit in all are examined). */
  private refreshShared(): void {
    const max = this.options.maxAlertsPerIdentity ?? DEFAULT_MAX_ALERTS_PER_IDENTITY;
    this.st.sharedIdentities = sharedIdentities(this.state, this.options.windowMs, max, MAX_SHARED_LISTED);
  }

  /** Starts the loop (idempotent). */
  start(): void {
    this.loop.start((signal) => this.run(signal));
  }

  /** Stops the loop and waits for the current cycle to end (its batch is all-or-nothing). */
  async stop(): Promise<void> {
    await this.loop.stop();
    this.st.nextCycleAt = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let delay = this.options.intervalMs;
      try {
        await this.runCycle(signal);
      } catch (err) {
        if (signal.aborted) break;
        delay = this.recordFailure(err);
      }
      this.st.nextCycleAt = new Date(this.deps.clock.now() + delay).toISOString();
      await this.deps.clock.sleep(delay, signal).catch(() => undefined);
    }
  }

  private since(now: number): string {
    if (!this.watermark) return new Date(now - this.options.initialLookbackMs).toISOString();
    const overlap = this.options.overlapMs ?? 5 * 60_000;
    return new Date(Date.parse(this.watermark) - overlap).toISOString();
  }

  /**
   * The newest lastUpdateDateTime seen, but never past the cycle's start: an alert that changed while
   * we were paging may sit on a page already read, and must be read again next cycle.
   */
  private nextWatermark(alerts: ReadonlyArray<{ lastUpdateDateTime: string }>, started: number): string {
    let max = this.watermark ? Date.parse(this.watermark) : 0;
    for (const a of alerts) {
      const t = Date.parse(a.lastUpdateDateTime);
      if (t > max) max = t;
    }
    if (max === 0) max = started - this.options.initialLookbackMs;
    return new Date(Math.min(max, started)).toISOString();
  }

  private stateOps(touched: string[], evicted: string[]): BatchOp[] {
    const ops: BatchOp[] = [];
    for (const id of touched) {
      const record = trackedAlert(this.state, id);
      if (record) ops.push({ op: 'put', key: alertKey(id), value: record });
    }
    for (const id of evicted) ops.push({ op: 'delete', key: alertKey(id) });
    return ops;
  }

  private recordSuccess(alerts: number, pages: number, changes: number, durationMs: number): void {
    Object.assign(this.st, {
      lastCycleCompletedAt: new Date(this.deps.clock.now()).toISOString(),
      lastCycleAlerts: alerts,
      lastCyclePages: pages,
      lastCycleChanges: changes,
      lastCycleDurationMs: durationMs,
      lastError: null,
      consecutiveFailures: 0,
      cycles: this.st.cycles + 1,
      trackedAlerts: stateSize(this.state).alerts,
    });
    this.deps.onCycle?.({ ok: true, durationMs, alerts, changes });
  }

  /** Records a failed cycle and returns how long to wait: Retry-After, else exponential with jitter. */
  private recordFailure(err: unknown): number {
    this.st.consecutiveFailures += 1;
    this.st.lastError = errorMessage(err);
    this.st.cycles += 1;
    const started = this.st.lastCycleStartedAt
      ? Date.parse(this.st.lastCycleStartedAt)
      : this.deps.clock.now();
    this.deps.onCycle?.({ ok: false, durationMs: this.deps.clock.now() - started, alerts: 0, changes: 0 });
    const max = this.options.maxBackoffMs ?? 10 * 60_000;
    const exp = Math.min(max, this.options.intervalMs * 2 ** Math.min(this.st.consecutiveFailures, 10));
    const retryAfter = err instanceof GraphError ? err.retryAfterMs : undefined;
    const delay = Math.max(retryAfter ?? 0, Math.round(exp * (0.75 + Math.random() * 0.5)));
    this.deps.logger.warn(
      { err: this.st.lastError, failures: this.st.consecutiveFailures, retryInMs: delay },
      'poll cycle failed; the watermark is kept and the cycle will be retried',
    );
    return Math.min(delay, max);
  }
}
