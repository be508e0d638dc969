import { randomUUID } from 'node:crypto';
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
import { BackgroundLoop } from '../loop';
import type { BatchOp } from '../store/types';
import { RequestBudget } from './budget';
import { alertKey, ALERT_PREFIX, WATERMARK_KEY } from '../records';
import { cyclePages, type CyclePage } from './pageSource';
import { compareStamps } from '../graph/stamp';
import type { BacklogStatus, CycleResult, PollerStatus, UnreadStatus } from './types';
import type { WatermarkRecord } from '../records';
import { readWatermark } from './watermark';
import type { PollerDeps, PollerOptions } from './options';
import { noteUnread, trackProgress } from './progress';

export type { PollerOptions, PollerDeps } from './options';

/** Shared identities listed in `/status` at most (the worst first). */
const MAX_SHARED_LISTED = 10;

/**
 * The one stateful loop around the correlation reducer. Each cycle pages on time from the watermark
 * (minus an overlap); each page is correlated and its changed correlation state, outbox entries and
 * watermark written in one batch while the next page downloads. The watermark only advances once a
 * page's changes are durable; a failed cycle keeps what was written and backs off.
 */
export class Poller {
  private state: CorrelationState = createCorrelationState();
  private watermark: string | null = null;
  /** When the poller last made a page durable (the watermark record's `updatedAt`): outages show here. */
  private lastDurableAt: number | null = null;
  private loaded = false;
  private readonly loop = new BackgroundLoop('poller');
  private readonly st: PollerStatus & { backlog: BacklogStatus; unread: UnreadStatus[] } = {
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
    backlog: { active: false, pagesRead: 0, alertsRead: 0, boundary: null, estimatedRemaining: null },
    sharedIdentities: [],
    unread: [],
  };
  private readonly budget: RequestBudget;

  constructor(
    private readonly deps: PollerDeps,
    private readonly options: PollerOptions,
  ) {
    this.budget = new RequestBudget(deps.clock, options.requestsPerMinute ?? 100);
  }

  status(): PollerStatus {
    return {
      ...this.st,
      running: this.loop.running,
      watermark: this.watermark,
      backlog: { ...this.st.backlog },
      unread: [...this.st.unread],
    };
  }

