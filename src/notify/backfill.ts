import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { AlertFilter, FilterableAlert } from '../subscriptions/filters';
import { cardKey, outboxKey, type CardRecord, type OutboxEntry } from '../records';
import type { Subscription } from '../subscriptions';

/** The correlated alerts a backfill chooses from (the read model's `/alerts` query). */
export interface CorrelatedAlertSource {
  listCorrelated(
    filter: AlertFilter,
    now: number,
    limit?: number,
  ): Promise<{ alerts: Array<FilterableAlert & { id: string }> }>;
}

export interface BackfillOptions {
  /** How far back a new subscription looks, ms (SUBSCRIBE_BACKFILL_HOURS). Default 24 h. */
  lookbackMs?: number;
  /** Most alerts queued by one backfill (the rest are listed by /alerts). Default 500. */
  maxAlerts?: number;
  /** The channel's card limit per minute (MAX_NEW_CARDS_PER_MINUTE), to tell how many come as cards. */
  cardsPerMinute?: number;
}

/** What a backfill queued, for the answer to `/subscribe`. */
export interface BackfillResult {
  /** Open correlated alerts queued for this conversation (newest first). */
  queued: number;
  /** Matching alerts already shown here (or held by a snooze): not queued again. */
  alreadyShown: number;
  lookbackHours: number;
  /** At most this many come as cards of their own; the rest arrive in one digest card. */
  asCards: number;
}

/**
 * A new subscription starts with the open work: the open (not resolved) correlated alerts of the lookback
 * that match its filter are queued in the outbox, scoped to this subscription, in one store batch. The
 * notifier then posts them like any new alert, so the channel's per-minute limit, its digest card, its
 * snoozes and the "never twice" record (`card/<id>`) all apply: a second `/subscribe` finds the posts
 * and queues nothing. Works on any replica: the leader's notifier picks the entries up.
 */
export class Backfill {
  private seq = 0;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      logger: Logger;
      alerts: CorrelatedAlertSource;
      /** The routing rules: whether an alert may show in `sub`'s conversation (default: yes). */
      routed?: (sub: Subscription, alertId: string) => Promise<boolean>;
    },
    private readonly options: BackfillOptions = {},
  ) {}

  async run(sub: Subscription): Promise<BackfillResult> {
    const now = this.deps.clock.now();
    const lookbackMs = this.options.lookbackMs ?? 24 * 3_600_000;
    const { alerts } = await this.deps.alerts.listCorrelated(
      { ...sub.filter, sinceMs: lookbackMs },
      now,
      this.options.maxAlerts ?? 500,
    );
    const candidates = alerts.filter((a) => a.status !== 'resolved');
    const routed = this.deps.routed;
    const allowed = routed ? await Promise.all(candidates.map((a) => routed(sub, a.id))) : [];
    // The sensitive rule holds for the backfill too: what may not show here is neither queued nor counted.
    const open = routed ? candidates.filter((_a, i) => allowed[i]) : candidates;
    const records = await Promise.all(open.map((a) => this.deps.store.get<CardRecord>(cardKey(a.id))));
    const wanted = open.filter((_a, i) => !records[i]?.value.posts[sub.id]);
    const queuedAt = new Date(now).toISOString();
    if (wanted.length > 0)
      await this.deps.store.batch(
        // The subscription is in the key too: a backfill entry never overwrites another process's
        // unscoped entry for the same alert queued in the same millisecond.
        wanted.map((a) => ({
          op: 'put' as const,
          key: outboxKey(now, this.seq++, `${a.id}.${sub.id}`),
          value: {
            alertId: a.id,
            reason: 'backfill',
            queuedAt,
            subscriptionId: sub.id,
          } satisfies OutboxEntry,
        })),
      );
    const result = {
      queued: wanted.length,
      alreadyShown: open.length - wanted.length,
      lookbackHours: Math.round(lookbackMs / 3_600_000),
      asCards: Math.min(wanted.length, this.options.cardsPerMinute ?? wanted.length),
    };
    this.deps.logger.info({ subscription: sub.id, ...result }, 'subscription backfill queued');
    return result;
  }
}
