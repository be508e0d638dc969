/**
 * The bad-input corpus on `/api/messages` (support/badInput.ts, support/badActions.ts): malformed bodies,
 * wrong content types, oversized bodies, broken activities, forged card actions, hostile text. Every case
 * gets a clear status (never a 500) and changes nothing: no Graph write reaches the simulator, no channel
 * gets subscribed, the service stays up, and no prototype is polluted.
 */
import type { PostActivityResult } from '../helpers/activities';
import { eventually, startStack, type Stack } from '../helpers/stack';
import { correlatedPair } from './support/alerts';
import { cardText } from './support/cards';
import { ACTION_CASES, TEXT_CASES } from './support/badActions';
import { ENVELOPE_CASES, type CorpusCase, type CorpusContext } from './support/badInput';
import { table, writeSection } from './support/report';
import { graphWrites } from './support/teams';

const CASES: CorpusCase[] = [...ENVELOPE_CASES, ...ACTION_CASES, ...TEXT_CASES];
const rows: unknown[][] = [];
const t0 = Date.now();
let stack: Stack;
let ctx: CorpusContext;

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'info' } });
  const pair = correlatedPair('badinput', 0);
  stack.sim.alerts.add(pair.dlp);
  stack.sim.alerts.add(pair.defender);
  await eventually(
    () => stack.bot.services.alerts.tracked(pair.defender.id),
    60_000,
    'the pair to be tracked',
  );
  ctx = {
    serviceUrl: stack.connector.url,
    alertId: pair.defender.id,
    dlpAlertId: pair.dlp.id,
    untrackedId: 'da638999999999999999_999999999',
  };
});
afterAll(async () => {
  await stack?.stop();
});

async function send(c: CorpusCase): Promise<{ res: PostActivityResult; activityId?: string }> {
  const r = c.request(ctx);
  const raw = r.raw ?? JSON.stringify(r.body);
  const res = await stack.post({}, { rawBody: raw, contentType: r.contentType });
  const activityId = (r.body as { id?: string } | undefined)?.id;
  return { res, activityId };
}

/** What the sender sees: the HTTP answer and the text of the bot's replies to this activity. */
function answerText(res: PostActivityResult, activityId: string | undefined): string {
  const replies = activityId
    ? stack.connector.activities((op) => op.op === 'reply' && op.replyToId === activityId)
    : [];
  return [res.text, ...replies.map((op) => JSON.stringify(op.activity))].join('\n');
}

/** What the sender is told: an error message, the answered card's words, or the bot's reply. */
function outcome(res: PostActivityResult, activityId: string | undefined): string {
  const body = res.body as { type?: string; value?: { message?: string }; error?: { message?: string } };
  const reply = activityId
    ? stack.connector.activities((op) => op.op === 'reply' && op.replyToId === activityId)[0]
    : undefined;
  const text =
    body?.value?.message ??
    body?.error?.message ??
    (body?.type?.includes('card') ? cardText(body.value) : undefined) ??
    (reply ? cardText(reply.activity.attachments?.[0]?.content) || reply.activity.text : undefined) ??
    (res.status === 200 ? '(nothing: ignored)' : res.text);
  return String(text).replace(/\s+/g, ' ').slice(0, 110);
}

it.each(CASES.map((c) => [c.name, c] as const))('%s: a clear status, nothing changed', async (_name, c) => {
  const { res, activityId } = await send(c);
  const invokeStatus = (res.body as { statusCode?: number } | undefined)?.statusCode;
  rows.push([c.name, res.status, c.invokeStatus === undefined ? '' : invokeStatus, outcome(res, activityId)]);
  expect(res.status).not.toBe(500);
  expect(res.status).toBe(c.status);
  if (c.invokeStatus !== undefined) expect(invokeStatus).toBe(c.invokeStatus);
  if (c.mustNotEcho) expect(answerText(res, activityId)).not.toContain(c.mustNotEcho);
  expect(graphWrites(stack.sim.requests())).toEqual([]);
  expect(await stack.bot.services.subscriptions.list()).toEqual([]);
});

it('is still healthy, wrote nothing to Graph, subscribed nothing and polluted no prototype', async () => {
  const health = await fetch(`${stack.bot.url}/healthz`);
  expect(health.status).toBe(200);
  expect(graphWrites(stack.sim.requests())).toEqual([]);
  expect(await stack.bot.services.subscriptions.list()).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r[1] as number, (counts.get(r[1] as number) ?? 0) + 1);
  await writeSection(
    'badInput',
    `${rows.length} requests to \`/api/messages\` of the in-process service (local mode, the simulator holding one
correlated pair the bot tracks). After each: no Graph write recorded by the simulator, no subscription.
After all: \`/healthz\` 200, no prototype polluted. Invokes are answered in the body (its \`statusCode\`).
HTTP statuses: ${[...counts].map(([s, n]) => `${s} ×${n}`).join(', ')}; 500: none.

${table(['case', 'HTTP', 'invoke statusCode', 'what the sender is told'], rows)}`,
    Date.now() - t0,
  );
});
