import type { CorrelationChange } from '../correlation';
import { errorMessage } from '../errors';
import { BackgroundLoop } from '../loop';
import type { BatchOp, StoredItem } from '../store/types';
import type { Snooze, Subscription } from '../subscriptions';
import { reconcileAlert, type ReconcileDeps } from './reconcile';
import { deleteCompleted, outboxPut } from './outbox';
import { correlatedKey, OUTBOX_PREFIX, outboxKey, type OutboxEntry } from '../records';

export interface NotifierOptions {
  /** How often the outbox is checked when nothing wakes the notifier. Default 1000 ms. */
  idleMs?: number;
  /** Outbox entries read per round (bounds memory with a slow connector). Default 100. */
  batchSize?: number;
  /** Told of every hand-off once it is durable (the correlation metrics). */
  onHandoff?: (changes: CorrelationChange[]) => void;
}

export interface NotifierStatus {
  running: boolean;
  lastRoundAt: string | null;
  lastError: string | null;
  pending: number;
}

/**
 * Delivers the outbox: every entry names a Defender alert whose cards must be brought up to date. The
 * poller writes entries in the same batch as its watermark; card actions write them too. An entry is
 * deleted only after its alert is reconciled, so a crash or a Teams outage loses nothing, and since
 * reconciling is idempotent, an entry handled twice posts nothing twice.
 */
export class Notifier {
  private seq = 0;
  private readonly loop = new BackgroundLoop('notifier');
  private wake: (() => void) | undefined;
  private readonly st: NotifierStatus = { running: false, lastRoundAt: null, lastError: null, pending: 0 };

  constructor(
    private readonly deps: ReconcileDeps,
    private readonly options: NotifierOptions = {},
  ) {}

  status(): NotifierStatus {
    return { ...this.st, running: this.loop.running };
  }

  /**
   * The poller's hand-off: one outbox entry per changed Defender alert, the `/alerts` index entry of each
   * newly correlated one, and the removal of evicted ones from that index.
   */
  handoffOps(
    changes: CorrelationChange[],
    evicted: string[],
    now: number,
    context?: { catchingUp: boolean },
  ): BatchOp[] {
    const seen = new Set<string>();
    const ops: BatchOp[] = evicted.map((id) => ({ op: 'delete' as const, key: correlatedKey(id) }));
    for (const c of changes) {
      if (c.type === 'correlated' && c.first)
        ops.push({
          op: 'put',
          key: correlatedKey(c.defenderAlertId),
          value: { alertId: c.defenderAlertId, firstCorrelatedAt: new Date(now).toISOString() },
        });
      const alertId = c.type === 'correlated' ? c.defenderAlertId : c.alertId;
      if (seen.has(alertId)) continue;
      seen.add(alertId);
      const entry: OutboxEntry = {
        alertId,
        reason: c.type === 'correlated' ? 'correlated' : 'changed',
        queuedAt: new Date(now).toISOString(),
        ...(context?.catchingUp ? { backlog: true } : {}),
      };
      ops.push(outboxPut(now, this.seq++, entry));
    }
    return ops;
  }

  /** The poller's batch with this hand-off is durable: count it and wake the loop. */
  afterHandoff(changes: CorrelationChange[] = []): void {
    this.options.onHandoff?.(changes);
    this.kick();
  }