  /** Loads the watermark and the tracked alerts from the store (on start and on gaining leadership). */
  async load(): Promise<void> {
    const wm = readWatermark((await this.deps.store.get<unknown>(WATERMARK_KEY))?.value);
    this.watermark = wm.record?.watermark ?? null;
    this.lastDurableAt = wm.record ? Date.parse(wm.record.updatedAt) : null;
    if (wm.migratedFrom !== undefined && wm.record) {
      await this.deps.store.batch([{ op: 'put', key: WATERMARK_KEY, value: wm.record }]);
      this.deps.logger.info(
        { from: wm.migratedFrom, watermark: this.watermark },
        'poller watermark migrated to the current format (its position is kept)',
      );
    }
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

  /**
   * Runs one cycle: pages on time and makes each page durable as it comes (correlation state, outbox
   * entries and watermark in one batch), while the next page is already being fetched. A crash or a
   * failure keeps every page before it. Throws on failure (the loop catches, records and backs off).
   */
  async runCycle(signal?: AbortSignal): Promise<CycleResult> {
    if (!this.loaded) await this.load();
    const started = this.deps.clock.now();
    const cycleId = randomUUID();
    const log = this.deps.logger.child({ cycleId });
    this.st.lastCycleStartedAt = new Date(started).toISOString();
    const since = this.since(started);
    log.debug({ since }, 'poll cycle started');
    const total = { alerts: 0, pages: 0, skipped: 0, changes: [] as CycleResult['changes'] };
    this.st.backlog = {
      active: true,
      pagesRead: 0,
      alertsRead: 0,
      boundary: since,
      estimatedRemaining: null,
    };
    const pages = cyclePages(this.deps.source, since, {
      pageSize: this.options.pageSize ?? 1000,
      budget: this.budget,
      signal,
      requestId: cycleId,
      logger: log,
      onUnread: (slice) => noteUnread(this.st.unread, slice, this.deps.clock.now(), log),
    });
    try {
      // An outage, not a quiet tenant: nothing was made durable for longer than the backlog age.
      const catchingUp =
        this.lastDurableAt !== null &&
        started - this.lastDurableAt > (this.options.backlogAgeMs ?? 6 * 3600_000);
      for await (const page of pages) {
        const changes = await this.absorb(page, started, catchingUp);
        total.alerts += page.alerts.length;
        total.skipped += page.skipped;
        total.pages += 1;
        for (const c of changes) total.changes.push(c);
        trackProgress(this.st.backlog, page, total, this.options.logEveryPages ?? 10, log);
      }
    } finally {
      this.st.backlog.active = false;
    }
    const watermark = this.watermark ?? new Date(started - this.options.initialLookbackMs).toISOString();
    const durationMs = this.deps.clock.now() - started;
    this.recordSuccess(total.alerts, total.pages, total.changes.length, durationMs);
    const { alerts, pages: n, skipped, changes } = total;
    log.info(
      { alerts, pages: n, skipped, changes: changes.length, durationMs, watermark },
      'poll cycle completed',
    );
    return { alerts, pages: n, skipped, changes, watermark, durationMs };
  }

  /** Correlates one page and writes its state, outbox entries and watermark in one batch. */
  private async absorb(
    page: CyclePage,
    started: number,
    catchingUp: boolean,
  ): Promise<CycleResult['changes']> {
    const now = this.deps.clock.now();
    const alerts = this.deps.select ? this.deps.select(page.alerts) : page.alerts;
    const { changes, touched, evicted } = correlate(this.state, alerts, now, this.options);
    const watermark = this.nextWatermark(page.readThrough, started);
    const ops: BatchOp[] = [
      ...this.deps.sink.handoffOps(changes, evicted, now, { catchingUp }),
      ...this.stateOps(touched, evicted),
    ];
    const record: WatermarkRecord = { version: 2, watermark, updatedAt: new Date(now).toISOString() };
    ops.push({ op: 'put', key: WATERMARK_KEY, value: record });
    try {
      await this.deps.store.batch(ops);
    } catch (err) {
      // The reducer already moved the in-memory state: reload it from the store so the retried cycle
      // sees this page's alerts as new again and re-emits their changes. Earlier pages stay durable.
      this.loaded = false;
      throw err;
    }
    this.watermark = watermark;
    this.lastDurableAt = now;
    if (touched.length > 0 || evicted.length > 0) this.refreshShared();
    this.deps.sink.afterHandoff?.(changes);
    return changes;
  }

  /** The shared identities `/status` lists (only keys over the limit in all are examined). */
  private refreshShared(): void {
    const max = this.options.maxAlertsPerIdentity ?? DEFAULT_MAX_ALERTS_PER_IDENTITY;
    this.st.sharedIdentities = sharedIdentities(this.state, this.options.windowMs, max, MAX_SHARED_LISTED);
  }

  /**
   * Starts the loop (idempotent). `notBefore` (epoch ms): the first cycle waits until then (a tenant
   * handed over by a replica that polled it moments ago keeps its interval).
   */
  start(o: { notBefore?: number } = {}): void {
    this.loop.start(async (signal) => {
      const wait = (o.notBefore ?? 0) - this.deps.clock.now();
      if (wait > 0) {
        this.st.nextCycleAt = new Date(o.notBefore!).toISOString();
        await this.deps.clock.sleep(wait, signal).catch(() => undefined);
      }
      await this.run(signal);
    });
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
   * The page's read-through point, but never past the cycle's start (an alert that changes while we page
   * is read again next cycle) and never backwards.
   */
  private nextWatermark(readThrough: string | undefined, started: number): string {
    const floor = this.watermark ?? new Date(started - this.options.initialLookbackMs).toISOString();
    if (readThrough === undefined || compareStamps(readThrough, floor) <= 0) return floor;
    const capped = Math.min(Date.parse(readThrough), started);
    return new Date(Math.max(capped, Date.parse(floor))).toISOString();
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
