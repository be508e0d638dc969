/**
 * Teams failing the notifier: throttling (429, paced and retried), 412/502/504 (retried), the bot removed
 * from a channel or its writes blocked (403) and a conversation gone (404: the subscription is pruned and
 * the reason logged), and a slow connector (the outbox is read in bounded batches, not into memory).
 * The bot's Deliverer sees every fault itself: the transport removes botbuilder's own pipeline retries.
 */
import type { FaultStatus } from '../helpers/fakeConnector';
import { channelThreadId } from '../helpers/teams/ids';
import { eventually, startStack, type Stack } from '../helpers/stack';
import { addPairs } from './support/alerts';
import { alertIdOfCard, tallyCards } from './support/cards';
import { SIZES } from './support/mode';
import { secs, table, writeSection } from './support/report';
import { DEFAULT_CHANNEL_ID, subscribe } from './support/teams';

const rows: unknown[][] = [];
const notes: string[] = [];
const t0 = Date.now();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const retriesLogged = (s: Stack, from: number, status: number) =>
  s.logs.slice(from).filter((l) => l.includes('Teams send failed; retrying') && l.includes(`"status":${status}`)).length; // prettier-ignore

describe('with a failing connector', () => {
  let stack: Stack;
  let pairNo = 0;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_NEW_CARDS_PER_MINUTE: '1000', LOG_LEVEL: 'info' } });
    await subscribe(stack.post, stack.connector.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const cardOf = (id: string) =>
    stack.connector.cardsIn(DEFAULT_CHANNEL_ID).filter((m) => alertIdOfCard(m.card) === id);

  /** Adds one pair and waits for its card; returns the Defender alert id. */
  async function deliverOne(): Promise<string> {
    const [p] = await addPairs(stack.sim.alerts, 'teams', pairNo++, 1);
    await eventually(() => cardOf(p!.defender.id).length > 0, 120_000, 'the card');
    return p!.defender.id;
  }

  // The Deliverer is the one retry authority (the transport removes botbuilder's own pipeline retries).
  const transient: Array<[string, FaultStatus, number]> = [
    ['429 Throttled (Retry-After 1 s), 6 in a row', 429, 6],
    ['502 ServiceError, 5 in a row', 502, 5],
    ['504 GatewayTimeout, 4 in a row', 504, 4],
  ];

  it.each(transient)('a root card meeting %s is retried and posted once', async (name, status, count) => {
    const started = Date.now();
    const logsFrom = stack.logs.length;
    const fault = stack.connector.inject({ status, count, ops: ['reply'], match: new RegExp(escape(DEFAULT_CHANNEL_ID)) }); // prettier-ignore
    const id = await deliverOne();
    expect(fault.hits).toBe(count);
    expect(cardOf(id)).toHaveLength(1);
    expect(retriesLogged(stack, logsFrom, status)).toBeGreaterThan(0);
    rows.push([name, 'root card', fault.hits, retriesLogged(stack, logsFrom, status), 'posted once', secs(Date.now() - started)]); // prettier-ignore
  });

  it('a card update meeting 412 PreconditionFailed twice is retried and applied', async () => {
    const id = await deliverOne();
    const started = Date.now();
    const logsFrom = stack.logs.length;
    const fault = stack.connector.inject({ status: 412, count: 2, ops: ['update'] });
    stack.sim.alerts.update(id, { status: 'inProgress' });
    await eventually(() => cardOf(id)[0]!.versions >= 2, 120_000, 'the card update');
    expect(fault.hits).toBe(2);
    expect(JSON.stringify(cardOf(id)[0]!.card)).toContain('In progress');
    rows.push(['412 PreconditionFailed, twice', 'card update', 2, retriesLogged(stack, logsFrom, 412), 'updated in place', secs(Date.now() - started)]); // prettier-ignore
  });

  it('a card deleted in Teams (404 ActivityNotFoundInConversation on its update) leaves the channel subscribed', async () => {
    const id = await deliverOne();
    const started = Date.now();
    const logsFrom = stack.logs.length;
    const fault = stack.connector.inject({ status: 404, code: 'ActivityNotFoundInConversation', ops: ['update'], count: 1 }); // prettier-ignore
    stack.sim.alerts.update(id, { status: 'resolved' });
    await eventually(() => fault.hits === 1, 60_000, 'the update of the deleted card');
    const next = await deliverOne(); // the channel still gets new cards
    const subscribed = (await stack.bot.services.subscriptions.list()).map((s) => s.ref.conversation.id);
    expect(subscribed).toContain(DEFAULT_CHANNEL_ID);
    expect(cardOf(next)).toHaveLength(1);
    expect(stack.logs.slice(logsFrom).some((l) => l.includes('subscription removed'))).toBe(false);
    expect(stack.logs.slice(logsFrom).some((l) => l.includes('the card was deleted in Teams'))).toBe(true);
    rows.push(['404 ActivityNotFoundInConversation (the card was deleted)', 'card update', 1, 0, 'card forgotten, channel stays subscribed', secs(Date.now() - started)]); // prettier-ignore
  });

  it.each<[string, 403 | 404, string]>([
    ['403 BotNotInConversationRoster', 403, 'BotNotInConversationRoster'],
    ['403 MessageWritesBlocked', 403, 'MessageWritesBlocked'],
    ['404 ConversationNotFound', 404, 'ConversationNotFound'],
  ])('a channel answering %s is unsubscribed with the reason logged', async (name, status, code) => {
    const started = Date.now();
    const channelId = channelThreadId(`reliability:${code}`);
    await subscribe(stack.post, stack.connector.url, { channelId });
    const fault = stack.connector.inject({ status, code, match: new RegExp(escape(channelId)) });
    const logsFrom = stack.logs.length;
    const id = await deliverOne();
    const removed = await eventually(
      () => stack.logs.slice(logsFrom).find((l) => l.includes('subscription removed')),
      60_000,
      'the subscription to be removed',
    );
    expect(removed).toContain(`Teams answered ${status} ${code}`);
    expect((await stack.bot.services.subscriptions.list()).map((s) => s.ref.conversation.id)).not.toContain(channelId); // prettier-ignore
    const hits = fault.hits;
    await deliverOne(); // the next alert is not even tried there
    expect(fault.hits).toBe(hits);
    expect(cardOf(id)).toHaveLength(1);
    fault.cancel();
    rows.push([name, 'root card', hits, 0, `subscription pruned: "${JSON.parse(removed).reason}"`, secs(Date.now() - started)]); // prettier-ignore
  });
});

