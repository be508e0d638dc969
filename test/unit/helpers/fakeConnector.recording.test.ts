/**
 * What the fake Bot Connector lets a test observe: the sliding 1-second peak, waiting for a write,
 * filtering recorded writes, clear versus reset, ids and headers as sent.
 */
import { FakeClock } from '../../helpers/clocks';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';

const CHANNEL = '19:aaaabbbbccccdddd@thread.tacv2';
const OTHER = '19:eeeeffff00001111@thread.tacv2';

let connector: FakeConnector;
afterEach(() => connector?.close());

async function send(conversationId: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(
    `${connector.url}v3/conversations/${encodeURIComponent(conversationId)}/activities`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    },
  );
  if (res.status !== 201) throw new Error(`send answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function update(conversationId: string, activityId: string): Promise<number> {
  const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities/${activityId}`;
  const res = await fetch(connector.url + path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'edited' }),
  });
  return res.status;
}

describe('maxOpsPerSecond', () => {
  it('is the peak over sliding 1-second windows, not over fixed seconds, and per conversation', async () => {
    const clock = new FakeClock(0);
    connector = await startFakeConnector({ clock });
    // Fixed buckets would see 3 in [0,1000) and 4 in [1000,2000); the window starting at 999 holds 5.
    for (const t of [0, 300, 999, 1000, 1200, 1300, 1400, 2500]) {
      clock.set(t);
      await send(CHANNEL);
      await send(OTHER);
    }
    await send(OTHER);

    expect(connector.maxOpsPerSecond(CHANNEL)).toBe(5);
    expect(connector.maxOpsPerSecond(`${CHANNEL};messageid=1`)).toBe(5);
    expect(connector.maxOpsPerSecond(OTHER)).toBe(5);
    expect(connector.maxOpsPerSecond()).toBe(5);
  });

  it('is 0 when nothing was written', async () => {
    connector = await startFakeConnector();
    expect(connector.maxOpsPerSecond()).toBe(0);
  });
});

describe('waitFor', () => {
  beforeEach(async () => {
    connector = await startFakeConnector();
  });

  it('resolves at once with a write that already happened', async () => {
    const id = await send(CHANNEL);
    await expect(connector.waitFor((op) => op.activityId === id, 0)).resolves.toMatchObject({ op: 'send' });
  });

  it('resolves with the write that makes a count-based condition true', async () => {
    const waiting = connector.waitFor(
      (_, all) => all.filter((o) => o.conversationId === CHANNEL).length === 2,
      2000,
    );
    await send(CHANNEL);
    await send(OTHER);
    const second = await send(CHANNEL);
    await expect(waiting).resolves.toMatchObject({ activityId: second });
  });

  it('rejects after the timeout and lists what was recorded', async () => {
    const id = await send(CHANNEL);
    await expect(connector.waitFor((op) => op.op === 'delete', 10)).rejects.toThrow(
      `waitFor timed out after 10 ms; 1 writes recorded:\n  send ${id} in ${CHANNEL}`,
    );
  });

  it('rejects with the error a predicate throws, without disturbing the connector', async () => {
    const waiting = connector.waitFor(() => {
      throw new Error('bad predicate');
    }, 2000);
    const rejected = expect(waiting).rejects.toThrow('bad predicate'); // handled before it rejects
    await send(CHANNEL);
    await rejected;
    expect(connector.activities()).toHaveLength(1);
  });

  it('rejects pending waits when the connector closes', async () => {
    const waiting = connector.waitFor(() => false, 60_000);
    await connector.close();
    await expect(waiting).rejects.toThrow(/closed before the awaited write/);
  });
});

describe('recorded writes', () => {
  beforeEach(async () => {
    connector = await startFakeConnector();
  });

  it('filter by fields or by predicate; a thread address filters by thread', async () => {
    const root = await send(CHANNEL);
    const reply = await send(`${CHANNEL};messageid=${root}`);
    await update(CHANNEL, root);

    expect(connector.activities({ op: 'update' }).map((o) => o.activityId)).toEqual([root]);
    expect(
      connector.activities({ conversationId: `${CHANNEL};messageid=${root}` }).map((o) => o.activityId),
    ).toEqual([reply]);
    expect(connector.activities((o) => o.op === 'send')).toHaveLength(2);
  });

  it('keep the Authorization header the bot sent', async () => {
    await send(CHANNEL, { authorization: 'Bearer abc' });
    expect(connector.activities()[0]!.authorization).toBe('Bearer abc');
  });

  it('get unique, increasing, Teams-style ids', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push(await send(CHANNEL));
    expect(new Set(ids).size).toBe(20);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
    expect(ids.every((id) => /^\d{13}$/.test(id))).toBe(true);
  });

  it('decode percent-encoded conversation ids, including ones with a slash', async () => {
    const personal = 'a:1Xy/z+Q_w-=';
    await send(personal);
    expect(connector.activities()[0]!.conversationId).toBe(personal);
  });

  it('survive clear() as messages (updates still work) but not reset()', async () => {
    const root = await send(CHANNEL);
    connector.inject({ status: 500, ops: ['delete'] });
    connector.clear();
    expect(connector.activities()).toEqual([]);
    expect(await update(CHANNEL, root)).toBe(200);
    expect(connector.cardsIn(CHANNEL)).toEqual([]); // a text message is not a card

    connector.reset();
    expect(await update(CHANNEL, root)).toBe(404);
    const del = await fetch(
      `${connector.url}v3/conversations/${encodeURIComponent(CHANNEL)}/activities/${root}`,
      {
        method: 'DELETE',
      },
    );
    expect(del.status).toBe(404); // the delete fault is gone too: 404 comes from the missing message
  });
});

describe('start-up options', () => {
  it('reject a negative latency with a clear error', async () => {
    await expect(startFakeConnector({ latencyMs: -1 })).rejects.toThrow(
      'latencyMs must be a number >= 0, got -1.',
    );
  });

  it('serve on loopback with a trailing-slash url and still answer with latency', async () => {
    connector = await startFakeConnector({ latencyMs: 20 });
    expect(connector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(send(CHANNEL)).resolves.toMatch(/^\d+$/);
  });
});
