/**
 * Roster reads at the fake Bot Connector: recorded so tests can count `TeamsInfo.getMember` calls,
 * failed or held on demand, and throttled with the writes of the same conversation (as Teams counts
 * them against the bot's per-conversation limits).
 */
import { FakeClock } from '../../helpers/clocks';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { DEFAULT_MEMBERS } from '../../helpers/teams/defaults';

const CHANNEL = '19:aaaabbbbccccdddd@thread.tacv2';
const MEGAN = DEFAULT_MEMBERS[0]!;

let connector: FakeConnector;
afterEach(() => connector?.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, connector.url), {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    json: text ? JSON.parse(text) : undefined,
  };
}
const getMember = (conversationId: string, memberId: string) =>
  call(
    'GET',
    `v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(memberId)}`,
  );

describe('roster reads at the fake Bot Connector', () => {
  it('records every getMember with its conversation, member and answer', async () => {
    connector = await startFakeConnector();
    expect((await getMember(`${CHANNEL};messageid=42`, MEGAN.id)).json.userPrincipalName).toBe(
      MEGAN.userPrincipalName,
    );
    expect((await getMember(CHANNEL, MEGAN.aadObjectId)).status).toBe(200);
    expect((await getMember(CHANNEL, '29:nobody')).status).toBe(404);
    expect(connector.reads({ kind: 'member' }).map((r) => [r.conversationId, r.memberId, r.status])).toEqual([
      [CHANNEL, MEGAN.id, 200],
      [CHANNEL, MEGAN.aadObjectId, 200],
      [CHANNEL, '29:nobody', 404],
    ]);
    expect(connector.activities()).toEqual([]);
    connector.clear();
    expect(connector.reads()).toEqual([]);
  });

  it('fails reads only when a fault names them, and a fault without ops still fails writes only', async () => {
    connector = await startFakeConnector();
    connector.inject({ status: 503 });
    expect((await getMember(CHANNEL, MEGAN.id)).status).toBe(200);
    connector.reset();
    const fault = connector.inject({ status: 500, ops: ['member'], count: 1 });
    expect((await getMember(CHANNEL, MEGAN.id)).status).toBe(500);
    expect((await getMember(CHANNEL, MEGAN.id)).status).toBe(200);
    expect(fault.hits).toBe(1);
    expect(connector.reads().map((r) => r.status)).toEqual([500, 200]);
  });

  it('holds a stalled read while other requests are answered', async () => {
    connector = await startFakeConnector();
    const stall = connector.stall({ ops: ['member'], delayMs: 2000, count: 1 });
    const held = getMember(CHANNEL, MEGAN.id);
    const send = await call('POST', `v3/conversations/${encodeURIComponent(CHANNEL)}/activities`, {
      type: 'message',
      text: 'a',
    });
    expect(send.status).toBe(201);
    expect(connector.reads()).toEqual([]); // still held
    expect((await held).status).toBe(200);
    expect(stall.hits).toBe(1);
    expect(connector.reads()).toHaveLength(1);
  });

  it('throttles roster reads with the writes of the same conversation', async () => {
    connector = await startFakeConnector({ rateLimit: { perSecond: 2 }, clock: new FakeClock(1_000_000) });
    await call('POST', `v3/conversations/${encodeURIComponent(CHANNEL)}/activities`, {
      type: 'message',
      text: 'a',
    });
    expect((await getMember(CHANNEL, MEGAN.id)).status).toBe(200);
    const third = await getMember(CHANNEL, MEGAN.id);
    expect(third.status).toBe(429);
    expect(third.retryAfter).toBe('1');
    expect(connector.reads().map((r) => r.status)).toEqual([200, 429]);
  });

  it('rejects a stall without operations', async () => {
    connector = await startFakeConnector();
    expect(() => connector.stall({ ops: [], delayMs: 10 })).toThrow('stall.ops');
  });
});
