/**
 * burst: 1,000 correlated pairs appear at once for one subscribed channel. Measured: the time until the
 * channel's cards and digest cards account for every alert, and the busiest second of Teams operations
 * in that conversation (Teams allows 7 per second per thread; the notifier's pacer must keep under it).
 */
import {
  correlatedPairs,
  freshPair,
  profiled,
  startSimProcess,
  startBenchService,
  until,
  type BenchService,
  round,
  alertIdOf,
  CHANNEL_ID,
  digestTotal,
  subscribeChannel,
  progress,
  type CaseResult,
} from '../lib';

const PAIRS = 1000;
const TIMEOUT_MS = 300_000;

/** Alerts the channel shows: one per alert card, plus what each digest card stands for. */
function accounted(svc: BenchService, ids: ReadonlySet<string>): { cards: number; digested: number } {
  const shown = new Set<string>();
  let digested = 0;
  for (const m of svc.connector.cardsIn(CHANNEL_ID)) {
    const id = alertIdOf(m.card);
    if (id && ids.has(id)) shown.add(id);
    else digested += digestTotal(m);
  }
  return { cards: shown.size, digested };
}

interface BurstRun {
  ms: number;
  delivered: number;
  maxOpsPerSecond: number;
  cards: number;
  digested: number;
  ops: number;
  firstCycleAlerts: number;
}

async function oneRun(run: number): Promise<BurstRun> {
  const sim = await startSimProcess({ scenario: 'empty', pageSize: 1000 });
  const svc = await startBenchService({ graphUrl: sim.url, env: { POLL_INTERVAL_SECONDS: '1' } });
  try {
    await subscribeChannel(svc);
    const pairs = correlatedPairs(PAIRS, 300 + run);
    const ids = new Set(pairs.map((p) => p.defender.id));
    const cyclesBefore = svc.bot.poller.status().cycles;
    const addedAt = await sim.add(pairs.flatMap((p) => freshPair(p, Date.now())));
    let firstCycleAlerts = 0;
    await profiled('burst', () =>
      until(
        () => {
          const st = svc.bot.poller.status();
          if (!firstCycleAlerts && st.cycles > cyclesBefore && st.lastCycleAlerts > 0) firstCycleAlerts = st.lastCycleAlerts; // prettier-ignore
          const a = accounted(svc, ids);
          return a.cards + a.digested >= PAIRS;
        },
        'every alert to be on a card or in a digest',
        TIMEOUT_MS,
        20,
      ),
    );
    const ops = svc.connector.activities({ conversationId: CHANNEL_ID });
    const last = Math.max(...ops.map((o) => o.at));
    const a = accounted(svc, ids);
    return {
      ms: last - addedAt,
      delivered: Math.min(PAIRS, a.cards + a.digested),
      maxOpsPerSecond: svc.connector.maxOpsPerSecond(CHANNEL_ID),
      cards: a.cards,
      digested: a.digested,
      ops: ops.length,
      firstCycleAlerts,
    };
  } finally {
    await svc.stop();
    await sim.close();
  }
}

export async function burst(runs: number): Promise<CaseResult> {
  const results: BurstRun[] = [];
  for (let r = 0; r < runs; r++) {
    const b = await oneRun(r);
    results.push(b);
    progress('burst', `run ${r + 1}/${runs}: ${b.delivered}/${PAIRS} in ${b.ms} ms (${b.cards} cards, ${b.digested} in digests, ${b.ops} operations), peak ${b.maxOpsPerSecond}/s`); // prettier-ignore
  }
  const last = results[results.length - 1] as BurstRun;
  return {
    name: 'burst',
    runs,
    samples: {
      total: results.map(() => PAIRS),
      delivered: results.map((b) => b.delivered),
      ms: results.map((b) => round(b.ms)),
      maxOpsPerSecond: results.map((b) => b.maxOpsPerSecond),
      alertCards: results.map((b) => b.cards),
      inDigests: results.map((b) => b.digested),
      operations: results.map((b) => b.ops),
    },
    // Guarantees hold in every run or not at all: the worst run is the figure.
    headline: {
      delivered: Math.min(...results.map((b) => b.delivered)),
      maxOpsPerSecond: Math.max(...results.map((b) => b.maxOpsPerSecond)),
    },
    details: {
      pairs: PAIRS,
      maxNewCardsPerMinute:
        "20 (default): 20 alert cards per minute window, the rest in that minute's digest card; a burst that straddles a minute boundary gets 20 more cards (and takes longer)",
      lastRun: `${last.cards} alert cards + ${last.digested} alerts in digest cards, ${last.ops} Teams operations; the first poll after the burst read ${last.firstCycleAlerts} alerts`,
      store: 'SQLite',
    },
  };
}
