/**
 * Failures the fake Bot Connector produces: injected faults (status, Teams error body, Retry-After,
 * consumption by count, scoping), the per-conversation rate limit, and refusals of bad input. Plain
 * `fetch` is used where botbuilder's own retry policy would hide the raw answer.
 */
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import { FakeClock } from '../../helpers/clocks';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';

const CHANNEL = '19:aaaabbbbccccdddd@thread.tacv2';
const OTHER = '19:eeeeffff00001111@thread.tacv2';

let connector: FakeConnector;
afterEach(() => connector?.close());

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(new URL(path, connector.url), {
    method,
    headers: { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    json: text ? JSON.parse(text) : undefined,
  };
}
const send = (conversationId: string, activity: unknown = { type: 'message', text: 'hi' }) =>
  call('POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);

describe('injected faults', () => {
  beforeEach(async () => {
    connector = await startFakeConnector();
  });

  it('answer with the Bot Framework ErrorResponse body carrying Teams’ default code and message', async () => {
    connector.inject({ status: 403 });
    const res = await send(CHANNEL);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: {
        code: 'BotNotInConversationRoster',
        message: "The bot isn't part of the conversation roster.",
      },
    });
    expect(res.retryAfter).toBeNull();
    expect(connector.activities()).toEqual([]);
  });

  it('pass a custom code through, which botbuilder surfaces as err.code without retrying', async () => {
    connector.inject({ status: 403, code: 'ConversationBlockedByUser' });
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url });
    await expect(
      client.conversations.sendToConversation(CHANNEL, { type: 'message' } as Activity),
    ).rejects.toMatchObject({ statusCode: 403, code: 'ConversationBlockedByUser' });
    expect(connector.rejected()).toEqual([
      expect.objectContaining({
        op: 'send',
        status: 403,
        code: 'ConversationBlockedByUser',
        reason: 'fault',
      }),
    ]);
  });

  it('send Retry-After with a 429: 1 second by default, or the value given', async () => {
    connector.inject({ status: 429, count: 1 });
    connector.inject({ status: 429, retryAfterSeconds: 7, count: 1 });
    const first = await send(CHANNEL);
    const second = await send(CHANNEL);
    expect([first.status, first.retryAfter, first.json.error.code]).toEqual([429, '1', 'Throttled']);
    expect([second.status, second.retryAfter]).toEqual([429, '7']);
  });

  it('are used up by count, after which writes succeed again', async () => {
    const fault = connector.inject({ status: 503, count: 2 });
    const statuses = [
      (await send(CHANNEL)).status,
      (await send(CHANNEL)).status,
      (await send(CHANNEL)).status,
    ];
    expect(statuses).toEqual([503, 503, 201]);
    expect([fault.hits, fault.remaining]).toEqual([2, 0]);
  });

  it('without a count persist until cancelled', async () => {
    const fault = connector.inject({ status: 500 });
    expect([(await send(CHANNEL)).status, (await send(CHANNEL)).status]).toEqual([500, 500]);
    expect(fault.remaining).toBe(Infinity);
    fault.cancel();
    expect((await send(CHANNEL)).status).toBe(201);
  });

  it('hit only the conversations matched and the operations listed', async () => {
    connector.inject({ status: 412, match: /;messageid=/ });
    connector.inject({ status: 502, match: new RegExp(OTHER), ops: ['update'] });
    const root = await send(CHANNEL);
    const inThread = await send(`${CHANNEL};messageid=${root.json.id}`);
    const other = await send(OTHER);
    const update = await call(
      'PUT',
      `v3/conversations/${encodeURIComponent(OTHER)}/activities/${other.json.id}`,
      {
        type: 'message',
      },
    );
    expect([root.status, inThread.status, inThread.json.error.code]).toEqual([
      201,
      412,
      'PreconditionFailed',
    ]);
    expect([other.status, update.status]).toEqual([201, 502]);
  });

  it('are swallowed by botbuilder’s retry policy when fewer than its four attempts fail', async () => {
    connector.inject({ status: 429, retryAfterSeconds: 0, count: 1 });
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url });
    const res = await client.conversations.sendToConversation(CHANNEL, { type: 'message' } as Activity);
    expect(res.id).toMatch(/^\d+$/);
    expect(connector.rejected()).toHaveLength(1);
    expect(connector.activities()).toHaveLength(1);
  });

  it('reject a malformed fault with a TypeError naming the bad field', () => {
    expect(() => connector.inject({ status: 418 as never })).toThrow(/fault.status must be one of/);
    expect(() => connector.inject({ status: 503, count: 0 })).toThrow(
      /fault.count must be a positive integer/,
    );
    expect(() => connector.inject({ status: 503, ops: ['post' as never] })).toThrow(
      /unknown operation "post"/,
    );
  });
});

