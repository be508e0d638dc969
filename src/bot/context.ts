import { CardFactory, TurnContext, type Activity } from 'botbuilder';
import type { AccessDecision } from '../analyst';
import type { Actor, ActorLookup } from './actors';
import type { ConversationRef } from '../subscriptions';

export type { Actor, ActorLookup } from './actors';
export { actorFromActivity } from './actors';

export type Scope = 'personal' | 'groupChat' | 'channel';

export function scopeOf(activity: Partial<Activity>): Scope {
  const t = activity.conversation?.conversationType;
  if (t === 'personal' || t === 'groupChat' || t === 'channel') return t;
  return activity.conversation?.isGroup ? 'groupChat' : 'personal';
}

/**
 * The actor of this turn: the identity Teams sent, completed from the per-replica roster cache. A miss
 * reads the roster (or Graph) at most `budgetMs` (default 500 ms) before going on with the Teams name;
 * repeated clicks by the same user cost no roster read (`ActorDirectory`, `RosterCache`).
 */
export function resolveActor(ctx: TurnContext, actors: ActorLookup, budgetMs?: number): Promise<Actor> {
  return actors.resolve(ctx, budgetMs === undefined ? {} : { budgetMs });
}

/** How long a slash command may wait for who acted when its access check needs the UPN (no card deadline). */
export const COMMAND_ACCESS_WAIT_MS = 5000;

/**
 * The access check of a turn. SOC_ANALYSTS may name analysts by UPN, which the activity does not carry:
 * when the lookup outlasted its budget the policy answers `unverified` rather than "not an analyst". Then
 * this waits up to `waitMs` more for the same lookup (the cache shares the read in flight: no second
 * roster read) and asks again, so a busy roster does not turn a listed analyst away. Returns the actor as
 * completed, for the audit and the handler.
 */
export async function authorize(
  turn: TurnContext,
  services: { access: { canAct(who: Actor): Promise<AccessDecision> }; actors: ActorLookup },
  actor: Actor,
  waitMs: number,
): Promise<{ actor: Actor; decision: AccessDecision }> {
  const decision = await services.access.canAct(actor);
  if (decision.allowed || !decision.unverified || waitMs <= 0) return { actor, decision };
  const completed = await resolveActor(turn, services.actors, waitMs);
  if (!completed.upn) return { actor, decision };
  return { actor: completed, decision: await services.access.canAct(completed) };
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
