/**
 * `POST /v3/conversations` as Teams answers it. In a channel (`isGroup: true` with
 * `channelData.channel.id`) it posts the activity as a new top-level message and answers
 * `{id: '<channel>;messageid=<X>', activityId: '<X>'}`: the id that addresses the new thread. With
 * `members: [{id}]` it opens (or finds) the 1:1 chat with that user, which Teams keeps stable per user.
 * Bots cannot create group chats.
 */
import type { SentActivity } from './connectorTypes';
import { DEFAULT_BOT } from './defaults';
import { errorReply, isErrorReply } from './faults';
import { nextMessageId, parseConversationId, personalConversationId, threadConversationId } from './ids';
import type { ConnectorState, Reply } from './state';
import { checkActivity, readJsonObject, refuse, type Target } from './writes';

interface CreateParams {
  isGroup?: boolean;
  bot?: { id?: string };
  members?: Array<{ id?: string }>;
  channelData?: { channel?: { id?: string } };
  activity?: unknown;
}

/** Which conversation the parameters address, or why they cannot address one. */
function resolve(p: CreateParams): { conversationId: string; channel: boolean } | string {
  const channelId = p.channelData?.channel?.id;
  if (typeof channelId === 'string' && channelId) {
    return { conversationId: parseConversationId(channelId).base, channel: true };
  }
  if (p.isGroup)
    return 'Bots cannot create group chats; to start a channel thread set channelData.channel.id.';
  const userId = p.members?.[0]?.id;
  if (typeof userId !== 'string' || !userId) {
    return 'createConversation needs channelData.channel.id (a channel thread) or members: [{id}] (a 1:1 chat).';
  }
  return { conversationId: personalConversationId(userId, p.bot?.id ?? DEFAULT_BOT.id), channel: false };
}

export function handleCreate(state: ConnectorState, body: string, authorization?: string): Reply {
  const parsed = readJsonObject(body);
  const unknownTarget: Target = { op: 'create', conversationId: '' };
  if (isErrorReply(parsed)) return refuse(state, unknownTarget, parsed, 'invalid');
  const params = parsed as CreateParams;
  const where = resolve(params);
  if (typeof where === 'string')
    return refuse(state, unknownTarget, errorReply(400, 'BadArgument', where), 'invalid');
  const target: Target = { op: 'create', conversationId: where.conversationId };
  if (params.activity === undefined && !where.channel)
    return { status: 201, json: { id: where.conversationId } };
  if (params.activity === undefined) {
    return refuse(
      state,
      target,
      errorReply(400, 'BadArgument', 'Starting a channel thread needs an activity.'),
      'invalid',
    );
  }
  const activity = checkActivity(params.activity, state.maxMessageBytes);
  if (isErrorReply(activity)) return refuse(state, target, activity, 'invalid');
  const fault = state.faults.take('create', where.conversationId, where.conversationId);
  if (fault) return refuse(state, target, fault, 'fault');
  const wait = state.limiter?.admit(where.conversationId, state.clock.now());
  if (wait !== undefined)
    return refuse(state, target, errorReply(429, 'Throttled', undefined, wait), 'rateLimit');
  return start(state, where, activity, authorization);
}

function start(
  state: ConnectorState,
  where: { conversationId: string; channel: boolean },
  activity: SentActivity,
  authorization?: string,
): Reply {
  const at = state.clock.now();
  const activityId = nextMessageId();
  state.store.post(where.conversationId, undefined, activityId, activity, at);
  state.log.record({
    op: 'create',
    conversationId: where.conversationId,
    activityId,
    activity,
    at,
    ...(authorization !== undefined ? { authorization } : {}),
  });
  const id = where.channel ? threadConversationId(where.conversationId, activityId) : where.conversationId;
  return { status: 201, json: { id, activityId } };
}
