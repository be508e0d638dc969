/**
 * The root card of one alert in one conversation: its first send (recorded `sending` before, `posted`
 * after), the recovery of a send that was interrupted (Graph tells whether Teams has the card), and the
 * post records on the alert's card record. Used by `reconcileAlert` (reconcile.ts).
 */
import { TeamsSendError } from '../errors';
import { cardKey, emptyCardRecord, type CardRecord, type PostRecord } from '../records';
import { updateRecord } from '../store/update';
import type { Subscription } from '../subscriptions';
import type { ReconcileDeps, RenderedAlert } from './reconcile';

/** Clock skew between us and Teams that the read-back tolerates. */
const SKEW_MS = 5 * 60_000;

/**
 * A post left `sending`: Teams may or may not have the card. Asks the finder (Graph) and adopts the card
 * when it exists (the caller then brings it up to date); returns undefined when the card must be sent
 * (checked absent, or the conversation cannot be checked), or `deferred` while Graph may still be catching
 * up or is failing transiently. Sending again is the last resort: a duplicate is better than a lost alert.
 */
export async function recoverSend(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  post: PostRecord,
  now: number,
): Promise<PostRecord | 'deferred' | undefined> {
  const log = { alertId, subscription: sub.id };
  if (!deps.finder) {
    deps.logger.warn(log, 'a root card send was interrupted; sending it again (no way to check Teams)');
    return undefined;
  }
  const startedAt = Date.parse(post.updatedAt);
  const age = now - (Number.isFinite(startedAt) ? startedAt : now);
  const verdict = await deps.finder.find(
    sub.ref,
    alertId,
    (Number.isFinite(startedAt) ? startedAt : now) - SKEW_MS,
  );
  switch (verdict.kind) {
    case 'found': {
      const adopted: PostRecord = {
        ...post,
        state: 'posted',
        rootActivityId: verdict.activityId,
        renderedHash: undefined,
      };
      await savePost(deps, alertId, sub, () => adopted);
      deps.digests.countPost(sub.id, now);
      deps.onEvent?.('recovered');
      deps.logger.info(
        { ...log, activityId: verdict.activityId },
        'an interrupted root card send had reached Teams; the card is kept, not posted again',
      );
      return adopted;
    }
    case 'absent':
      if (age < (deps.recovery?.graceMs ?? 15_000)) return 'deferred';
      deps.logger.info(
        { ...log, scanned: verdict.scanned },
        'an interrupted root card send never reached Teams; sending it',
      );
      return undefined;
    case 'retry':
      if (age < (deps.recovery?.maxWaitMs ?? 600_000)) {
        deps.logger.warn(
          { ...log, err: verdict.reason },
          'cannot check Teams for an interrupted card yet; will retry',
        );
        return 'deferred';
      }
      deps.logger.warn(
        { ...log, err: verdict.reason },
        'an interrupted root card send could not be checked for too long; sending it again (it may appear twice)',
      );
      return undefined;
    default:
      deps.logger.warn(
        { ...log, reason: verdict.reason },
        'a root card send was interrupted and Teams cannot be checked; sending it again (it may appear twice)',
      );
      return undefined;
  }
}

/** Sends the root card to one conversation: `sending` is recorded first, `posted` with its activity id after. */
export async function postRoot(
  deps: ReconcileDeps,
  sub: Subscription,
  alertId: string,
  rendered: RenderedAlert,
  now: number,
): Promise<void> {
  // Recorded before the send: after a crash, a `sending` post says a card may exist, showing these DLP
  // alerts (so a recovered card gets thread replies only for the ones it lacks).
  await savePost(deps, alertId, sub, { state: 'sending', shownDlpIds: rendered.dlpAlertIds });
  let id: string;
  try {
    id = await deps.deliverer.run(
      sub.ref.conversation.id,
      'send',
      () => deps.transport.send(sub.ref, rendered.activity),
      // Retrying a send whose answer was lost could post the card twice: the recovery path checks first.
      { noRetryWithoutAnswer: deps.finder !== undefined },
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

/** Writes one conversation's post record on the alert's card record (eTag-conditional, retried on conflict). */
export async function savePost(
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

/** Forgets one conversation's post (Teams said no card exists there). */
export async function removePost(
  deps: ReconcileDeps,
  alertId: string,
  subscriptionId: string,
): Promise<void> {
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
