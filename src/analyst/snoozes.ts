import type { AlertReadModel } from '../alerts';
import { primaryUser } from '../alerts';
import type { Clock } from '../clock';
import { CardActionError } from '../errors';
import {
  isSnoozeActive,
  snoozeEnd,
  type Snooze,
  type SnoozeDuration,
  type SnoozeRequest,
  type SnoozeTarget,
  type SubscriptionRegistry,
} from '../subscriptions';
import type { Analyst } from './types';

/** The stored snoozes (the notifier's `SnoozeBook`, which also holds and summarises what they hold back). */
export interface SnoozeStore {
  set(subscriptionId: string, req: SnoozeRequest): Promise<{ snooze: Snooze; extended: boolean }>;
  forSubscription(subscriptionId: string): Promise<Snooze[]>;
  lift(subscriptionId: string, snoozeId: string, by: string): Promise<Snooze | undefined>;
}

export interface SnoozeServiceDeps {
  book: SnoozeStore;
  subscriptions: SubscriptionRegistry;
  clock: Clock;
}

/** What an analyst asked for on the card. */
export interface SnoozeAsk {
  alertId: string;
  target: SnoozeTarget['kind'];
  duration: SnoozeDuration | 'until';
  untilDate?: string;
  highBreaksThrough: boolean;
}

export type LiftOutcome = { lifted: Snooze[] } | { error: string };

/**
 * Snoozes as analysts see them: always in one subscribed conversation (a snooze silences a channel, not
 * the bot), the target read from the tracked alert (never from card data), the end checked here.
 */
export class SnoozeService {
  constructor(private readonly deps: SnoozeServiceDeps) {}

  /**
   * `alerts` is the read model of the alert's tenant (the card's `tenant`): the target is read from that
   * tenant's tracked alert, never from another tenant's alert with the same id. The snooze itself is
   * stored with the conversation's other snoozes (`snooze/`, shared by all tenants).
   */
  async snooze(
    conversationId: string,
    ask: SnoozeAsk,
    by: Analyst,
    alerts: Pick<AlertReadModel, 'tracked' | 'tenant'>,
  ): Promise<Snooze> {
    const sub = await this.deps.subscriptions.get(conversationId);
    if (!sub)
      throw new CardActionError(
        'This conversation is not subscribed, so there is nothing to snooze here. Snooze from a card in a subscribed channel or chat.',
        'not_found',
      );
    const alert = await alerts.tracked(ask.alertId);
    if (!alert || alert.isDlp)
      throw new CardActionError(`Alert ${ask.alertId} is not tracked by this bot any more.`, 'not_found');
    const tenant = alerts.tenant?.name;
    const target = { ...targetOf(alert, ask.target), ...(tenant ? { tenant } : {}) };
    const end = snoozeEnd(this.deps.clock.now(), ask.duration, ask.untilDate);
    if (!end.ok) throw new CardActionError(end.error, 'invalid');
    const { snooze } = await this.deps.book.set(sub.id, {
      target,
      until: end.until,
      highBreaksThrough: ask.highBreaksThrough,
      by: { name: by.name, upn: by.upn, aadObjectId: by.aadObjectId },
    });
    return snooze;
  }

  /** This conversation's snoozes in force, soonest end first. */
  async active(conversationId: string): Promise<Snooze[]> {
    const sub = await this.deps.subscriptions.get(conversationId);
    if (!sub) return [];
    const now = this.deps.clock.now();
    return (await this.deps.book.forSubscription(sub.id))
      .filter((s) => isSnoozeActive(s, now))
      .sort((a, b) => Date.parse(a.until) - Date.parse(b.until) || (a.id < b.id ? -1 : 1));
  }

  /** Lifts snooze number `which` (1-based, as `/snoozes` lists them) or `all`. */
  async lift(conversationId: string, which: string, by: Analyst): Promise<LiftOutcome> {
    const sub = await this.deps.subscriptions.get(conversationId);
    const list = await this.active(conversationId);
    if (!sub || list.length === 0) return { error: 'Nothing is snoozed in this conversation.' };
    const n = Number(which);
    const chosen =
      which.toLowerCase() === 'all'
        ? list
        : Number.isInteger(n) && n >= 1 && n <= list.length
          ? [list[n - 1]!]
          : undefined;
    if (!chosen)
      return {
        error: `"${which.slice(0, 20)}" is not a snooze here: use a number from 1 to ${list.length}, or all.`,
      };
    const lifted: Snooze[] = [];
    for (const s of chosen) {
      const done = await this.deps.book.lift(sub.id, s.id, by.name);
      if (done) lifted.push(done);
    }
    return { lifted };
  }
}

function targetOf(
  alert: NonNullable<Awaited<ReturnType<AlertReadModel['tracked']>>>,
  kind: SnoozeTarget['kind'],
): SnoozeTarget {
  if (kind === 'user') {
    const user = primaryUser(alert);
    if (!user) throw new CardActionError('This alert names no user to snooze; snooze its detector instead.');
    return { kind, key: user.key, display: user.display, aliases: user.keys.filter((k) => k !== user.key) };
  }
  if (!alert.detectorId)
    throw new CardActionError('Graph gave this alert no detector id; snooze its user instead.');
  return { kind, key: alert.detectorId, display: alert.title ?? alert.detectorId };
}

/** "user alex@contoso.com until 14:00 UTC (high severity comes through)" for cards and the audit log. */
export function describeSnooze(s: Snooze): string {
  const until = s.until.replace('T', ' ').slice(0, 16) + ' UTC';
  const high = s.highBreaksThrough ? 'high severity comes through' : 'high severity held too';
  return `${s.target.kind} ${s.target.display} until ${until} (${high})`;
}
