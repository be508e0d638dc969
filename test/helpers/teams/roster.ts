/**
 * The read APIs a Teams bot uses: conversation members (all, one, paged) and team details and channels.
 * Answers come from the configured roster and teams; a 1:1 chat's roster is its one user when that
 * user is known.
 */
import { DEFAULT_BOT } from './defaults';
import { errorReply } from './faults';
import { parseConversationId, personalConversationId } from './ids';
import type { Route } from './routes';
import type { ConnectorState, Reply } from './state';

const DEFAULT_PAGE_SIZE = 200;

function fail(status: number, code: string, message?: string): Reply {
  const e = errorReply(status, code, message);
  return { status: e.status, json: e.body };
}

function rosterOf(state: ConnectorState, conversationId: string) {
  const { base } = parseConversationId(conversationId);
  if (!base.startsWith('a:')) return state.members;
  const own = state.members.filter((m) => personalConversationId(m.id, DEFAULT_BOT.id) === base);
  return own.length ? own : state.members;
}

function pagedMembers(state: ConnectorState, route: Extract<Route, { kind: 'pagedMembers' }>): Reply {
  const size = route.pageSize === null ? DEFAULT_PAGE_SIZE : Number(route.pageSize);
  if (!Number.isInteger(size) || size < 1)
    return fail(400, 'BadArgument', `Invalid pageSize ${route.pageSize}.`);
  const token =
    route.continuationToken === null ? '0' : Buffer.from(route.continuationToken, 'base64url').toString();
  if (!/^\d+$/.test(token)) return fail(400, 'BadArgument', 'Invalid continuationToken.');
  const start = Number(token);
  const all = rosterOf(state, route.conversationId);
  const members = all.slice(start, start + size);
  const next =
    start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { status: 200, json: next === undefined ? { members } : { members, continuationToken: next } };
}

/** Answers a read route; write routes never reach here. */
export function handleRead(state: ConnectorState, route: Route): Reply {
  switch (route.kind) {
    case 'members':
      return { status: 200, json: rosterOf(state, route.conversationId) };
    case 'member': {
      // Teams accepts the user's MRI or their Entra object id here.
      const m = rosterOf(state, route.conversationId).find(
        (x) => x.id === route.memberId || x.aadObjectId === route.memberId,
      );
      return m ? { status: 200, json: m } : fail(404, 'MemberNotFoundInConversation');
    }
    case 'pagedMembers':
      return pagedMembers(state, route);
    case 'teamChannels':
    case 'teamDetails': {
      const team = state.teams.find((t) => t.id === parseConversationId(route.teamId).base);
      if (!team) return fail(404, 'NotFound', `Team ${route.teamId} not found.`);
      if (route.kind === 'teamChannels') return { status: 200, json: { conversations: team.channels } };
      const { id, name, aadGroupId, channels } = team;
      const details = {
        id,
        name,
        aadGroupId,
        channelCount: channels.length,
        memberCount: state.members.length,
        type: 'standard',
      };
      return { status: 200, json: details };
    }
    default:
      return fail(405, 'BadArgument', `${route.kind} is not a read operation.`);
  }
}
