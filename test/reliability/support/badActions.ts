/**
 * The bad-input corpus, part 2: forged card actions (`adaptiveCard/action` invokes, answered in the HTTP
 * body) and hostile text typed to the bot. Nothing here may write to Graph or subscribe a channel.
 */
import { invokeActivity } from '../../helpers/activities';
import { message, type CorpusCase, type CorpusContext } from './badInput';
import { MEGAN } from './teams';

function invoke(c: CorpusContext, verb: string, data: Record<string, unknown>): { body: unknown } {
  return { body: invokeActivity({ serviceUrl: c.serviceUrl, verb, data, from: MEGAN }) };
}

/** An invoke whose `value` is replaced wholesale. */
function rawValue(c: CorpusContext, value: unknown, name = 'adaptiveCard/action'): { body: unknown } {
  const a = invokeActivity({ serviceUrl: c.serviceUrl, verb: 'alert.enrich', from: MEGAN });
  return { body: { ...a, name, value } };
}

const on = (c: CorpusContext, extra: Record<string, unknown> = {}) => ({ alertId: c.alertId, cardVersion: 1, ...extra }); // prettier-ignore

export const ACTION_CASES: CorpusCase[] = [
  { name: 'invoke with an unknown verb', request: (c) => invoke(c, 'alert.delete', on(c)), status: 200, invokeStatus: 400 }, // prettier-ignore
  {
    name: 'invoke with an unknown name',
    request: (c) => rawValue(c, {}, 'composeExtension/query'),
    status: 501,
  },
  {
    name: 'card action without a value',
    request: (c) => rawValue(c, undefined),
    status: 200,
    invokeStatus: 400,
  },
  { name: 'card action whose action is a string', request: (c) => rawValue(c, { action: 'alert.enrich' }), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'card action whose verb is an object', request: (c) => rawValue(c, { action: { type: 'Action.Execute', verb: { $ne: null }, data: on(c) } }), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'card action whose data is a list', request: (c) => rawValue(c, { action: { type: 'Action.Execute', verb: 'alert.enrich', data: [on(c)] } }), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'no alert id', request: (c) => invoke(c, 'alert.enrich', { cardVersion: 1 }), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'alert id with a path', request: (c) => invoke(c, 'alert.enrich', on(c, { alertId: '../../users/me' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'alert id with a query', request: (c) => invoke(c, 'alert.setStatus', on(c, { alertId: `${c.alertId}?$select=*`, status: 'resolved' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'alert id of 200 characters', request: (c) => invoke(c, 'alert.enrich', on(c, { alertId: 'd'.repeat(200) })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'alert id with a Cyrillic look-alike letter', request: (c) => invoke(c, 'alert.enrich', on(c, { alertId: `\u0434a${c.alertId.slice(2)}` })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'alert id is a number', request: (c) => invoke(c, 'alert.enrich', on(c, { alertId: 42 })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'alert the bot does not track', request: (c) => invoke(c, 'alert.setStatus', on(c, { alertId: c.untrackedId, status: 'resolved' })), status: 200, invokeStatus: 200 }, // prettier-ignore
  { name: 'a DLP alert id (no card of its own)', request: (c) => invoke(c, 'alert.classify', on(c, { alertId: c.dlpAlertId, classification: 'falsePositive' })), status: 200, invokeStatus: 200 }, // prettier-ignore
  { name: 'negative card version', request: (c) => invoke(c, 'alert.enrich', on(c, { cardVersion: -1 })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'card version is text', request: (c) => invoke(c, 'alert.enrich', on(c, { cardVersion: 'latest' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'status outside the enum', request: (c) => invoke(c, 'alert.setStatus', on(c, { status: 'deleted' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: "status Graph's sentinel", request: (c) => invoke(c, 'alert.setStatus', on(c, { status: 'unknownFutureValue' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'classification outside the enum', request: (c) => invoke(c, 'alert.classify', on(c, { classification: 'malicious' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'determination outside the enum', request: (c) => invoke(c, 'alert.classify', on(c, { classification: 'truePositive', determination: "'; DROP TABLE alerts;--" })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'comment of 10,000 characters', request: (c) => invoke(c, 'alert.comment', on(c, { commentText: 'a'.repeat(10_000) })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'comment with a control character', request: (c) => invoke(c, 'alert.comment', on(c, { commentText: 'ring \u0007 the bell' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'comment with a right-to-left override', request: (c) => invoke(c, 'alert.comment', on(c, { commentText: 'benign \u202Eexe.txt' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'comment of spaces only', request: (c) => invoke(c, 'alert.comment', on(c, { commentText: '   \n\t ' })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'comment is a number', request: (c) => invoke(c, 'alert.comment', on(c, { commentText: 12345 })), status: 200, invokeStatus: 400 }, // prettier-ignore
  { name: 'comment is null', request: (c) => invoke(c, 'alert.comment', on(c, { commentText: null })), status: 200, invokeStatus: 400 }, // prettier-ignore
];

const says = (text: string) => (c: CorpusContext) => ({ body: message(c, text) });

export const TEXT_CASES: CorpusCase[] = [
  {
    name: '/subscribe with an unknown severity',
    request: says('/subscribe severity>=catastrophic'),
    status: 200,
  },
  { name: '/subscribe with 5,000 characters of arguments', request: says(`/subscribe ${'a'.repeat(5000)}`), status: 200 }, // prettier-ignore
  { name: '/subscribe with HTML in a filter', request: says('/subscribe sources=<script>alert(1)</script>'), status: 200, mustNotEcho: '<script>' }, // prettier-ignore
  { name: '/subscribe split by a space', request: says('/sub scribe'), status: 200 },
  { name: '/subscribe spelled with a Cyrillic letter', request: says('/subscrib\u0435'), status: 200 },
  { name: 'a Markdown link in an alert id', request: says('/alert [click](https://evil.example/x)'), status: 200, mustNotEcho: '[click](https://evil.example/x)' }, // prettier-ignore
  { name: 'HTML in a user name', request: says('/dlp <img src=x onerror=alert(1)>@contoso.com'), status: 200, mustNotEcho: '<img src=x' }, // prettier-ignore
  { name: 'NUL and bell characters', request: says('/alerts\u0000\u0007'), status: 200 },
  { name: 'a lone surrogate', request: says('/alert \ud800'), status: 200 },
  { name: 'right-to-left override in text', request: says('/alert \u202Eda123'), status: 200 },
  { name: 'emoji only', request: says('🔥🔥🔥'), status: 200 },
  { name: 'an unknown command', request: says('/rm -rf /'), status: 200 },
];
