/**
 * Roster and team reads as Teams answers them, with what the tests need to hold the bot to Teams'
 * rules: every read is recorded (`FakeConnector.reads()`), injected faults apply to reads named in
 * `fault.ops`, and with `rateLimit` set a read spends the conversation's budget like a write does
 * (Teams counts `TeamsInfo.getMember` and friends against the bot's per-conversation limits).
 */
import type { ConnectorRead, ConnectorReadKind, ReadFilter } from './connectorTypes';
import { errorReply, type ErrorReply } from './faults';
import { parseConversationId } from './ids';
import { handleRead } from './roster';
import type { Route } from './routes';
import type { ConnectorState, Reply } from './state';

type ReadRoute = Extract<Route, { kind: ConnectorReadKind }>;

function conversationOf(route: ReadRoute): { raw: string; base: string } {
  const raw = 'teamId' in route ? route.teamId : route.conversationId;
  try {
    return { raw, base: parseConversationId(raw).base };
  } catch {
    // An empty `;messageid=` part: Teams would answer 400 below; record it under the raw id.
    return { raw, base: raw };
  }
}

function asReply(e: ErrorReply): Reply {
  const headers =
    e.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(e.retryAfterSeconds) };
  return { status: e.status, json: e.body, headers };
}

/** Answers a read route: injected fault, then the rate limit, then the roster; always recorded. */
export function serveRead(state: ConnectorState, route: ReadRoute): Reply {
  const { raw, base } = conversationOf(route);
  const fault = state.faults.take(route.kind, raw, base);
  let reply: Reply;
  if (fault) reply = asReply(fault);
  else {
    const wait = state.limiter?.admit(base, state.clock.now());
    reply =
      wait === undefined ? handleRead(state, route) : asReply(errorReply(429, 'Throttled', undefined, wait));
  }
  const read: ConnectorRead = {
    kind: route.kind,
    conversationId: base,
    status: reply.status,
    at: state.clock.now(),
  };
  if (route.kind === 'member') read.memberId = route.memberId;
  state.reads.push(read);
  return reply;
}

/** The recorded reads matching `filter` (a predicate or fields that must all match). */
export function filterReads(reads: readonly ConnectorRead[], filter?: ReadFilter): ConnectorRead[] {
  if (filter === undefined) return [...reads];
  if (typeof filter === 'function') return reads.filter(filter);
  const wanted = { ...filter };
  if (wanted.conversationId !== undefined)
    wanted.conversationId = parseConversationId(wanted.conversationId).base;
  return reads.filter((r) => Object.entries(wanted).every(([k, v]) => r[k as keyof ConnectorRead] === v));
}
