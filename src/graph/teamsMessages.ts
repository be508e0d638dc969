import { invalidArgument, malformedResponse } from './graphErrors';
import { checkNextLink } from './paging';
import { isRecord } from '../model';
import type { GraphOperation } from '../permissions/roles';
import type { RequestSpec } from './request';
import { filterInstant } from './validate';

/**
 * Reading Teams messages back through Graph, for one purpose: finding the bot's own recent root card in a
 * channel or chat when a send was interrupted (Teams may have posted it; the Bot Connector cannot tell).
 * Only the fields that purpose needs are kept.
 */
export interface TeamsMessage {
  id: string;
  replyToId: string | null;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  /** Set when the message was deleted (Graph keeps deleted messages in listings). */
  deletedDateTime: string | null;
  /** The sending app's id (a bot's Entra app id), when an app sent it. */
  fromAppId?: string;
  /** Adaptive Card attachments' contents, as the JSON strings Graph returns. */
  cards: string[];
}

/** Where a conversation's messages live in Graph: a team's channel, or a chat. */
export type MessageContainer = { teamId: string; channelId: string } | { chatId: string };

/** Graph's page cap for these listings. */
const TOP = 50;
/** A recovery looks minutes back, not months: more pages than this means the window is wrong. */
export const MAX_MESSAGE_PAGES = 40;

type Send = (spec: RequestSpec) => Promise<unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

function parseMessage(raw: unknown): TeamsMessage | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const from = isRecord(raw.from) && isRecord(raw.from.application) ? raw.from.application : undefined;
  const attachments = Array.isArray(raw.attachments) ? raw.attachments : [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    id: raw.id,
    replyToId: str(raw.replyToId) ?? null,
    createdDateTime: str(raw.createdDateTime),
    lastModifiedDateTime: str(raw.lastModifiedDateTime),
    deletedDateTime: str(raw.deletedDateTime) ?? null,
    fromAppId: from ? str(from.id) : undefined,
    cards: attachments
      .filter((a) => isRecord(a) && a.contentType === ADAPTIVE && typeof a.content === 'string')
      .map((a) => (a as { content: string }).content),
  };
}

/**
 * Root messages of a channel, or messages of a chat, created or changed after `since` (ISO 8601): the
 * channel's `messages/delta` with `$filter=lastModifiedDateTime gt …`, or the chat's messages ordered by
 * `lastModifiedDateTime desc` with the same filter; every page, up to MAX_MESSAGE_PAGES.
 */
export async function listMessagesSince(
  send: Send,
  origin: string,
  where: MessageContainer,
  since: string,
  requestId: string,
  signal: AbortSignal | undefined,
): Promise<TeamsMessage[]> {
  const operation: GraphOperation = 'chatId' in where ? 'listChatMessages' : 'listChannelMessages';
  const instant = filterInstant(since);
  if (!instant) throw invalidArgument(operation, `since must be an ISO 8601 date-time, got "${since}"`);
  const filter = encodeURIComponent(`lastModifiedDateTime gt ${instant}`);
  let url: string | undefined;
  let logPath: string;
  if ('chatId' in where) {
    if (!where.chatId) throw invalidArgument(operation, 'the chat id is empty');
    url = `/chats/${encodeURIComponent(where.chatId)}/messages?$top=${TOP}&$orderby=${encodeURIComponent('lastModifiedDateTime desc')}&$filter=${filter}`;
    logPath = '/chats/{id}/messages';
  } else {
    if (!where.teamId || !where.channelId)
      throw invalidArgument(operation, 'the team or channel id is empty');
    url = `/teams/${encodeURIComponent(where.teamId)}/channels/${encodeURIComponent(where.channelId)}/messages/delta?$filter=${filter}&$top=${TOP}`;
    logPath = '/teams/{id}/channels/{id}/messages/delta';
  }
  const out: TeamsMessage[] = [];
  const seen = new Set<string>();
  for (let pages = 0; url !== undefined;) {
    const body = await send({
      operation,
      method: 'GET',
      url,
      logPath: `${logPath} page ${pages + 1}`,
      requestId,
      signal,
    });
    if (!isRecord(body) || !Array.isArray(body.value))
      throw malformedResponse(operation, requestId, `a page without a "value" list (page ${pages + 1})`);
    for (const raw of body.value) {
      const m = parseMessage(raw);
      if (m) out.push(m);
    }
    pages++;
    url = checkNextLink(
      body['@odata.nextLink'],
      origin,
      seen,
      pages,
      requestId,
      operation,
      MAX_MESSAGE_PAGES,
    );
  }
  return out;
}
