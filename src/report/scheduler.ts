import { sleepUnlessAborted, type Clock } from '../clock';
import { BackgroundLoop } from '../loop';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { Deliverer, TeamsTransport } from '../notify';
import type { Subscription } from '../subscriptions';
import type { Store } from '../store/types';
import { updateConditionally } from '../store/update';
import { DEFAULT_TENANT, scheduleKey, slotKey, type ScheduleRecord, type SlotRecord } from '../records';
import { formatSlotTime, localDateTimeOf, slotAfter, slotAtOrBefore, type SlotTime } from './schedule';
import type { ReportService } from './service';

/** Dependencies and settings of `ReportScheduler`. */
export interface ReportSchedulerOptions {
  /** Local times of day (minutes after midnight) from REPORT_SCHEDULE. */
  times: readonly SlotTime[];
  /** IANA zone (REPORT_TIME_ZONE). */
  timeZone: string;
  reports: ReportService;
  store: Store;
  subscriptions: { list(): Promise<Subscription[]> };
  transport: TeamsTransport;
  /** The notifier's Deliverer: pacing per conversation, retries on 429/5xx with Retry-After. */
  deliverer: Deliverer;
  clock: Clock;
  logger: Logger;
  /** Who claims slots, for the records and logs. */
  replicaId: string;
  /** Tenant segment of the store keys. Default `default`. */
  tenant?: string;
  /** A slot handled later than this after its due time is "late" and the card says so, ms. Default 5 min. */
  lateAfterMs?: number;
  /** Longest sleep between checks, ms (a clock jump or a lost lease is noticed this fast). Default 60 s. */
  maxSleepMs?: number;
}

/** What one check did (for tests and logs). */
export interface SlotOutcome {
  due: number;
  late: boolean;
  sent: number;
  failed: number;
}

/**
 * Sends the scheduled shift report to every subscribed channel, once per slot. A leader task: only the
 * replica holding the lease runs it. "Once" holds across replicas and restarts because every step is an
 * eTag-conditional write in the shared store: the slot is claimed (create-only) before anything is sent,
 * each channel is marked `sending` before its send and `sent` after. A channel left `sending` (the process
 * died mid-send) is not sent again: a report repeated in a channel is the failure this design rules out;
 * the gap is logged. Only the latest due slot is considered, so after downtime the missed slot is sent
 * once, late, and older missed slots are skipped.
 */
export class ReportScheduler {
  private readonly loop = new BackgroundLoop('report scheduler');
  private readonly tenant: string;
  private readonly spec: string;

  constructor(private readonly o: ReportSchedulerOptions) {
    this.tenant = o.tenant ?? DEFAULT_TENANT;
    this.spec = `${o.times.map(formatSlotTime).join(',')} ${o.timeZone}`;
  }

  /** Handles the latest due slot if it is not done yet; returns what was done, or undefined. */
  async checkOnce(): Promise<SlotOutcome | undefined> {
    const now = this.o.clock.now();
    const since = await this.scheduleSince(now);
    const due = slotAtOrBefore(now, this.o.times, this.o.timeZone);
    if (due === undefined || due < since) return undefined;
    const record = await this.claim(due, now);
    if (!record || record.done) {
      this.o.logger.debug({ slot: new Date(due).toISOString() }, 'scheduled report slot already handled');
      return undefined;
    }
    return this.deliver(due, record, now);
  }