  /** Queues a refresh of an alert's cards (after an analyst action) and wakes the loop. */
  async enqueue(alertId: string, reason: OutboxEntry['reason'] = 'action'): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.put(outboxKey(now, this.seq++, alertId), {
      alertId,
      reason,
      queuedAt: new Date(now).toISOString(),
    });
    this.kick();
  }

  kick(): void {
    this.wake?.();
  }

  start(): void {
    this.loop.start((signal) => this.run(signal));
  }

  async stop(): Promise<void> {
    const stopped = this.loop.stop();
    this.kick();
    await stopped;
  }

  /** Handles up to one batch of outbox entries; returns how many entries were completed. */
  async processOutbox(): Promise<number> {
    const entries = await this.deps.store.list<OutboxEntry>(OUTBOX_PREFIX, {
      limit: this.options.batchSize ?? 100,
    });
    this.st.pending = entries.length;
    if (entries.length === 0) {
      // A digest owed from an earlier round or process (Teams failed, a crash) is still sent.
      const subs = await this.deps.subscriptions.list();
      if (this.deps.digests.hasWork()) await this.flushDigests(subs);
      await this.flushSnoozes(subs);
      return 0;
    }
    let subs = await this.deps.subscriptions.list();
    const snoozes = (await this.deps.snoozes?.bySubscription()) ?? new Map();
    const byAlert = new Map<string, StoredItem<OutboxEntry>[]>();
    for (const e of entries) byAlert.set(e.value.alertId, [...(byAlert.get(e.value.alertId) ?? []), e]);
    let done = 0;
    let failed: unknown;
    const completed: StoredItem<OutboxEntry>[][] = [];
    for (const [alertId, items] of byAlert) {
      try {
        // A deferred post (an interrupted send waiting for Graph) keeps its entries for the next round.
        const backlog = items.some((i) => i.value.backlog === true);
        const scoped = scopeOf(items, subs);
        const { deferred, pruned } = await reconcileAlert(this.deps, alertId, scoped, snoozes, {
          backlog,
          sensitiveRouteExists: subs.some((s) => s.sensitive),
        });
        // A conversation Teams closed to the bot (403/404, now unsubscribed) gets nothing more this round
        // either: a backfill queues many alerts for one conversation, each would meet the same 403.
        if (pruned.length > 0) subs = subs.filter((s) => !pruned.includes(s.id));
        if (deferred > 0) continue;
        completed.push(items);
      } catch (err) {
        // One alert's failure (Teams down for that channel) must not hold back the others.
        failed = err;
        this.deps.logger.warn({ alertId, err: errorMessage(err) }, 'card delivery failed; will retry');
      }
    }
    // After every reconcile of the round: one batch, never an entry before its cards are current.
    try {
      done = await deleteCompleted(this.deps.store, completed, this.deps.logger);
    } catch (err) {
      failed = err;
      this.deps.logger.warn(
        { err: errorMessage(err) },
        'outbox entries could not be deleted; they are reconciled again',
      );
    }
    await this.flushDigests(subs);
    await this.flushSnoozes(subs);
    this.st.lastRoundAt = new Date(this.deps.clock.now()).toISOString();
    if (failed !== undefined) throw failed;
    this.st.lastError = null;
    return done;
  }

  private async flushDigests(subs: Subscription[]): Promise<void> {
    await this.deps.digests.flush(
      this.deps,
      (ids) => this.deps.cards.digest(ids, this.deps.clock.now()),
      subs,
    );
  }

  /** Summaries of snoozes that ended (expired or lifted), once, by the leader (the one notifier running). */
  private async flushSnoozes(subs: Subscription[]): Promise<void> {
    const { snoozes, cards, clock } = this.deps;
    if (!snoozes || !cards.snoozeSummary) return;
    // A snooze set from one tenant's card is summarised by that tenant's notifier (its read model).
    const mine = cards.tenant?.name;
    const owns = (s: Snooze) => !mine || !s.target.tenant || s.target.tenant === mine;
    await snoozes.flushEnded(this.deps, (s) => cards.snoozeSummary!(s, clock.now()), subs, owns);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let more = false;
      try {
        more = (await this.processOutbox()) >= (this.options.batchSize ?? 100);
        failures = 0;
      } catch (err) {
        failures++;
        this.st.lastError = errorMessage(err);
        this.deps.logger.error(
          { err: this.st.lastError, failures },
          'notifier round failed; the outbox is kept',
        );
      }
      if (more) continue;
      const idle = (this.options.idleMs ?? 1000) * Math.min(2 ** failures, 30);
      await this.sleepOrWake(idle, signal);
    }
  }

  /**
   * Sleeps until `ms` pass, the loop stops, or `kick()` wakes it. Each sleep has its own abort signal, so a
   * wake cancels its timer and listener instead of leaving them behind until the timer would have fired.
   */
  private sleepOrWake(ms: number, signal: AbortSignal): Promise<void> {
    const nap = new AbortController();
    const stop = (): void => nap.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.wake = undefined;
        signal.removeEventListener('abort', stop);
        resolve();
      };
      this.wake = () => {
        nap.abort(new Error('woken'));
        done(); // Also for clocks whose sleep ignores the signal (test clocks).
      };
      this.deps.clock.sleep(ms, nap.signal).then(done, done);
    });
  }
}

/**
 * The subscriptions an alert's entries ask for: every one, unless all entries are scoped to single
 * subscriptions (a backfill), so backfilling one channel never posts old alerts in another.
 */
function scopeOf(items: StoredItem<OutboxEntry>[], subs: Subscription[]): Subscription[] {
  if (items.some((i) => i.value.subscriptionId === undefined)) return subs;
  const wanted = new Set(items.map((i) => i.value.subscriptionId));
  return subs.filter((s) => wanted.has(s.id));
}