describe('rate limit', () => {
  it('answers 429 Throttled once a conversation exceeds perSecond in a sliding second, per conversation', async () => {
    const clock = new FakeClock();
    connector = await startFakeConnector({ rateLimit: { perSecond: 2 }, clock });
    const firstTwo = [(await send(CHANNEL)).status, (await send(CHANNEL)).status];
    clock.advance(400);
    const third = await send(CHANNEL);
    const elsewhere = await send(OTHER);
    clock.advance(600);
    const afterWindow = await send(CHANNEL);

    expect(firstTwo).toEqual([201, 201]);
    expect([third.status, third.json.error.code, third.retryAfter]).toEqual([429, 'Throttled', '1']);
    expect(elsewhere.status).toBe(201);
    expect(afterWindow.status).toBe(201);
    expect(connector.rejected()).toEqual([
      expect.objectContaining({ reason: 'rateLimit', conversationId: CHANNEL }),
    ]);
    expect(connector.maxOpsPerSecond(CHANNEL)).toBe(2);
  });

  it('rejects a non-positive perSecond at start-up', async () => {
    await expect(startFakeConnector({ rateLimit: { perSecond: 0 } })).rejects.toThrow(
      /perSecond must be a positive integer/,
    );
  });
});

describe('bad requests', () => {
  beforeEach(async () => {
    connector = await startFakeConnector({ maxMessageBytes: 2000 });
  });

  it('are refused the way the Bot Connector refuses them', async () => {
    const badJson = await call(
      'POST',
      `v3/conversations/${encodeURIComponent(CHANNEL)}/activities`,
      undefined,
      '{no',
    );
    const noType = await send(CHANNEL, { text: 'hi' });
    const tooBig = await send(CHANNEL, { type: 'message', text: 'x'.repeat(1000) });
    const unknownUpdate = await call(
      'PUT',
      `v3/conversations/${encodeURIComponent(CHANNEL)}/activities/123`,
      {
        type: 'message',
      },
    );
    const noTarget = await call('POST', 'v3/conversations', { activity: { type: 'message' } });

    expect([badJson.status, badJson.json.error.code]).toEqual([400, 'BadSyntax']);
    expect([noType.status, noType.json.error.message]).toEqual([
      400,
      'Activity.type is required (e.g. "message").',
    ]);
    expect([tooBig.status, tooBig.json.error.code]).toEqual([413, 'MessageSizeTooBig']);
    expect([unknownUpdate.status, unknownUpdate.json.error.code]).toEqual([
      404,
      'ActivityNotFoundInConversation',
    ]);
    expect([noTarget.status, noTarget.json.error.code]).toEqual([400, 'BadArgument']);
    expect(connector.rejected().map((r) => r.reason)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
  });

  it('to an unknown route get a 404 that names the route', async () => {
    const res = await call('GET', 'v3/conversations');
    expect(res.status).toBe(404);
    expect(res.json.error.message).toBe('The fake Bot Connector has no route for GET /v3/conversations.');
  });
});
