import { badRequest, notFound, type RequestContext, type Route, SimHttpError } from '../http';
import type { Container, StoredMessage } from '../state/teamsMessages';
import type { SimContext, TenantSim } from './context';
import { readOptions } from './odata';

/** Graph's page cap for channel and chat messages (`$top` above it is refused). */
export const MESSAGES_MAX_TOP = 50;
const DEFAULT_TOP = 20;

/** Tenant-wide roles that read any channel's / chat's messages; otherwise the container's RSC grant. */
export const CHANNEL_READ_ROLES = ['ChannelMessage.Read.All', 'Group.Read.All', 'Group.ReadWrite.All'];
export const CHAT_READ_ROLES = ['Chat.Read.All', 'Chat.ReadWrite.All', 'ChatMessage.Read.All'];

/**
 * `GET /teams/{team-id}/channels/{channel-id}/messages/delta` (root messages changed after a
 * `lastModifiedDateTime gt` filter, paged by `$skiptoken`, ending with a `@odata.deltaLink`) and
 * `GET /chats/{chat-id}/messages` (`$top`, `$orderby … desc`, `$filter` on the ordered property).
 */
export function teamsMessageRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1.0/teams/{teamId}/channels/{channelId}/messages/delta',
      kind: 'graph',
      list: true,
      handle: (ctx) => channelDelta(sim.tenantOf(ctx), ctx),
    },
    {
      method: 'GET',
      pattern: '/v1.0/chats/{chatId}/messages',
      kind: 'graph',
      list: true,
      handle: (ctx) => chatMessages(sim.tenantOf(ctx), ctx),
    },
  ];
}

function forbidden(anyOf: string[], rsc: string, ctx: RequestContext): SimHttpError {
  const roles = (ctx.claims?.roles ?? []).join(',');
  return new SimHttpError(
    403,
    'Forbidden',
    `Missing role permissions on the request. API requires one of '${[rsc, ...anyOf].join(', ')}'. Roles on the request '${roles}'. Resource specific consent grants on the request ''.`,
  );
}

function authorize(c: Container, anyOf: string[], rsc: string, ctx: RequestContext): void {
  const granted = new Set((ctx.claims?.roles ?? []).map((r) => r.toLowerCase()));
  if (c.rscGranted || anyOf.some((r) => granted.has(r.toLowerCase()))) return;
  throw forbidden(anyOf, rsc, ctx);
}

function top(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOP;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MESSAGES_MAX_TOP)
    throw badRequest(`Invalid page size specified: '${value}'. Must be between 1 and ${MESSAGES_MAX_TOP}.`);
  return Number(value);
}

const ISO = String.raw`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2}))`;

function instant(text: string): number {
  const t = Date.parse(text);
  if (!Number.isFinite(t)) throw badRequest(`'${text}' is not a valid date-time.`);
  return t;
}

/** Opaque page and delta tokens: what the next request resumes from. */
interface DeltaState {
  after: number;
  top: number;
  offset: number;
}

function encodeToken(s: DeltaState): string {
  return Buffer.from(JSON.stringify(s)).toString('base64url');
}

function decodeToken(token: string): DeltaState {
  try {
    const s = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    if ([s.after, s.top, s.offset].every((n) => Number.isFinite(n))) return s;
  } catch {
    // Falls through: Graph answers 400 for a token it did not issue.
  }
  throw badRequest('The skip token or delta token is invalid or has expired.');
}

