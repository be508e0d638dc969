/**
 * invoke-latency: Enrich and Comment pressed on correlated alerts' cards, each an `adaptiveCard/action`
 * invoke POSTed to the real service's /api/messages and answered in the HTTP body (validation, access
 * check, the Graph comment POST over HTTPS, SQLite, the refreshed card; the channel copy is then updated
 * through the outbox). One analyst, one press at a time.
 */
import { cardVersionOf } from '../../src/alerts';
import { VERBS } from '../../src/cards';
import {
  correlatedPairs,
  freshPair,
  profiled,
  startSimProcess,
  startBenchService,
  until,
  type BenchService,
  percentile,
  round,
  pressButton,
  subscribeChannel,
  progress,
  type CaseResult,
} from '../lib';

const INVOKES = 500;
/** Each alert is enriched once and commented once: every Enrich does real work (a second is a no-op). */
const ALERTS = INVOKES / 2;
const WARM_UP = 20;

/** Adds the pairs and waits until the service tracks them as correlated. */
async function loadPairs(svc: BenchService, add: (a: ReturnType<typeof freshPair>) => Promise<number>) {
  const pairs = correlatedPairs(ALERTS + WARM_UP, 200);
  await add(pairs.flatMap((p) => freshPair(p, Date.now())));
  const ids = pairs.map((p) => p.defender.id);
  await until(
    async () => (await svc.bot.services.alerts.listCorrelated({}, Date.now(), 10_000)).total >= ids.length,
    'the pairs to be correlated',
    60_000,
    100,
  );
  // Let the cards and digests the burst caused go out first: the invokes are measured on a settled service.
  await until(() => svc.bot.notifier.status().pending === 0, 'the outbox to drain', 120_000, 100);
  return ids;
}

async function press(svc: BenchService, alertId: string, i: number): Promise<number> {
  const tracked = await svc.bot.services.alerts.tracked(alertId);
  if (!tracked) throw new Error(`alert ${alertId} is not tracked`);
  const data = { alertId, cardVersion: cardVersionOf(tracked) };
  const comment = i % 2 === 1;
  const t0 = performance.now();
  const res = comment
    ? await pressButton(svc, VERBS.comment, { ...data, commentText: `Benchmark note ${i}: checked with the user.` }) // prettier-ignore
    : await pressButton(svc, VERBS.enrich, data);
  const ms = performance.now() - t0;
  if (
    res.status !== 200 ||
    res.statusCode !== 200 ||
    res.type !== 'application/vnd.microsoft.card.adaptive'
  ) {
    throw new Error(`invoke ${i} answered HTTP ${res.status}, statusCode ${res.statusCode}, ${res.type}`);
  }
  return ms;
}

async function oneRun(): Promise<number[]> {
  const sim = await startSimProcess({ scenario: 'empty', pageSize: 1000 });
  const svc = await startBenchService({ graphUrl: sim.url, env: { POLL_INTERVAL_SECONDS: '1' } });
  try {
    await subscribeChannel(svc);
    const ids = await loadPairs(svc, (a) => sim.add(a));
    for (let i = 0; i < WARM_UP * 2; i++) await press(svc, ids[ALERTS + (i >> 1)] as string, i);
    return await profiled('invoke-latency', async () => {
      const ms: number[] = [];
      for (let i = 0; i < INVOKES; i++) ms.push(await press(svc, ids[i >> 1] as string, i));
      return ms;
    });
  } finally {
    await svc.stop();
    await sim.close();
  }
}

export async function invokeLatency(runs: number): Promise<CaseResult> {
  const samples = { p50Ms: [] as number[], p95Ms: [] as number[], p99Ms: [] as number[] };
  for (let r = 0; r < runs; r++) {
    const ms = await oneRun();
    samples.p50Ms.push(round(percentile(ms, 50)));
    samples.p95Ms.push(round(percentile(ms, 95)));
    samples.p99Ms.push(round(percentile(ms, 99)));
    progress('invoke-latency', `run ${r + 1}/${runs}: p50 ${samples.p50Ms.at(-1)} ms, p95 ${samples.p95Ms.at(-1)} ms`); // prettier-ignore
  }
  return {
    name: 'invoke-latency',
    runs,
    samples: { ...samples, invokes: samples.p50Ms.map(() => INVOKES) },
    details: {
      invokes: INVOKES,
      mix: `${INVOKES / 2} Enrich + ${INVOKES / 2} Comment, alternating, on ${ALERTS} correlated alerts`,
      graphWork:
        'Enrich: the advanced-hunting lookups for its DLP alert (DataSecurityEvents, then CloudAppEvents; the added pairs have no hunting rows, so both run) and one comment POST; Comment: one comment POST',
      concurrency: 1,
      warmUp: `${WARM_UP * 2} invokes on other alerts, not counted`,
      channel: 'one subscribed channel (card refreshes after each action go through the outbox)',
      store: 'SQLite',
    },
  };
}
