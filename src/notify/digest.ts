import { TeamsSendError } from '../errors';
import type { Store } from '../store/types';
import type { Deliverer } from './delivery';
import { updateRecord } from '../store/update';
import type { OutgoingActivity, TeamsTransport } from './types';
import type { Subscription } from '../subscriptions';
import { DIGEST_PREFIX, digestKey } from '../records';

const WINDOW_MS = 60_000;

/** One digest card: the alerts that did not get a card of their own in one channel and minute. */
export interface DigestRecord {
  subscriptionId: string;
  windowStart: string;
  alertIds: string[];
  activityId?: string;
  shownCount: number;
}

/** Digest records fully shown and older than this are deleted when the book is recovered (start-up). */
const KEEP_SHOWN_MS = 24 * 3600_000;

/**
 * Flood control per channel: up to `maxPerMinute` new root cards per minute; past that, alerts join one
 * digest card for that minute, posted once and updated in place as it grows (one Teams operation per
 * flush, not per alert). What a digest must show is stored before its alerts' outbox entries go: a
 * digest that could not be sent (Teams failed, the process died) is found again in the store and sent
 * on a later flush, so no digested alert is lost.
 */
export class DigestBook {
  private readonly posted = new Map<string, { window: number; count: number }>();
  private readonly dirty = new Map<string, Subscription>();
  private recovered = false;

  constructor(
    private readonly store: Store,
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
    /** Correlations whose Defender activity ended longer ago than this (ms) are digested. Default 6 h. */
    private readonly backlogAgeMs: number = 6 * 3600_000,
  ) {}

  /**
   * A correlation a catch-up found late: its Defender alert is already resolved, or its activity ended
   * more than `backlogAgeMs` ago. After an outage there can be thousands: they go into the channel's
   * digest card instead of one card each (issue 18).
   */
  isBacklog(alert: { status: string; end: number }, now: number): boolean {
    return alert.status === 'resolved' || (Number.isFinite(alert.end) && alert.end < now - this.backlogAgeMs);
  }

  shouldDigest(subscriptionId: string, now: number): boolean {
    const c = this.posted.get(subscriptionId);
    return c !== undefined && c.window === window(now) && c.count >= this.maxPerMinute;
  }

  countPost(subscriptionId: string, now: number): void {
    const c = this.posted.get(subscriptionId);
    if (c && c.window === window(now)) c.count++;
    else this.posted.set(subscriptionId, { window: window(now), count: 1 });
  }

  keyFor(subscriptionId: string, now: number): string {
    return digestKey(subscriptionId, window(now));
  }

  async add(sub: Subscription, alertId: string, now: number): Promise<void> {
    const key = this.keyFor(sub.id, now);
    await updateRecord<DigestRecord>(
      this.store,
      key,
      () => ({
        subscriptionId: sub.id,
        windowStart: new Date(window(now)).toISOString(),
        alertIds: [],
        shownCount: 0,
      }),
      (d) => (d.alertIds.includes(alertId) ? d : { ...d, alertIds: [...d.alertIds, alertId] }),
    );
    this.dirty.set(key, sub);
  }

  /** Whether a flush may have anything to do (digests changed, or the store was not read since start-up). */
  hasWork(): boolean {
    return !this.recovered || this.dirty.size > 0;
  }

  /**
   * Posts or updates every digest card that changed since the last flush. The first flush also picks up
   * digests a previous process left unsent (`subs`: the current subscriptions, to address them).
   */
  async flush(
    deps: { transport: TeamsTransport; deliverer: Deliverer },
    render: (alertIds: string[]) => Promise<OutgoingActivity>,
    subs: readonly Subscription[] = [],
  ): Promise<number> {
    if (!this.recovered) await this.recover(subs);
    let n = 0;
    for (const [key, sub] of [...this.dirty]) {
      const current = await this.store.get<DigestRecord>(key);
      this.dirty.delete(key);
      if (!current || current.value.shownCount === current.value.alertIds.length) continue;
      const activity = await render(current.value.alertIds);
      const conv = sub.ref.conversation.id;
      const existing = current.value.activityId;
      let activityId: string;
      try {
        activityId = existing
          ? (await deps.deliverer.run(conv, 'update', () =>
              deps.transport.update(sub.ref, existing, activity),
            ),
            existing)
          : await deps.deliverer.run(conv, 'send', () => deps.transport.send(sub.ref, activity));
      } catch (err) {
        // Still owed after a transient failure: the next flush tries again. A 403/404 (the channel or the
        // card is gone) is not retried here.
        if (!(err instanceof TeamsSendError) || err.transient) this.dirty.set(key, sub);
        throw err;
      }
      await updateRecord<DigestRecord>(
        this.store,
        key,
        () => current.value,
        (d) => ({
          ...d,
          activityId,
          shownCount: current.value.alertIds.length,
        }),
      );
      n++;
    }
    return n;
  }

  /** Marks every stored digest that still owes alerts; forgets old ones that owe nothing. */
  private async recover(subs: readonly Subscription[]): Promise<void> {
    const now = this.now();
    for (const item of await this.store.list<DigestRecord>(DIGEST_PREFIX)) {
      const d = item.value;
      if (d.shownCount < d.alertIds.length) {
        const sub = subs.find((s) => s.id === d.subscriptionId);
        if (sub) this.dirty.set(item.key, sub);
      } else if (now - Date.parse(d.windowStart) > KEEP_SHOWN_MS) {
        await this.store.delete(item.key);
      }
    }
    this.recovered = true;
  }
}

function window(now: number): number {
  return Math.floor(now / WINDOW_MS) * WINDOW_MS;
}
