import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { Deliverer } from './delivery';
import { updateRecord } from '../store/update';
import { hasEnded, isActive, type Snooze, type SnoozeRequest } from '../subscriptions';
import { stableId, type Subscription } from '../subscriptions';
import type { OutgoingActivity, TeamsTransport } from './types';
import { SNOOZE_PREFIX, snoozeKey, snoozePrefix } from '../records';

/** Renders the summary card of an ended snooze (a port, like the notifier's AlertCardSource). */
export type SnoozeSummaryRenderer = (snooze: Snooze) => Promise<OutgoingActivity>;

/**
 * Stored snoozes. Every replica reads and writes the shared store, so a snooze set through one replica
 * holds on the leader's notifier wherever it runs, and survives restarts. Writes are eTag-conditional
 * (`updateRecord`): a hold by the notifier and a lift by an analyst on another replica do not lose each
 * other's change.
 */
export class SnoozeBook {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Records the end of a snooze in the audit log (who set it, what it held); optional. */
    private readonly audit?: (entry: { action: string; result: 'ok'; detail: string }) => Promise<void>,
  ) {}

  /** Sets a snooze, or changes the end of the active one on the same target (its held alerts are kept). */
  async set(subscriptionId: string, req: SnoozeRequest): Promise<{ snooze: Snooze; extended: boolean }> {
    const now = this.clock.now();
    const active = (await this.forSubscription(subscriptionId)).find(
      (s) =>
        isActive(s, now) &&
        s.target.kind === req.target.kind &&
        s.target.key === req.target.key &&
        s.target.tenant === req.target.tenant,
    );
    // A new id per snooze: an ended one may still owe its summary while the same target is snoozed again.
    const of = `${req.target.tenant ? `${req.target.tenant}:` : ''}${req.target.kind}:${req.target.key}`;
    const id = active?.id ?? `${stableId(of)}-${now.toString(36)}`;
    const snooze = await updateRecord<Snooze>(
      this.store,
      snoozeKey(subscriptionId, id),
      () => ({
        id,
        subscriptionId,
        target: req.target,
        until: new Date(req.until).toISOString(),
        highBreaksThrough: req.highBreaksThrough,
        createdBy: req.by,
        createdAt: new Date(now).toISOString(),
        held: [],
      }),
      (s) => ({ ...s, until: new Date(req.until).toISOString(), highBreaksThrough: req.highBreaksThrough }),
    );
    this.logger.info(
      { subscription: subscriptionId, snooze: id, kind: req.target.kind, until: snooze.until },
      active ? 'snooze changed' : 'snooze set',
    );
    return { snooze, extended: active !== undefined };
  }

  async forSubscription(subscriptionId: string): Promise<Snooze[]> {
    return (await this.store.list<Snooze>(snoozePrefix(subscriptionId))).map((i) => i.value);
  }

  /** Every stored snooze (all conversations), grouped by subscription id. */
  async bySubscription(): Promise<Map<string, Snooze[]>> {
    const out = new Map<string, Snooze[]>();
    for (const { value } of await this.store.list<Snooze>(SNOOZE_PREFIX)) {
      out.set(value.subscriptionId, [...(out.get(value.subscriptionId) ?? []), value]);
    }
    return out;
  }

  /** Records that `alertId` was held back by a snooze (idempotent). */
  async hold(subscriptionId: string, snoozeId: string, alertId: string): Promise<void> {
    await updateRecord<Snooze | null>(
      this.store,
      snoozeKey(subscriptionId, snoozeId),
      () => null,
      (s) => (s === null || s.held.includes(alertId) ? s : { ...s, held: [...s.held, alertId] }),
    );
  }

  /** Lifts a snooze now; its summary follows on the notifier's next round. False when none is active. */
  async lift(subscriptionId: string, snoozeId: string, by: string): Promise<Snooze | undefined> {
    const key = snoozeKey(subscriptionId, snoozeId);
    const existing = await this.store.get<Snooze>(key);
    if (!existing || !isActive(existing.value, this.clock.now())) return undefined;
    const at = new Date(this.clock.now()).toISOString();
    const lifted = await updateRecord<Snooze>(
      this.store,
      key,
      () => existing.value,
      (s) => ({ ...s, lifted: s.lifted ?? { by, at } }),
    );
    this.logger.info({ subscription: subscriptionId, snooze: snoozeId }, 'snooze lifted');
    return lifted;
  }

  /**
   * Posts the summary of every ended snooze that held alerts, then forgets it (the deletion is the record
   * that the summary went out: a restart finds nothing to send again). Only the leader's notifier calls
   * this, so one replica sends. A crash between the send and the deletion sends the summary once more,
   * which is logged; the alerts it names are never lost. Returns how many summaries were posted.
   */
  async flushEnded(
    deps: { transport: TeamsTransport; deliverer: Deliverer },
    render: SnoozeSummaryRenderer,
    subs: readonly Subscription[],
    owns: (snooze: Snooze) => boolean = () => true,
  ): Promise<number> {
    const now = this.clock.now();
    let sent = 0;
    for (const item of await this.store.list<Snooze>(SNOOZE_PREFIX)) {
      const s = item.value;
      // Another tenant's notifier summarises it: only that tenant's read model knows the held alerts.
      if (!hasEnded(s, now) || !owns(s)) continue;
      const sub = subs.find((x) => x.id === s.subscriptionId);
      if (sub && s.held.length > 0) {
        try {
          const activity = await render(s);
          await deps.deliverer.run(sub.ref.conversation.id, 'send', () =>
            deps.transport.send(sub.ref, activity),
          );
          sent++;
        } catch (err) {
          // Kept for the next round: the held alerts must still reach the channel.
          this.logger.warn({ snooze: s.id, err: errorMessage(err) }, 'snooze summary not sent; will retry');
          continue;
        }
      }
      // Conditional: an alert held meanwhile (eTag changed) keeps the record for the next round.
      await this.store.delete(item.key, { ifMatch: item.etag }).catch((err: unknown) => {
        this.logger.warn(
          { snooze: s.id, err: errorMessage(err) },
          'ended snooze changed; kept for next round',
        );
      });
      this.logger.info(
        { subscription: s.subscriptionId, snooze: s.id, held: s.held.length, lifted: Boolean(s.lifted) },
        'snooze ended',
      );
      const detail = `${s.target.kind} ${s.target.display} set by ${s.createdBy.name}, ${s.lifted ? `lifted by ${s.lifted.by}` : 'expired'}; ${s.held.length} held alert(s) summarised`;
      await this.audit?.({ action: 'snooze.ended', result: 'ok', detail }).catch((err: unknown) => {
        this.logger.warn({ snooze: s.id, err: errorMessage(err) }, 'could not audit the end of a snooze');
      });
    }
    return sent;
  }
}
