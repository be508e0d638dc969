/**
 * The bad-input corpus for `/api/messages`, part 1: the HTTP envelope and the activity's shape. Each case
 * says what is sent and the status a careful Bot Framework endpoint answers. Part 2 (`badActions.ts`):
 * card actions and typed text.
 */
import { messageActivity } from '../../helpers/activities';
import { MEGAN } from './teams';

/** What every case may refer to: the connector's url and alerts the bot tracks (or not). */
export interface CorpusContext {
  serviceUrl: string;
  /** A correlated Defender alert with a card. */
  alertId: string;
  /** A DLP alert correlated with it (tracked, but no card of its own). */
  dlpAlertId: string;
  /** A well-formed id of an alert the bot does not track. */
  untrackedId: string;
}

/** One request: an activity (sent as JSON) or raw bytes, with a content type. */
export interface CorpusRequest {
  body?: unknown;
  raw?: string;
  /** Default `application/json; charset=utf-8`. */
  contentType?: string;
}

export interface CorpusCase {
  name: string;
  request: (c: CorpusContext) => CorpusRequest;
  /** Expected HTTP status. */
  status: number;
  /** For invokes answered in the body: the expected `statusCode` of the invoke response. */
  invokeStatus?: number;
  /** The answer (body text, or the text of the bot's replies) must not contain this. */
  mustNotEcho?: string;
}

/** A well-formed personal-chat message, to break one field at a time. */
export function message(c: CorpusContext, text = '/help'): Record<string, unknown> {
  return { ...messageActivity({ serviceUrl: c.serviceUrl, scope: 'personal', text, from: MEGAN }) };
}

function without(a: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...a };
  delete copy[key];
  return copy;
}

const set = (c: CorpusContext, patch: Record<string, unknown>) => ({ body: { ...message(c), ...patch } });

