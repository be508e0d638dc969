/**
 * Send, reply, update and delete on `/v3/conversations/{id}/activities[/{activityId}]`, answered as
 * Teams does: 201 `{id}` for a new message, 200 `{id}` for an update, 200 with no body for a delete.
 * Order of checks: the request itself (400/413), injected faults, the message exists (404), the rate
 * limit (429), then the write is applied and recorded.
 */
import type { ConnectorOpKind, SentActivity } from './connectorTypes';
import { errorReply, isErrorReply, type ErrorReply } from './faults';
import { nextMessageId, parseConversationId } from './ids';
import type { ConnectorState, Reply } from './state';

export interface WriteRequest {
  kind: Exclude<ConnectorOpKind, 'create'>;
  rawConversationId: string;
  activityId?: string;
  body: string;
  authorization?: string;
}

/** Where a refused write was going, for the rejection record. */
export interface Target {
  op: ConnectorOpKind;
  conversationId: string;
  threadRootId?: string;
  activityId?: string;
}

/** Records a refusal and turns it into the HTTP answer (with `Retry-After` when it has one). */
export function refuse(
  state: ConnectorState,
  t: Target,
  e: ErrorReply,
  reason: 'fault' | 'rateLimit' | 'invalid',
): Reply {
  state.log.reject({
    ...t,
    status: e.status,
    code: e.code,
    reason,
    retryAfterSeconds: e.retryAfterSeconds,
    at: state.clock.now(),
  });
  const headers =
    e.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(e.retryAfterSeconds) };
  return { status: e.status, json: e.body, headers };
}

/** Parses a request body that must be a JSON object; the error is the one the Bot Connector answers. */
export function readJsonObject(body: string): Record<string, unknown> | ErrorReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return errorReply(400, 'BadSyntax', `The request body is not valid JSON: ${err.message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return errorReply(400, 'BadArgument', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Checks an activity the bot wants posted: it has a type and fits Teams' size limit. */
export function checkActivity(value: unknown, maxBytes: number): SentActivity | ErrorReply {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return errorReply(400, 'BadArgument', 'The activity must be a JSON object.');
  }
  const activity = value as SentActivity;
  // Teams measures the payload as UTF-16: two bytes per JavaScript string unit.
  if (JSON.stringify(activity).length * 2 > maxBytes) return errorReply(413, 'MessageSizeTooBig');
  if (typeof activity.type !== 'string' || !activity.type) {
    return errorReply(400, 'BadArgument', 'Activity.type is required (e.g. "message").');
  }
  return activity;
}

function readActivity(body: string, maxBytes: number): SentActivity | ErrorReply {
  const parsed = readJsonObject(body);
  return isErrorReply(parsed) ? parsed : checkActivity(parsed, maxBytes);
}

export function handleWrite(state: ConnectorState, req: WriteRequest): Reply {
  let address: { base: string; threadRootId?: string };
  try {
    address = parseConversationId(req.rawConversationId);
  } catch (err) {
    const t = { op: req.kind, conversationId: req.rawConversationId };
    return refuse(state, t, errorReply(400, 'BadArgument', (err as Error).message), 'invalid');
  }
  const target: Target = {
    op: req.kind,
    conversationId: address.base,
    threadRootId: address.threadRootId,
    activityId: req.activityId,
  };
  const activity = req.kind === 'delete' ? {} : readActivity(req.body, state.maxMessageBytes);
  if (isErrorReply(activity)) return refuse(state, target, activity, 'invalid');
  const fault = state.faults.take(req.kind, req.rawConversationId, address.base);
  if (fault) return refuse(state, target, fault, 'fault');
  if (req.kind === 'update' || req.kind === 'delete') return changeExisting(state, req, target, activity);
  return post(state, req, target, activity);
}

function admit(state: ConnectorState, target: Target): Reply | undefined {
  const wait = state.limiter?.admit(target.conversationId, state.clock.now());
  if (wait === undefined) return undefined;
  return refuse(state, target, errorReply(429, 'Throttled', undefined, wait), 'rateLimit');
}

function post(state: ConnectorState, req: WriteRequest, target: Target, activity: SentActivity): Reply {
  const throttled = admit(state, target);
  if (throttled) return throttled;
  const at = state.clock.now();
  const activityId = nextMessageId();
  // The thread is chosen by the conversation id alone; the id in `…/activities/{id}` only becomes replyToId.
  state.store.post(target.conversationId, target.threadRootId, activityId, activity, at);
  state.log.record({
    op: req.kind,
    conversationId: target.conversationId,
    ...(target.threadRootId !== undefined ? { threadRootId: target.threadRootId } : {}),
    activityId,
    ...(req.kind === 'reply' ? { replyToId: req.activityId } : {}),
    activity,
    at,
    ...(req.authorization !== undefined ? { authorization: req.authorization } : {}),
  });
  return { status: 201, json: { id: activityId } };
}

function changeExisting(
  state: ConnectorState,
  req: WriteRequest,
  target: Target,
  activity: SentActivity,
): Reply {
  const message = state.store.find(target.conversationId, req.activityId!);
  if (!message) {
    const detail = `Activity ${req.activityId} not found in conversation ${target.conversationId}.`;
    return refuse(state, target, errorReply(404, 'ActivityNotFoundInConversation', detail), 'invalid');
  }
  const where: Target = { ...target, threadRootId: message.threadRootId };
  const throttled = admit(state, where);
  if (throttled) return throttled;
  const at = state.clock.now();
  const recorded = req.kind === 'delete' ? message.activity : activity;
  if (req.kind === 'delete') state.store.remove(message, at);
  else state.store.update(message, activity, at);
  state.log.record({
    op: req.kind,
    conversationId: target.conversationId,
    ...(message.threadRootId !== undefined ? { threadRootId: message.threadRootId } : {}),
    activityId: message.activityId,
    activity: recorded,
    at,
    ...(req.authorization !== undefined ? { authorization: req.authorization } : {}),
  });
  return req.kind === 'delete' ? { status: 200 } : { status: 200, json: { id: message.activityId } };
}
