/**
 * alert-to-card: from a correlated pair appearing in the simulator to its card being accepted by the
 * fake Bot Connector, through the whole real service (poll every 1 s, HTTPS Graph client, correlation,
 * SQLite, outbox, notifier, Bot Connector transport).
 */
import {
  correlatedPairs,
  freshPair,
  type AlertPair,
  profiled,
  startSimProcess,
  startBenchService,
  until,
  type BenchService,
  percentile,
  round,
  alertIdOf,
  cardOfOp,
  CHANNEL_ID,
  subscribeChannel,
  progress,
  type CaseResult,
} from '../lib';

const ALERTS = 100;
const INTERVAL_MS = 1000;
/**
 * Spacing of the pairs: 1.7 per second, one root card each, stays under Teams' sustained per-thread
 * limit (60 operations / 30 s) that the notifier's pacer enforces, so the figure is the pipeline's
 * latency, not a queue behind Teams' limits (that is what `burst` measures).
 */
const SPACING_MS = 600;
/** New cards per channel per minute before digests: raised from 20 so every pair gets its own card. */
const MAX_NEW_CARDS_PER_MINUTE = 100;

/** The pairs at their pace; resolves with when each Defender alert appeared (simulator clock). */
async function feed(
  svc: BenchService,
  pairs: AlertPair[],
  add: (alerts: ReturnType<typeof freshPair>) => Promise<number>,
) {
  const appeared = new Map<string, number>();
  const start = Date.now();
  for (let i = 0; i < pairs.length; i++) {
    const due = start + i * SPACING_MS;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const pair = pairs[i] as AlertPair;
    appeared.set(pair.defender.id, await add(freshPair(pair, Date.now())));
  }
  await until(() => cardTimes(svc).size >= pairs.length, `${pairs.length} cards`, 60_000, 20);
  return appeared;
}

/** When each alert's root card reached the connector. */
function cardTimes(svc: BenchService): Map<string, number> {
  const times = new Map<string, number>();
  for (const op of svc.connector.activities({ conversationId: CHANNEL_ID })) {
    // A new top-level message (the transport may POST it to …/activities/{id}: a 'reply' outside any thread).
    if ((op.op !== 'send' && op.op !== 'reply') || op.threadRootId) continue;
    const id = alertIdOf(cardOfOp(op));
    if (id && !times.has(id)) times.set(id, op.at);
  }
  return times;
}

async function oneRun(run: number): Promise<number[]> {
  const sim = await startSimProcess({ scenario: 'empty', pageSize: 1000 });
  const svc = await startBenchService({
    graphUrl: sim.url,
    env: {
      POLL_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      MAX_NEW_CARDS_PER_MINUTE: String(MAX_NEW_CARDS_PER_MINUTE),
    },
  });
  try {
    await subscribeChannel(svc);
    const pairs = correlatedPairs(ALERTS, 100 + run);
    const appeared = await profiled('alert-to-card', () => feed(svc, pairs, (a) => sim.add(a)));
    const cards = cardTimes(svc);
    return pairs.map((p) => (cards.get(p.defender.id) as number) - (appeared.get(p.defender.id) as number));
  } finally {
    await svc.stop();
    await sim.close();
  }
}

export async function alertToCard(runs: number): Promise<CaseResult> {
  const samples = { p50Ms: [] as number[], p95Ms: [] as number[], p99Ms: [] as number[], maxMs: [] as number[] }; // prettier-ignore
  for (let r = 0; r < runs; r++) {
    const ms = await oneRun(r);
    samples.p50Ms.push(round(percentile(ms, 50)));
    samples.p95Ms.push(round(percentile(ms, 95)));
    samples.p99Ms.push(round(percentile(ms, 99)));
    samples.maxMs.push(round(Math.max(...ms)));
    progress('alert-to-card', `run ${r + 1}/${runs}: p50 ${samples.p50Ms.at(-1)} ms, p99 ${samples.p99Ms.at(-1)} ms`); // prettier-ignore
  }
  return {
    name: 'alert-to-card',
    runs,
    samples: { ...samples, intervalMs: samples.p50Ms.map(() => INTERVAL_MS), alerts: samples.p50Ms.map(() => ALERTS) }, // prettier-ignore
    details: {
      alerts: ALERTS,
      intervalMs: INTERVAL_MS,
      spacingMs: SPACING_MS,
      maxNewCardsPerMinute: MAX_NEW_CARDS_PER_MINUTE,
      store: 'SQLite',
      measured:
        'simulator clock when the pair was added → fake connector clock when the root card was accepted (same host clock)',
    },
  };
}