/** Nested objects `depth` deep: `{"a":{"a":…}}`. */
function deep(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const ENVELOPE_CASES: CorpusCase[] = [
  { name: 'malformed JSON', request: () => ({ raw: '{"type": "message", ' }), status: 400 },
  { name: 'truncated JSON string', request: () => ({ raw: '{"type":"message","text":"hi' }), status: 400 },
  { name: 'empty body', request: () => ({ raw: '' }), status: 400 },
  { name: 'text/plain content type', request: (c) => ({ body: message(c), contentType: 'text/plain' }), status: 415 }, // prettier-ignore
  { name: 'no content type', request: (c) => ({ body: message(c), contentType: '' }), status: 415 },
  { name: 'form-urlencoded body', request: () => ({ raw: 'type=message&text=%2Fsubscribe', contentType: 'application/x-www-form-urlencoded' }), status: 415 }, // prettier-ignore
  { name: 'multipart body', request: () => ({ raw: '--x\r\n\r\nhi\r\n--x--', contentType: 'multipart/form-data; boundary=x' }), status: 415 }, // prettier-ignore
  { name: 'XML body', request: () => ({ raw: '<activity type="message"/>', contentType: 'application/xml' }), status: 415 }, // prettier-ignore
  { name: 'body over the 256 KiB limit', request: (c) => ({ body: { ...message(c), channelData: { pad: 'x'.repeat(300 * 1024) } } }), status: 413 }, // prettier-ignore
  {
    name: 'body of 5 MiB',
    request: () => ({ raw: `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}` }),
    status: 413,
  },
  { name: 'a JSON array', request: (c) => ({ body: [message(c)] }), status: 400 },
  { name: 'JSON null', request: () => ({ raw: 'null' }), status: 400 },
  { name: 'a JSON string', request: () => ({ raw: '"/subscribe"' }), status: 400 },
  { name: 'a JSON number', request: () => ({ raw: '42' }), status: 400 },
  { name: 'an empty object', request: () => ({ body: {} }), status: 400 },
  { name: 'no type', request: (c) => ({ body: without(message(c), 'type') }), status: 400 },
  { name: 'type is a number', request: (c) => set(c, { type: 7 }), status: 400 },
  { name: 'type is empty', request: (c) => set(c, { type: '' }), status: 400 },
  { name: 'no serviceUrl', request: (c) => ({ body: without(message(c), 'serviceUrl') }), status: 400 },
  { name: 'serviceUrl is not a URL', request: (c) => set(c, { serviceUrl: 'not a url' }), status: 400 },
  { name: 'serviceUrl is ftp://', request: (c) => set(c, { serviceUrl: 'ftp://127.0.0.1/' }), status: 400 },
  { name: 'serviceUrl is javascript:', request: (c) => set(c, { serviceUrl: 'javascript:alert(1)' }), status: 400 }, // prettier-ignore
  { name: 'non-loopback serviceUrl in local mode', request: (c) => set(c, { serviceUrl: 'https://smba.trafficmanager.net/teams/', text: '/subscribe' }), status: 400 }, // prettier-ignore
  { name: 'serviceUrl on a look-alike host', request: (c) => set(c, { serviceUrl: 'http://127.0.0.1.evil.example/' }), status: 400 }, // prettier-ignore
  { name: 'serviceUrl hiding a host behind user info', request: (c) => set(c, { serviceUrl: 'http://127.0.0.1@evil.example/' }), status: 400 }, // prettier-ignore
  { name: 'no from', request: (c) => ({ body: without(message(c), 'from') }), status: 400 },
  { name: 'from is null', request: (c) => set(c, { from: null }), status: 400 },
  { name: 'from is an array', request: (c) => set(c, { from: [MEGAN] }), status: 400 },
  { name: 'from.id is empty', request: (c) => set(c, { from: { id: '', name: 'Nobody' } }), status: 400 },
  { name: 'no conversation', request: (c) => ({ body: without(message(c), 'conversation') }), status: 400 },
  { name: 'conversation is a string', request: (c) => set(c, { conversation: 'a:1' }), status: 400 },
  { name: 'conversation id of 2,000 characters', request: (c) => set(c, { conversation: { id: 'a'.repeat(2000) } }), status: 400 }, // prettier-ignore
  { name: 'no channelId', request: (c) => ({ body: without(message(c), 'channelId') }), status: 400 },
  { name: 'text of 30,000 characters', request: (c) => set(c, { text: '/subscribe '.padEnd(30_000, 'a') }), status: 400 }, // prettier-ignore
  { name: 'text is an object', request: (c) => set(c, { text: { '/subscribe': true } }), status: 400 },
  { name: 'invoke without a name', request: (c) => set(c, { type: 'invoke', value: {} }), status: 400 },
  { name: 'unknown activity type', request: (c) => set(c, { type: 'bogusActivity' }), status: 200 },
  { name: 'typing activity', request: (c) => set(c, { type: 'typing', text: undefined }), status: 200 },
  { name: 'nested 5,000 levels deep', request: (c) => ({ raw: JSON.stringify(message(c)).replace(/}$/, `,"channelData":${deep(5000)}}`) }), status: 200 }, // prettier-ignore
  { name: '__proto__ and constructor keys', request: (c) => ({ raw: JSON.stringify(message(c)).replace(/}$/, ',"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') }), status: 200 }, // prettier-ignore
  { name: 'duplicate keys, the last one bad', request: (c) => ({ raw: JSON.stringify(message(c)).replace(/}$/, ',"serviceUrl":"https://evil.example/"}') }), status: 400 }, // prettier-ignore
  { name: 'attachments is a string', request: (c) => set(c, { attachments: 'card' }), status: 200 },
  { name: 'entities is null, channelData an array', request: (c) => set(c, { entities: null, channelData: [] }), status: 200 }, // prettier-ignore
  { name: 'conversationUpdate with membersAdded not a list', request: (c) => set(c, { type: 'conversationUpdate', text: undefined, membersAdded: 'everyone' }), status: 200 }, // prettier-ignore
  { name: 'installationUpdate with an unknown action', request: (c) => set(c, { type: 'installationUpdate', text: undefined, action: 'explode' }), status: 200 }, // prettier-ignore
];