function channelDelta(sim: TenantSim, ctx: RequestContext) {
  const options = readOptions(ctx.query, ['$filter', '$top', '$expand', '$skiptoken', '$deltatoken']);
  const { teamId, channelId } = ctx.params as { teamId: string; channelId: string };
  if (!sim.teamsMessages.hasTeam(teamId)) throw notFound(`No team found with Group Id ${teamId}`);
  const c = sim.teamsMessages.container({ teamId, channelId });
  if (!c) throw notFound(`Channel ${channelId} was not found in team ${teamId}.`);
  authorize(c, CHANNEL_READ_ROLES, 'ChannelMessage.Read.Group', ctx);
  if (options.has('$expand') && options.get('$expand') !== 'replies')
    throw badRequest(
      `Unsupported $expand '${options.get('$expand')}': channel messages expand 'replies' only.`,
    );
  const token = options.get('$skiptoken') ?? options.get('$deltatoken');
  let state: DeltaState;
  if (token !== undefined) {
    if (options.has('$filter') || options.has('$top'))
      throw badRequest('Query options must not be repeated with a skip token or delta token.');
    state = decodeToken(token);
  } else {
    const filter = options.get('$filter');
    let after = Number.NEGATIVE_INFINITY;
    if (filter !== undefined) {
      const m = new RegExp(`^\\s*lastModifiedDateTime\\s+gt\\s+${ISO}\\s*$`, 'i').exec(filter);
      if (!m)
        throw badRequest(`$filter supports only 'lastModifiedDateTime gt {date-time}', got '${filter}'.`);
      after = instant(m[1] as string);
    }
    state = { after, top: top(options.get('$top')), offset: 0 };
  }
  const changed = [...c.messages.values()]
    .filter((m) => m.replyToId === null && m.lastModifiedAt > state.after)
    .sort((a, b) => a.lastModifiedAt - b.lastModifiedAt);
  const page = changed.slice(state.offset, state.offset + state.top);
  const base = `${ctx.baseUrl}${ctx.path}`;
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#Collection(chatMessage)`,
    value: ctx.emptyPage
      ? []
      : page.map((m) =>
          present(m, c, options.get('$expand') === 'replies' ? [...c.messages.values()] : undefined),
        ),
  };
  if (ctx.emptyPage) {
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeToken(state)}`;
  } else if (state.offset + state.top < changed.length) {
    body['@odata.nextLink'] =
      `${base}?$skiptoken=${encodeToken({ ...state, offset: state.offset + state.top })}`;
  } else {
    const latest = changed.reduce((t, m) => Math.max(t, m.lastModifiedAt), state.after);
    body['@odata.deltaLink'] =
      `${base}?$deltatoken=${encodeToken({ after: latest, top: state.top, offset: 0 })}`;
  }
  return { status: 200, body };
}

function chatMessages(sim: TenantSim, ctx: RequestContext) {
  const options = readOptions(ctx.query, ['$filter', '$top', '$orderby', '$skiptoken']);
  const { chatId } = ctx.params as { chatId: string };
  const c = sim.teamsMessages.container({ chatId });
  if (!c) throw notFound(`Chat ${chatId} was not found.`);
  authorize(c, CHAT_READ_ROLES, 'ChatMessage.Read.Chat', ctx);
  let offset = 0;
  let n = top(options.get('$top'));
  const orderby = (options.get('$orderby') ?? 'createdDateTime desc').trim().replace(/\s+/g, ' ');
  if (orderby !== 'createdDateTime desc' && orderby !== 'lastModifiedDateTime desc')
    throw badRequest(
      `$orderby supports 'createdDateTime desc' or 'lastModifiedDateTime desc', got '${orderby}'.`,
    );
  const prop = orderby.startsWith('created') ? 'createdAt' : 'lastModifiedAt';
  let keep = (_m: StoredMessage): boolean => true;
  const filter = options.get('$filter');
  if (filter !== undefined) {
    const name = prop === 'createdAt' ? 'createdDateTime' : 'lastModifiedDateTime';
    const clause = new RegExp(`^${name}\\s+(gt|lt)\\s+${ISO}$`, 'i');
    const parts = filter.split(/\s+and\s+/i).map((p) => clause.exec(p.trim()));
    if (parts.some((p) => !p) || (prop === 'createdAt' && parts.some((p) => p![1]!.toLowerCase() !== 'lt')))
      throw badRequest(
        `$filter must be on the $orderby property: 'lastModifiedDateTime gt|lt {date-time}' or 'createdDateTime lt {date-time}', got '${filter}'.`,
      );
    const bounds = parts.map((p) => ({ op: p![1]!.toLowerCase(), t: instant(p![2]!) }));
    keep = (m) => bounds.every((b) => (b.op === 'gt' ? m[prop] > b.t : m[prop] < b.t));
  }
  const token = options.get('$skiptoken');
  if (token !== undefined) ({ offset, top: n } = decodeToken(token));
  const all = [...c.messages.values()].filter(keep).sort((a, b) => b[prop] - a[prop]);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#chats('${encodeURIComponent(chatId)}')/messages`,
    '@odata.count': all.length,
    value: all.slice(offset, offset + n).map((m) => present(m, c)),
  };
  if (offset + n < all.length) {
    const q = new URLSearchParams();
    for (const k of ['$filter', '$orderby'] as const) if (options.has(k)) q.set(k, options.get(k)!);
    q.set('$skiptoken', encodeToken({ after: 0, top: n, offset: offset + n }));
    body['@odata.nextLink'] = `${ctx.baseUrl}${ctx.path}?${q.toString()}`;
  }
  return { status: 200, body };
}

const iso = (t: number): string => new Date(t).toISOString();

function present(m: StoredMessage, c: Container, all?: StoredMessage[]): Record<string, unknown> {
  const from =
    'appId' in m.from
      ? {
          application: { id: m.from.appId, displayName: m.from.name ?? null, applicationIdentityType: 'bot' },
          device: null,
          user: null,
        }
      : {
          application: null,
          device: null,
          user: { id: m.from.userId, displayName: m.from.name ?? null, userIdentityType: 'aadUser' },
        };
  const body = m.attachments.length
    ? m.attachments.map((a) => `<attachment id="${a.id}"></attachment>`).join('') + escapeHtml(m.text)
    : escapeHtml(m.text);
  const out: Record<string, unknown> = {
    id: m.id,
    replyToId: m.replyToId,
    etag: String(m.version),
    messageType: 'message',
    createdDateTime: iso(m.createdAt),
    lastModifiedDateTime: iso(m.lastModifiedAt),
    lastEditedDateTime: m.version > 1 ? iso(m.lastModifiedAt) : null,
    deletedDateTime: m.deletedAt === null ? null : iso(m.deletedAt),
    subject: null,
    summary: null,
    chatId: c.kind === 'chat' ? c.chatId : null,
    importance: 'normal',
    locale: 'en-us',
    webUrl: null,
    channelIdentity: c.kind === 'channel' ? { teamId: c.teamId, channelId: c.channelId } : null,
    from,
    body: { contentType: 'html', content: m.deletedAt === null ? body : '' },
    attachments:
      m.deletedAt === null
        ? m.attachments.map((a) => ({ ...a, contentUrl: null, thumbnailUrl: null, teamsAppId: null }))
        : [],
    mentions: [],
    reactions: [],
  };
  if (all) out.replies = all.filter((r) => r.replyToId === m.id).map((r) => present(r, c));
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
