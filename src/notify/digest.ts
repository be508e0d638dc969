import type { Store } from '../store/types';
import type { Deliverer } from './delivery';
import { updateRecord } from './records';
import type { OutgoingActivity, Subscription, TeamsTransport } from './types';

const WINDOW_MS = 60_000;

/** One digest card: the alerts that did not get a card of their own in one channel and minute. */
export interface DigestRecord {
  subscriptionId: string;
  windowStart: string;
  alertIds: string[];
  activityId?: string;
  shownCount: number;
}

/**
 * Flood control per channel: up to `maxPerMinute` new root cards per minute; past that, alerts join one
 * digest card for that minute, posted once and updated in place as it grows (one Teams operation per
 * flush, not per alert).
 */
export class DigestBook {
  private readonly posted = new Map<string, { window: number; count: number }>();
  private readonly dirty = new Map<string, Subscription>();

  constructor(
    private readonly store: Store,
    private readonly maxPerMinute: number,
  ) {}

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
    return `digest/${subscriptionId}/${String(window(now)).padStart(15, '0')}`;
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

  /** Posts or updates every digest card that changed since the last flush. */
  async flush(
    deps: { transport: TeamsTransport; deliverer: Deliverer },
    render: (alertIds: string[]) => Promise<OutgoingActivity>,
  ): Promise<number> {
    let n = 0;
    for (const [key, sub] of [...this.dirty]) {
      const current = await this.store.get<DigestRecord>(key);
      this.dirty.delete(key);
      if (!current || current.value.shownCount === current.value.alertIds.length) continue;
      const activity = await render(current.value.alertIds);
      const conv = sub.ref.conversation.id;
      const existing = current.value.activityId;
      const activityId = existing
        ? (await deps.deliverer.run(conv, 'update', () => deps.transport.update(sub.ref, existing, activity)),
          existing)
        : await deps.deliverer.run(conv, 'send', () => deps.transport.send(sub.ref, activity));
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
}

function window(now: number): number {
  return Math.floor(now / WINDOW_MS) * WINDOW_MS;
}
