/**
 * Maps a Bot Connector REST v3 request to what it asks for. Path segments are decoded one by one:
 * conversation ids contain `:`, `@`, `;` and `=` and arrive percent-encoded (botbuilder uses
 * `encodeURIComponent`), so decoding the whole path first would break ids that contain `/`.
 */
import { errorReply, type ErrorReply } from './faults';

export type Route =
  | { kind: 'create' }
  | { kind: 'send'; conversationId: string }
  | { kind: 'reply' | 'update' | 'delete'; conversationId: string; activityId: string }
  | { kind: 'members'; conversationId: string }
  | { kind: 'member'; conversationId: string; memberId: string }
  | {
      kind: 'pagedMembers';
      conversationId: string;
      pageSize: string | null;
      continuationToken: string | null;
    }
  | { kind: 'teamChannels' | 'teamDetails'; teamId: string };

function decode(segments: string[]): string[] | undefined {
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch (err) {
    if (err instanceof URIError) return undefined;
    throw err;
  }
}

/** The route for `method` + `rawUrl`, or the error the connector answers for an unknown one. */
export function parseRoute(method: string, rawUrl: string): Route | ErrorReply {
  const url = new URL(rawUrl, 'http://connector.invalid');
  const s = decode(url.pathname.split('/').filter(Boolean));
  if (!s) return errorReply(400, 'BadArgument', `Malformed percent-encoding in ${url.pathname}.`);
  const [v3, area, id, sub, leaf, extra] = s;
  const found = v3 === 'v3' && extra === undefined ? match(method, area, id, sub, leaf, url) : undefined;
  return (
    found ?? errorReply(404, 'NotFound', `The fake Bot Connector has no route for ${method} ${url.pathname}.`)
  );
}

function match(
  method: string,
  area: string | undefined,
  id: string | undefined,
  sub: string | undefined,
  leaf: string | undefined,
  url: URL,
): Route | undefined {
  if (area === 'teams' && id !== undefined && method === 'GET') {
    if (sub === undefined) return { kind: 'teamDetails', teamId: id };
    if (sub === 'conversations' && leaf === undefined) return { kind: 'teamChannels', teamId: id };
    return undefined;
  }
  if (area !== 'conversations') return undefined;
  if (id === undefined) return method === 'POST' ? { kind: 'create' } : undefined;
  if (sub === 'activities') {
    if (leaf === undefined) return method === 'POST' ? { kind: 'send', conversationId: id } : undefined;
    const kind = ({ POST: 'reply', PUT: 'update', DELETE: 'delete' } as const)[method as 'POST'];
    return kind ? { kind, conversationId: id, activityId: leaf } : undefined;
  }
  if (method !== 'GET') return undefined;
  if (sub === 'members') {
    return leaf === undefined
      ? { kind: 'members', conversationId: id }
      : { kind: 'member', conversationId: id, memberId: leaf };
  }
  if (sub === 'pagedmembers' && leaf === undefined) {
    const q = url.searchParams;
    return {
      kind: 'pagedMembers',
      conversationId: id,
      pageSize: q.get('pageSize'),
      continuationToken: q.get('continuationToken') || null, // the SDK sends an empty token for the first page
    };
  }
  return undefined;
}
