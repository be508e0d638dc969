import { BotError, errorMessage, GraphError } from '../errors';
import type { MessageContainer, TeamsMessage } from '../graph/teamsMessages';
import { channelConversationId } from '../subscriptions/registry';
import type { ConversationRef } from '../subscriptions';

/**
 * Recovering a root card whose send was interrupted (the bot died, or the connection broke, after the
 * send started and before Teams' answer was recorded). Teams may have posted it: the Bot Connector has no
 * idempotency key and cannot list a conversation, but Microsoft Graph can. The finder reads the
 * conversation's recent messages back and looks for the bot's own card of that alert.
 */
export type RecoveryVerdict =
  /** The card exists: adopt this id instead of posting again. */
  | { kind: 'found'; activityId: string }
  /** Graph was read and shows no such card. */
  | { kind: 'absent'; scanned: number }
  /** This conversation cannot be read back (no Graph team id, a personal chat, no consent). */
  | { kind: 'unknowable'; reason: string }
  /** Graph failed transiently (throttled, unavailable): ask again later. */
  | { kind: 'retry'; reason: string };

/** The notifier's port: "did my card of `alertId` reach `ref` since `since` (epoch ms)?" */
export interface PostedCardFinder {
  find(ref: ConversationRef, alertId: string, since: number): Promise<RecoveryVerdict>;
}

/** Graph's side of the finder (GraphSecurityClient). */
export interface MessageSource {
  listMessagesSince(where: MessageContainer, since: string): Promise<TeamsMessage[]>;
}

export interface GraphCardFinderOptions {
  messages: MessageSource;
  /** Our Entra app id (BOT_ID): only messages this app sent count. Unset (local development): any app. */
  botAppId?: string;
  /** The alert a root card belongs to (the cards module knows the template), or undefined. */
  cardAlertId(card: unknown): string | undefined;
}

/** Where Graph keeps a conversation's messages, or why it cannot be read. */
export function containerOf(ref: ConversationRef): MessageContainer | string {
  const id = channelConversationId(ref.conversation.id);
  switch (ref.conversation.conversationType) {
    case 'channel':
      if (!ref.aadGroupId)
        return "the subscription does not know the team's Entra group id (run /subscribe in the channel again)";
      return { teamId: ref.aadGroupId, channelId: id };
    case 'groupChat':
      return { chatId: id };
    default:
      return "a personal chat cannot be read back with the app's resource-specific consent";
  }
}

/** A bot id as Teams writes it in conversation references (`28:<app id>`) or plain. */
function plainAppId(id: string): string {
  return id.replace(/^28:/, '').toLowerCase();
}

export class GraphCardFinder implements PostedCardFinder {
  private readonly appId: string | undefined;

  constructor(private readonly o: GraphCardFinderOptions) {
    this.appId = o.botAppId ? plainAppId(o.botAppId) : undefined;
  }

  async find(ref: ConversationRef, alertId: string, since: number): Promise<RecoveryVerdict> {
    const where = containerOf(ref);
    if (typeof where === 'string') return { kind: 'unknowable', reason: where };
    let messages: TeamsMessage[];
    try {
      messages = await this.o.messages.listMessagesSince(where, new Date(since).toISOString());
    } catch (err) {
      const status = err instanceof GraphError ? err.status : undefined;
      // 400/401/403/404 will not change by asking again: no consent, unknown team, a wrong id.
      if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
        return { kind: 'unknowable', reason: errorMessage(err) };
      if (err instanceof BotError && err.code === 'permission_missing')
        return { kind: 'unknowable', reason: errorMessage(err) };
      return { kind: 'retry', reason: errorMessage(err) };
    }
    const ours = messages.filter(
      (m) =>
        m.deletedDateTime === null &&
        m.replyToId === null &&
        m.fromAppId !== undefined &&
        (this.appId === undefined || plainAppId(m.fromAppId) === this.appId) &&
        m.cards.some((c) => this.cardOf(c) === alertId),
    );
    if (ours.length === 0) return { kind: 'absent', scanned: messages.length };
    // Two copies can only come from an older bot without recovery: keep the first, as a later send would.
    ours.sort((a, b) => (a.createdDateTime ?? '').localeCompare(b.createdDateTime ?? ''));
    return { kind: 'found', activityId: ours[0]!.id };
  }

  private cardOf(content: string): string | undefined {
    try {
      return this.o.cardAlertId(JSON.parse(content));
    } catch {
      return undefined; // Not JSON: not a card of ours.
    }
  }
}
