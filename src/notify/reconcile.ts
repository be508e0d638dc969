import type { Clock } from '../clock';
import { TeamsSendError } from '../errors';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { Deliverer } from './delivery';
import type { DigestBook } from './digest';
import { matchesFilter, type FilterableAlert } from '../subscriptions/filters';
import { cardKey, emptyCardRecord, type CardRecord, type PostRecord } from '../records';
import { postRoot, recoverSend, removePost, savePost } from './rootPost';
import type { SubscriptionSource } from '../subscriptions/registry';
import type { PostedCardFinder } from './recovery';
import type { RoutableAlert, RoutingPolicy } from '../subscriptions/routing';
import { routed, warnIfUnrouted } from './routed';
import { decideSnooze, type Snooze, type SnoozableAlert } from '../subscriptions/snooze';
import type { SnoozeBook } from './snoozeBook';
import type { OutgoingActivity, TeamsTransport } from './types';
import type { Subscription } from '../subscriptions';

/** The alert card as the notifier needs it: what to send and what it shows. */
export interface RenderedAlert {
  activity: OutgoingActivity;
  /** Changes whenever what the card shows changes. */
  hash: string;
  filterable: FilterableAlert;
  dlpAlertIds: string[];
  /** What snoozes look at (user, detector, severity); without it no snooze applies. */
  snoozable?: SnoozableAlert;
  /** What routing looks at (Insider Risk, DLP policy sensitivity); without it every route shows it. */
  routable?: RoutableAlert;
}

/** Renders cards from the stored read model (a port: the notifier does not know card templates). */
export interface AlertCardSource {
  render(alertId: string, record: CardRecord, now: number): Promise<RenderedAlert | undefined>;
  dlpReply(alertId: string, dlpAlertId: string, now: number): Promise<OutgoingActivity | undefined>;
  digest(alertIds: string[], now: number): Promise<OutgoingActivity>;
  /** The summary of an ended snooze: the alerts it held back. */
  snoozeSummary?(snooze: Snooze, now: number): Promise<OutgoingActivity>;
  /** The tenant whose alerts these are; absent: the only one. */
  readonly tenant?: { name: string };
}

export type NotifyEvent =
  | 'posted'
  | 'updated'
  | 'replied'
  | 'digested'
  | 'snoozed'
  | 'pruned'
  | 'recovered'
  /** A sensitive correlation no conversation may show: no sensitive route exists (once per alert). */
  | 'unrouted';

/** How long an interrupted send waits for Graph before the card is sent again (see `recoverSend`). */
export interface RecoveryOptions {
  /** Graph shows a new message within seconds: "absent" counts only after this long. Default 15 s. */
  graceMs?: number;
  /** Graph failing transiently is waited out this long, then the card is sent anyway. Default 10 min. */
  maxWaitMs?: number;
}

export interface ReconcileDeps {
  store: Store;
  subscriptions: SubscriptionSource;
  transport: TeamsTransport;
  deliverer: Deliverer;
  cards: AlertCardSource;
  digests: DigestBook;
  clock: Clock;
  logger: Logger;
  onEvent?: (e: NotifyEvent) => void;
  /** Reads a conversation back to recover interrupted sends; without it they are sent again. */
  finder?: PostedCardFinder;
  recovery?: RecoveryOptions;
  /** Stored snoozes; without it nothing is ever held back. */
  snoozes?: SnoozeBook;
  /** The operator's routing settings (INSIDER_RISK_CARDS); default: Insider Risk alerts are not carded. */
  routing?: RoutingPolicy;
}

/** What a reconcile left undone: posts waiting for Graph before they can be resent safely. */
export interface ReconcileResult {
  deferred: number;
  /** Subscriptions removed because Teams answered that the conversation is gone or closed to the bot. */
  pruned: string[];
}

/** Teams' 404 code for a message that no longer exists (someone deleted the card); the channel is fine. */
const CARD_DELETED = 'ActivityNotFoundInConversation';

/**
 * Brings every post of one Defender alert in line with what its card should show: posts the root card
 * where a matching channel has none (or digests it when the channel is flooded), updates cards in place
 * when their content changed, and replies in the card's thread for each newly correlated DLP alert.
 * Level-triggered and idempotent: running it twice does nothing the second time.
 *
 * Filters and routing rules are decided per round, not once: a conversation without a post is asked
 * again on every update (the severity rose above its floor, the DLP policy or workload became known), and
 * one that has a post keeps it updating even when it no longer matches (a card analysts work on stays).
 *
 * `o.sensitiveRouteExists`: whether any subscription is the sensitive route (the caller knows all of
 * them; `subs` may be scoped to one conversation). Default: whether one of `subs` is.
 */
