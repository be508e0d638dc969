/**
 * What the conversations hold, as Teams would show them: every message the bot posted, its latest
 * version, and which thread it lives in. Keyed by (conversation, activity id) because Teams activity ids
 * are only unique within a conversation.
 */
import type { ConnectorMessage, SentActivity } from './connectorTypes';
import { parseConversationId } from './ids';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function firstCard(activity: SentActivity): Record<string, unknown> | undefined {
  const attachment = activity.attachments?.find((a) => a?.contentType === ADAPTIVE_CARD);
  const content = attachment?.content;
  return content !== null && typeof content === 'object' ? (content as Record<string, unknown>) : undefined;
}

export class MessageStore {
  private readonly messages = new Map<string, ConnectorMessage>();

  /** `onChange` sees every message after it is posted, updated or deleted (e.g. to mirror it to Graph). */
  constructor(private readonly onChange?: (m: ConnectorMessage) => void) {}

  private static key(conversationId: string, activityId: string): string {
    return `${conversationId}\u0000${activityId}`;
  }

  post(
    conversationId: string,
    threadRootId: string | undefined,
    activityId: string,
    activity: SentActivity,
    at: number,
  ): void {
    const message: ConnectorMessage = {
      conversationId,
      activityId,
      activity,
      card: firstCard(activity),
      versions: 1,
      deleted: false,
      postedAt: at,
      updatedAt: at,
    };
    if (threadRootId !== undefined) message.threadRootId = threadRootId;
    this.messages.set(MessageStore.key(conversationId, activityId), message);
    this.onChange?.(message);
  }

  /** The live (not deleted) message, or undefined: Teams answers 404 for both unknown and deleted ids. */
  find(conversationId: string, activityId: string): ConnectorMessage | undefined {
    const message = this.messages.get(MessageStore.key(conversationId, activityId));
    return message && !message.deleted ? message : undefined;
  }

  update(message: ConnectorMessage, activity: SentActivity, at: number): void {
    message.activity = activity;
    message.card = firstCard(activity);
    message.versions += 1;
    message.updatedAt = at;
    this.onChange?.(message);
  }

  remove(message: ConnectorMessage, at: number): void {
    message.deleted = true;
    message.updatedAt = at;
    this.onChange?.(message);
  }

  /** Top-level messages carrying an Adaptive Card, oldest first, each in its latest version. */
  cardsIn(conversationId: string): ConnectorMessage[] {
    const { base } = parseConversationId(conversationId);
    return this.live().filter((m) => m.conversationId === base && m.threadRootId === undefined && m.card);
  }

  /** Live replies in one channel thread, oldest first. */
  threadReplies(conversationId: string, rootId: string): ConnectorMessage[] {
    const { base } = parseConversationId(conversationId);
    return this.live().filter((m) => m.conversationId === base && m.threadRootId === rootId);
  }

  clear(): void {
    this.messages.clear();
  }

  private live(): ConnectorMessage[] {
    return [...this.messages.values()].filter((m) => !m.deleted).map((m) => ({ ...m }));
  }
}
