import { CardFactory, TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from '../log';
import type { ConversationRef } from '../notify/types';

/** Who is acting. Always taken from the activity (authenticated by the Bot Connector), never from card data. */
export interface Actor {
  /** Teams user id (`29:…`). */
  id: string;
  /** Entra object id, when Teams sent one. */
  aadObjectId?: string;
  name: string;
  /** Resolved through the roster when possible (used to attribute comments and to "assign to me"). */
  upn?: string;
}

export type Scope = 'personal' | 'groupChat' | 'channel';

export function scopeOf(activity: Partial<Activity>): Scope {
  const t = activity.conversation?.conversationType;
  if (t === 'personal' || t === 'groupChat' || t === 'channel') return t;
  return activity.conversation?.isGroup ? 'groupChat' : 'personal';
}

/** The actor of this turn; the UPN is looked up in the roster (cached per user), falling back to none. */
export async function resolveActor(ctx: TurnContext, logger: Logger): Promise<Actor> {
  const from = ctx.activity.from;
  const actor: Actor = { id: from.id, aadObjectId: from.aadObjectId, name: from.name || 'Unknown user' };
  try {
    const member = await TeamsInfo.getMember(ctx, from.id);
    if (member.userPrincipalName) actor.upn = member.userPrincipalName;
    else if (member.email) actor.upn = member.email;
    if (member.name) actor.name = member.name;
    if (!actor.aadObjectId && member.aadObjectId) actor.aadObjectId = member.aadObjectId;
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'could not resolve the member (UPN unknown)');
  }
  return actor;
}

/** The plain-JSON reference of this turn's conversation (stored for proactive posts). */
export function conversationRefOf(activity: Partial<Activity>): ConversationRef {
  const ref = TurnContext.getConversationReference(activity);
  const channelData = (activity.channelData ?? {}) as {
    team?: { id?: string; name?: string; aadGroupId?: string };
    channel?: { id?: string; name?: string };
    tenant?: { id?: string };
  };
  return {
    serviceUrl: ref.serviceUrl ?? '',
    channelId: ref.channelId ?? 'msteams',
    conversation: {
      id: ref.conversation?.id ?? '',
      conversationType: ref.conversation?.conversationType,
      tenantId: ref.conversation?.tenantId ?? channelData.tenant?.id,
      isGroup: ref.conversation?.isGroup,
    },
    bot: ref.bot ? { id: ref.bot.id, name: ref.bot.name } : undefined,
    teamId: channelData.team?.id,
    aadGroupId: channelData.team?.aadGroupId,
    teamName: channelData.team?.name,
    channelName: channelData.channel?.name,
  };
}

/** Sends a card (or text) as a reply in this turn. */
export async function replyWith(ctx: TurnContext, content: Record<string, unknown> | string): Promise<void> {
  if (typeof content === 'string') {
    await ctx.sendActivity({ type: 'message', text: content, textFormat: 'plain' });
    return;
  }
  await ctx.sendActivity({
    type: 'message',
    attachments: [CardFactory.adaptiveCard(content)],
    summary: typeof content.fallbackText === 'string' ? content.fallbackText : undefined,
  });
}