export async function reconcileAlert(
  deps: ReconcileDeps,
  alertId: string,
  subs: Subscription[],
  snoozes: ReadonlyMap<string, Snooze[]> = new Map(),
  o: { backlog?: boolean; sensitiveRouteExists?: boolean } = {},
): Promise<ReconcileResult> {
  // No channel to show it in: rendering the card (templating, the read model) would be wasted work, and
  // during a catch-up it competes with the poller for the one thread.
  if (subs.length === 0) return { deferred: 0, pruned: [] };
  const now = deps.clock.now();
  const record = (await deps.store.get<CardRecord>(cardKey(alertId)))?.value ?? emptyCardRecord(alertId);
  const rendered = await deps.cards.render(alertId, record, now);
  const result: ReconcileResult = { deferred: 0, pruned: [] };
  if (!rendered) return result;
  await warnIfUnrouted(
    deps,
    alertId,
    record,
    rendered,
    o.sensitiveRouteExists ?? subs.some((s) => s.sensitive),
  );
  for (const sub of subs) {
    const post = record.posts[sub.id];
    if (!post && !matchesFilter(rendered.filterable, sub.filter, now)) continue;
    if (!post && !routed(deps, sub, alertId, rendered)) continue;
    try {
      if (!post && (await holdForSnooze(deps, sub, alertId, rendered, snoozes.get(sub.id), now))) continue;
      const late = o.backlog === true && deps.digests.isBacklog(rendered.filterable, now);
      if ((await reconcilePost(deps, sub, alertId, post, rendered, now, late)) === 'deferred')
        result.deferred++;
    } catch (err) {
      if (err instanceof TeamsSendError && err.teamsCode === CARD_DELETED) {
        // The card was deleted in Teams, not the channel: forget the card (a later change posts it anew).
        await removePost(deps, alertId, sub.id);
        deps.logger.warn({ alertId, subscription: sub.id }, 'the card was deleted in Teams; it is forgotten');
        continue;
      }
      if (err instanceof TeamsSendError && err.gone) {
        await deps.subscriptions.remove(sub.id, `Teams answered ${err.status} ${err.teamsCode ?? ''}`.trim());
        deps.onEvent?.('pruned');
        result.pruned.push(sub.id);
        continue;
      }
      throw err;
    }
  }
  return result;
}

/**
 * A new card that a snooze in this conversation holds back: recorded on the snooze first (the summary
 * names it), then on the card record (so later rounds leave it alone). A crash in between repeats the
 * idempotent first step only.
 */
async function holdForSnooze(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  rendered: RenderedAlert,
  snoozes: Snooze[] | undefined,
  now: number,
): Promise<boolean> {
  if (!deps.snoozes || !rendered.snoozable || !snoozes?.length) return false;
  const decision = decideSnooze(snoozes, rendered.snoozable, now);
  if (decision.kind === 'post') {
    if (decision.reason === 'breaks-through')
      deps.logger.info({ alertId, subscription: sub.id }, 'a high-severity alert breaks through a snooze');
    return false;
  }
  await deps.snoozes.hold(sub.id, decision.snoozeId, alertId);
  await savePost(deps, alertId, sub, {
    state: 'snoozed',
    shownDlpIds: rendered.dlpAlertIds,
    snoozeId: decision.snoozeId,
  });
  deps.onEvent?.('snoozed');
  return true;
}

async function reconcilePost(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  post: PostRecord | undefined,
  rendered: RenderedAlert,
  now: number,
  late = false,
): Promise<'done' | 'deferred'> {
  if (post?.state === 'sending') {
    const recovered = await recoverSend(deps, sub, alertId, post, now);
    if (recovered === 'deferred') return 'deferred';
    if (recovered) return reconcilePost(deps, sub, alertId, recovered, rendered, now, late);
  }
  if (!post || post.state === 'sending') {
    if (!post && (late || deps.digests.shouldDigest(sub.id, now))) {
      await deps.digests.add(sub, alertId, now);
      await savePost(deps, alertId, sub, {
        state: 'digested',
        shownDlpIds: rendered.dlpAlertIds,
        digestKey: deps.digests.keyFor(sub.id, now),
      });
      deps.onEvent?.('digested');
      return 'done';
    }
    await postRoot(deps, sub, alertId, rendered, now);
    return 'done';
  }
  if (post.state !== 'posted' || !post.rootActivityId) return 'done';
  const rootId = post.rootActivityId;
  if (post.renderedHash !== rendered.hash) {
    await deps.deliverer.run(sub.ref.conversation.id, 'update', () =>
      deps.transport.update(sub.ref, rootId, rendered.activity),
    );
    await savePost(deps, alertId, sub, { ...post, renderedHash: rendered.hash });
    deps.onEvent?.('updated');
  }
  for (const dlpId of rendered.dlpAlertIds.filter((id) => !post.shownDlpIds.includes(id))) {
    const reply = await deps.cards.dlpReply(alertId, dlpId, now);
    if (reply) {
      await deps.deliverer.run(sub.ref.conversation.id, 'reply', () =>
        deps.transport.reply(sub.ref, rootId, reply),
      );
      deps.onEvent?.('replied');
    }
    await savePost(deps, alertId, sub, (p) => ({ ...p, shownDlpIds: [...p.shownDlpIds, dlpId] }));
  }
  return 'done';
}
