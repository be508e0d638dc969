import type { Clock } from '../clock';
import { TeamsSendError } from '../errors';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { Deliverer } from './delivery';
import type { DigestBook } from './digest';
import { matchesFilter, type FilterableAlert } from './filters';
import { cardKey, emptyCardRecord, updateRecord, type CardRecord, type PostRecord } from './records';
import type { SubscriptionRegistry } from './subscriptions';
import type { OutgoingActivity, Subscription, TeamsTransport } from './types';

/** The alert card as the notifier needs it: what to send and what it shows. */
export interface RenderedAlert {
  activity: OutgoingActivity;
  /** Changes whenever what the card shows changes. */
  hash: string;
  filterable: FilterableAlert;
  dlpAlertIds: string[];
}

/** Renders cards from the stored read model (a port: the notifier does not know card templates). */
export interface AlertCardSource {
  render(alertId: string, record: CardRecord, now: number): Promise<RenderedAlert | undefined>;
  dlpReply(alertId: string, dlpAlertId: string, now: number): Promise<OutgoingActivity | undefined>;
  digest(alertIds: string[], now: number): Promise<OutgoingActivity>;
}

export type NotifyEvent = 'posted' | 'updated' | 'replied' | 'digested' | 'pruned';

export interface ReconcileDeps {
  store: Store;
  subscriptions: SubscriptionRegistry;
  transport: TeamsTransport;
  deliverer: Deliverer;
  cards: AlertCardSource;
  digests: DigestBook;
  clock: Clock;
  logger: Logger;
  onEvent?: (e: NotifyEvent) => void;
}

/** Teams' 404 code for a message that no longer exists (someone deleted the card); the channel is fine. */
const CARD_DELETED = 'ActivityNotFoundInConversation';

/**
 * Brings every post of one Defender alert in line with what its card should show: posts the root card
 * where a matching channel has none (or digests it when the channel is flooded), updates cards in place
 * when their content changed, and replies in the card's thread for each newly correlated DLP alert.
 * Level-triggered and idempotent: running it twice does nothing the second time.
 */
export async function reconcileAlert(
  deps: ReconcileDeps,
  alertId: string,
  subs: Subscription[],
): Promise<void> {
  const now = deps.clock.now();
  const record = (await deps.store.get<CardRecord>(cardKey(alertId)))?.value ?? emptyCardRecord(alertId);
  const rendered = await deps.cards.render(alertId, record, now);
  if (!rendered) return;
  for (const sub of subs) {
    const post = record.posts[sub.id];
    if (!post && !matchesFilter(rendered.filterable, sub.filter, now)) continue;
    try {
      await reconcilePost(deps, sub, alertId, post, rendered, now);
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
        continue;
      }
      throw err;
    }
  }
}

async function reconcilePost(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  post: PostRecord | undefined,
  rendered: RenderedAlert,
  now: number,
): Promise<void> {
  if (!post || post.state === 'sending') {
    if (post?.state === 'sending')
      deps.logger.warn(
        { alertId, subscription: sub.id },
        'a root card send was interrupted; sending it again',
      );
    if (!post && deps.digests.shouldDigest(sub.id, now)) {
      await deps.digests.add(sub, alertId, now);
      await savePost(deps, alertId, sub, {
        state: 'digested',
        shownDlpIds: rendered.dlpAlertIds,
        digestKey: deps.digests.keyFor(sub.id, now),
      });
      deps.onEvent?.('digested');
      return;
    }
    await postRoot(deps, sub, alertId, rendered, now);
    return;
  }
  if (post.state !== 'posted' || !post.rootActivityId) return;
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
}

async function postRoot(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  rendered: RenderedAlert,
  now: number,
): Promise<void> {
  // Recorded before the send: after a crash, a `sending` post says a card may exist.
  await savePost(deps, alertId, sub, { state: 'sending', shownDlpIds: [] });
  let id: string;
  try {
    id = await deps.deliverer.run(sub.ref.conversation.id, 'send', () =>
      deps.transport.send(sub.ref, rendered.activity),
    );
  } catch (err) {
    // An HTTP answer means Teams did not post it: forget the attempt. No answer (status 0) stays
    // `sending`: the card may exist.
    if (err instanceof TeamsSendError && err.status !== 0) await removePost(deps, alertId, sub.id);
    throw err;
  }
  await savePost(deps, alertId, sub, {
    state: 'posted',
    rootActivityId: id,
    renderedHash: rendered.hash,
    shownDlpIds: rendered.dlpAlertIds,
  });
  deps.digests.countPost(sub.id, now);
  deps.onEvent?.('posted');
}

type PostFields = Omit<PostRecord, 'subscriptionId' | 'conversationId' | 'updatedAt'>;

async function savePost(
  deps: ReconcileDeps,
  alertId: string,
  sub: Subscription,
  fields: PostFields | ((p: PostRecord) => PostRecord),
): Promise<void> {
  const updatedAt = new Date(deps.clock.now()).toISOString();
  await updateRecord<CardRecord>(
    deps.store,
    cardKey(alertId),
    () => emptyCardRecord(alertId),
    (rec) => {
      const base: PostRecord = rec.posts[sub.id] ?? {
        subscriptionId: sub.id,
        conversationId: sub.ref.conversation.id,
        state: 'sending',
        shownDlpIds: [],
        updatedAt,
      };
      const next = typeof fields === 'function' ? fields(base) : { ...base, ...fields };
      return { ...rec, posts: { ...rec.posts, [sub.id]: { ...next, updatedAt } } };
    },
  );
}

async function removePost(deps: ReconcileDeps, alertId: string, subscriptionId: string): Promise<void> {
  await updateRecord<CardRecord>(
    deps.store,
    cardKey(alertId),
    () => emptyCardRecord(alertId),
    (rec) => {
      const posts = { ...rec.posts };
      delete posts[subscriptionId];
      return { ...rec, posts };
    },
  );
}
