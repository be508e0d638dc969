import { randomUUID } from 'node:crypto';
import {
  correlate,
  createCorrelationState,
  DEFAULT_MAX_ALERTS_PER_IDENTITY,
  sharedIdentities,
  restoreCorrelationState,
  stateSize,
  type CorrelationState,
} from '../correlation';
import { errorMessage } from '../errors';
import { BackgroundLoop } from '../loop';
import type { Logger } from '../log';
import type { BatchOp } from '../store/types';
import { RequestBudget } from './budget';
import { WATERMARK_KEY } from '../records';
import { TrackedWriter } from './trackedWriter';
import { retryDelay } from './backoff';
import { cyclePages, type CyclePage } from './pageSource';
import { compareStamps } from '../graph/stamp';
import type { BacklogStatus, CycleResult, PollerStatus, UnreadStatus } from './types';
import type { WatermarkRecord } from '../records';
import { readWatermark } from './watermark';
import type { PollerDeps, PollerOptions } from './options';
import { noteUnread, trackProgress } from './progress';

export type { PollerOptions, PollerDeps } from './options';

/** One page's correlated changes and the batch that makes them durable. */
interface Handoff {
  ops: BatchOp[];
  changes: CycleResult['changes'];
  watermark: string;
  now: number;
  stateChanged: boolean;
}

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
  /** The watermark of the last batch handed to the store, durable or not: the next page's floor. */
  private queuedWatermark: string | null = null;
  /** When the poller last made a page durable (the watermark record's `updatedAt`): outages show here. */
  private lastDurableAt: number | null = null;
  private loaded = false;
  /** When the last cycle's listing ended, every list request of it settled (before its last batch). */
  private listedAt: number | undefined;
  /** The state changed since `/status`'s shared identities were last worked out. */
  private sharedStale = false;
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
  /** Where each tracked alert is stored: a row when correlated, else its page's segment. */
  private readonly writer = new TrackedWriter();

  constructor(
    private readonly deps: PollerDeps,
    private readonly options: PollerOptions,
  ) {
    this.budget = new RequestBudget(deps.clock, options.requestsPerMinute ?? 100);
  }

  /**
   * When this poller's last list request was over (ms since the epoch; undefined before its first
   * cycle). Every list request of a cycle settles before its listing ends, which comes before its last
   * batch is written; a cycle still listing counts as now.
   */
  lastListedAt(): number | undefined {
    if (!this.st.lastCycleStartedAt) return undefined;
    const started = Date.parse(this.st.lastCycleStartedAt);
    return this.listedAt !== undefined && this.listedAt >= started ? this.listedAt : this.deps.clock.now();
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
    this.state = restoreCorrelationState(await this.writer.load(this.deps.store));
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
      await this.absorbAll(pages, started, total, log);
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

  /**
   * One batch in flight: page N+1 is correlated while page N's batch is being written (on the store's
   * worker thread), and is sent only once page N's is durable, so the store always holds a prefix.
   */
  private async absorbAll(
    pages: AsyncIterable<CyclePage>,
    started: number,
    total: { alerts: number; pages: number; skipped: number; changes: CycleResult['changes'] },
    log: Logger,
  ): Promise<void> {
    // An outage, not a quiet tenant: nothing was made durable for longer than the backlog age.
    const catchingUp =
      this.lastDurableAt !== null &&
      started - this.lastDurableAt > (this.options.backlogAgeMs ?? 6 * 3600_000);
    let writing: Promise<void> | undefined;
    this.queuedWatermark = this.watermark;
    try {
      try {
        for await (const page of pages) {
          const handoff = this.absorb(page, started, catchingUp);
          await writing;
          writing = this.commit(handoff);
          total.alerts += page.alerts.length;
          total.skipped += page.skipped;
          total.pages += 1;
          for (const c of handoff.changes) total.changes.push(c);
          const every = this.options.logEveryPages ?? 10;
          trackProgress(this.st.backlog, page, total, every, log);
          // `/status`'s shared identities walk every identity key of the state: worked out every `every`
          // pages and at the end, not after each page (51 walks cost ~0.3 s of a 50k first poll's CPU).
          if (this.sharedStale && total.pages % every === 0) this.refreshShared();
        }
      } finally {
        // The loop is left only once the page source is settled (its look-ahead request included).
        this.listedAt = this.deps.clock.now();
      }
      await writing;
      if (this.sharedStale) this.refreshShared();
    } catch (err) {
      // A failed listing ends the cycle only once the page already sent is durable (or has failed).
      await writing?.catch(() => undefined);
      throw err;
    }
  }

  /** Correlates one page and builds its batch: state, outbox entries and watermark. */
  private absorb(page: CyclePage, started: number, catchingUp: boolean): Handoff {
    const now = this.deps.clock.now();
    const alerts = this.deps.select ? this.deps.select(page.alerts) : page.alerts;
    const { changes, touched, evicted } = correlate(this.state, alerts, now, this.options);
    const watermark = this.nextWatermark(page.readThrough, started);
    this.queuedWatermark = watermark;
    // A DLP alert a Defender alert newly matched gets its row even when this page did not touch it.
    const correlatedIds = changes.flatMap((c) =>
      c.type === 'correlated' ? [c.defenderAlertId, ...c.newMatches.map((m) => m.dlpAlertId)] : [],
    );
    const ops: BatchOp[] = [
      ...this.deps.sink.handoffOps(changes, evicted, now, { catchingUp }),
      ...this.writer.pageOps(this.state, touched, evicted, correlatedIds),
    ];
    const record: WatermarkRecord = { version: 2, watermark, updatedAt: new Date(now).toISOString() };
    ops.push({ op: 'put', key: WATERMARK_KEY, value: record });
    return { ops, changes, watermark, now, stateChanged: touched.length > 0 || evicted.length > 0 };
  }

  /**
   * Writes a page's batch; once it is durable, moves the watermark and hands the changes on. Settles
   * only through the returned promise's handlers, so a failure waits, handled, for the caller's await.
   */
  private commit(h: Handoff): Promise<void> {
    const written = this.deps.store.batch(h.ops).then(
      () => {
        this.watermark = h.watermark;
        this.lastDurableAt = h.now;
        if (h.stateChanged) this.sharedStale = true;
        this.deps.sink.afterHandoff?.(h.changes);
      },
      (err: unknown) => {
        // The reducer already moved the in-memory state (this page's, and the next one's if it was
        // correlated meanwhile): reload it from the store so the retried cycle sees those alerts as new
        // again and re-emits their changes. Earlier pages stay durable.
        this.loaded = false;
        throw err;
      },
    );
    // Handled now, awaited later: the rejection must not count as unhandled in between.
    written.catch(() => undefined);
    return written;
  }

  /** The shared identities `/status` lists (only keys over the limit in all are examined). */
  private refreshShared(): void {
    this.sharedStale = false;
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
      // The interval runs from one cycle's start to the next (a fixed rate, as POLL_INTERVAL_SECONDS says):
      // a cycle that took 8 s of a 60 s interval is followed 52 s later, not 60; one that took longer than
      // the interval (a catch-up, paced by the request budget) is followed at once.
      const started = this.deps.clock.now();
      let delay = this.options.intervalMs;
      try {
        await this.runCycle(signal);
        delay = Math.max(0, this.options.intervalMs - (this.deps.clock.now() - started));
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
    const floor = this.queuedWatermark ?? new Date(started - this.options.initialLookbackMs).toISOString();
    if (readThrough === undefined || compareStamps(readThrough, floor) <= 0) return floor;
    const capped = Math.min(Date.parse(readThrough), started);
    return new Date(Math.max(capped, Date.parse(floor))).toISOString();
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
    const delay = retryDelay(err, this.st.consecutiveFailures, this.options);
    this.deps.logger.warn(
      { err: this.st.lastError, failures: this.st.consecutiveFailures, retryInMs: delay },
      'poll cycle failed; the watermark is kept and the cycle will be retried',
    );
    return delay;
  }
}