describe('with a slow connector', () => {
  const N = SIZES.slowConnectorPairs;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { LOG_LEVEL: 'info', POLL_INTERVAL_SECONDS: '2' },
      simulator: { pageSize: 200, throttle: false },
      connectorLatencyMs: 300,
    });
    await subscribe(stack.post, stack.connector.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it(`reads the outbox in bounded batches while ${N} alerts wait behind 300 ms answers`, async () => {
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakPending = 0;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => {
      peakPending = Math.max(peakPending, stack.bot.notifier.status().pending);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 10);
    try {
      const ids = (await addPairs(stack.sim.alerts, 'slow', 0, N)).map((p) => p.defender.id);
      await eventually(
        () => {
          const t = tallyCards(stack.connector.cardsIn(DEFAULT_CHANNEL_ID), ids);
          return t.cards + t.digested === N && stack.bot.notifier.status().pending === 0;
        },
        600_000,
        'every alert delivered',
      );
    } finally {
      clearInterval(sampler);
    }
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    rows.push([`connector latency 300 ms, ${N} correlations`, 'root cards and digests', 0, 0, `outbox read ${peakPending} entries at a time at most`, secs(Date.now() - started)]); // prettier-ignore
    notes.push(
      `Slow connector: ${N} correlations queued at once; the notifier never held more than ${peakPending} outbox entries (its batch size is 100); the test process's heap went from ${mb(heapBefore)} to a peak of ${mb(peakHeap)} (simulator, connector and bot share it).`,
    );
    expect(peakPending).toBeLessThanOrEqual(100);
    expect(peakPending).toBe(100); // the outbox was longer than a batch, and only a batch was read
  }, 900_000);
});

afterAll(async () => {
  await writeSection(
    'teamsFaults',
    `The in-process service posts to the fake Bot Connector, which fails on demand. "Retries logged" are the
bot's own (its Deliverer: back-off with jitter, Retry-After honoured, the channel's pacer penalised on 429),
on top of botbuilder's 4 attempts per call for 429/5xx.

${table(['fault', 'operation', 'requests failed', 'retries logged', 'outcome', 'time'], rows)}

${notes.join('\n\n')}`,
    Date.now() - t0,
  );
});