  /** Checks now, then at each slot (at most `maxSleepMs` apart) until `stop()`. Idempotent. */
  start(): void {
    this.loop.start((signal) => this.run(signal));
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.checkOnce();
      } catch (err) {
        this.o.logger.warn({ err: errorMessage(err) }, 'scheduled report check failed; will retry');
      }
      const now = this.o.clock.now();
      const next = slotAfter(now, this.o.times, this.o.timeZone) ?? now + 3_600_000;
      const wait = Math.max(1_000, Math.min(next - now, this.o.maxSleepMs ?? 60_000));
      await sleepUnlessAborted(this.o.clock, wait, signal);
    }
  }

  /** When the current schedule started (recorded once; a changed schedule starts again). */
  private async scheduleSince(now: number): Promise<number> {
    const written = await updateConditionally<ScheduleRecord>(
      this.o.store,
      scheduleKey(this.tenant),
      (current) =>
        current?.spec === this.spec ? undefined : { spec: this.spec, since: new Date(now).toISOString() },
    );
    if (written) this.o.logger.info({ schedule: this.spec }, 'report schedule in effect from now');
    const record = written ?? (await this.o.store.get<ScheduleRecord>(scheduleKey(this.tenant)))?.value;
    return record ? Date.parse(record.since) : now;
  }

  /** The slot's record: created (create-only) by the first replica to get there, else read. */
  private async claim(due: number, now: number): Promise<SlotRecord | undefined> {
    const key = slotKey(this.tenant, due);
    const created = await updateConditionally<SlotRecord>(this.o.store, key, (current) =>
      current
        ? undefined
        : {
            due: new Date(due).toISOString(),
            from: new Date(this.previousSlot(due)).toISOString(),
            claimedBy: this.o.replicaId,
            claimedAt: new Date(now).toISOString(),
            late: now - due > (this.o.lateAfterMs ?? 300_000),
            deliveries: {},
            done: false,
          },
    );
    if (created) {
      this.o.logger.info({ slot: created.due, late: created.late }, 'scheduled report slot claimed');
      return created;
    }
    return (await this.o.store.get<SlotRecord>(key))?.value;
  }

  private previousSlot(due: number): number {
    return slotAtOrBefore(due - 1, this.o.times, this.o.timeZone) ?? due - 86_400_000;
  }

  /** Sends to every subscribed channel not yet handled for this slot, then marks the slot done. */
  private async deliver(due: number, record: SlotRecord, now: number): Promise<SlotOutcome> {
    const key = slotKey(this.tenant, due);
    // Late is judged per send: a channel finished by a later leader after a crash gets it late too.
    const late = now - due > (this.o.lateAfterMs ?? 300_000);
    const outcome: SlotOutcome = { due, late, sent: 0, failed: 0 };
    for (const sub of await this.o.subscriptions.list()) {
      // A channel that subscribed after the slot was due waits for the next one.
      if (Date.parse(sub.createdAt) > due) continue;
      const mine = await updateConditionally<SlotRecord>(this.o.store, key, (cur) =>
        !cur || cur.done || cur.deliveries[sub.id]
          ? undefined
          : { ...cur, deliveries: { ...cur.deliveries, [sub.id]: { state: 'sending', at: iso(now) } } },
      );
      if (!mine) {
        const d = (await this.o.store.get<SlotRecord>(key))?.value.deliveries[sub.id];
        if (d?.state === 'sending')
          this.o.logger.warn(
            { slot: record.due, subscription: sub.id },
            'a scheduled report send was interrupted; not sent again (it may or may not have arrived)',
          );
        continue;
      }
      const result = await this.sendOne(sub, record, now, late);
      if (result.activityId) outcome.sent++;
      else outcome.failed++;
      await updateConditionally<SlotRecord>(this.o.store, key, (cur) =>
        cur ? { ...cur, deliveries: { ...cur.deliveries, [sub.id]: result } } : undefined,
      );
    }
    await updateConditionally<SlotRecord>(this.o.store, key, (cur) =>
      cur && !cur.done ? { ...cur, done: true } : undefined,
    );
    this.o.logger.info({ slot: record.due, ...outcome, due: undefined }, 'scheduled report slot done');
    return outcome;
  }

  private async sendOne(
    sub: Subscription,
    record: SlotRecord,
    now: number,
    late: boolean,
  ): Promise<SlotRecord['deliveries'][string]> {
    try {
      const due = Date.parse(record.due);
      const card = await this.o.reports.card({
        from: Date.parse(record.from),
        to: due,
        now,
        include: await this.o.reports.audienceOf(sub.ref.conversation.id, sub.filter),
        conversationId: sub.ref.conversation.id,
        ...(sub.tenants ? { tenants: sub.tenants } : {}),
        title: 'Scheduled shift report',
        late: late ? this.lateText(due, now) : undefined,
      });
      // A send with no HTTP answer may have posted: not retried (a report twice is what we rule out).
      const activityId = await this.o.deliverer.run(
        sub.ref.conversation.id,
        'send',
        () => this.o.transport.send(sub.ref, { card, summary: card.fallbackText }),
        { noRetryWithoutAnswer: true },
      );
      return { state: 'sent', at: iso(now), activityId };
    } catch (err) {
      this.o.logger.warn({ subscription: sub.id, err: errorMessage(err) }, 'scheduled report not delivered');
      return { state: 'failed', at: iso(now), error: errorMessage(err).slice(0, 300) };
    }
  }

  private lateText(due: number, now: number): string {
    const zone = this.o.timeZone;
    return (
      `Sent late: this report was due at ${localDateTimeOf(due, zone)} (${zone}) and is sent at ` +
      `${localDateTimeOf(now, zone)}; the bot was not running or not leading at the time.`
    );
  }
}

const iso = (t: number): string => new Date(t).toISOString();
