/**
 * poll-cycle: the service's first poll cycle over 50,000 changed alerts (the real Graph client over
 * HTTPS, time-boundary paging, parsing, correlation, one SQLite batch per page of tracked alerts + outbox
 * + watermark, the next page fetched meanwhile), against a bare loop that only downloads and JSON.parses
 * the same pages (the same URLs) from the same simulator. `BENCH_ALERTS` shrinks it for a trial run.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durableFloor } from '../lib/durableFloor';
import {
  bareLoop,
  devToken,
  startSimProcess,
  type SimHandle,
  profiled,
  startBenchService,
  until,
  type BenchService,
  round,
  progress,
  type CaseResult,
} from '../lib';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 50_000);
/** Alerts per page: the product's `$top` (POLL_PAGE_SIZE default, Graph's maximum). */
export const PAGE_SIZE = 1000;
/** Wide enough for the whole scenario (29 days at most): every alert is "changed" on the first poll. */
const LOOKBACK_HOURS = 720;

interface Cycle {
  ms: number;
  pages: number;
  alerts: number;
}

/** One service start: its first poll cycle, as the poller itself timed it. */
async function ourCycle(sim: SimHandle, profile: boolean): Promise<Cycle> {
  let svc: BenchService | undefined;
  const run = async (): Promise<Cycle & { startMs: number; endMs: number }> => {
    svc = await startBenchService({
      graphUrl: sim.url,
      // A long interval: exactly one cycle runs while we watch.
      env: { INITIAL_LOOKBACK_HOURS: String(LOOKBACK_HOURS), POLL_INTERVAL_SECONDS: '3600' },
      unpaced: true,
    });
    const poller = svc.bot.poller;
    await until(() => poller.status().cycles >= 1, 'the first poll cycle');
    const st = poller.status();
    if (st.lastError) throw new Error(`the poll cycle failed: ${st.lastError}`);
    const startMs = Date.parse(st.lastCycleStartedAt ?? '');
    const [ms, pages, alerts] = [st.lastCycleDurationMs, st.lastCyclePages, st.lastCycleAlerts];
    return { ms, pages, alerts, startMs, endMs: startMs + ms };
  };
  try {
    // The cycle starts inside startService: profile from there, cropped to the cycle itself.
    return profile ? await profiled('poll-cycle', run, (c) => c) : await run();
  } finally {
    await svc?.stop();
  }
}

/** The floor: the same pages with fetch + JSON.parse only (bench/lib/bareLoop.ts). */
async function rawFetch(sim: SimHandle, token: string): Promise<Cycle> {
  const since = new Date(Date.now() - LOOKBACK_HOURS * 3600_000).toISOString();
  return bareLoop('poll-cycle', sim.url, token, since, PAGE_SIZE);
}

/** The floor of a durable, correlated cycle over the same pages (bench/lib/durableFloor.ts). */
async function floorCycle(sim: SimHandle, token: string): Promise<Cycle> {
  const since = new Date(Date.now() - LOOKBACK_HOURS * 3600_000).toISOString();
  return durableFloor(sim.url, token, since, PAGE_SIZE, join(tmpdir(), `bench-floor-${process.pid}.sqlite`));
}

export async function pollCycle(runs: number): Promise<CaseResult> {
  const sim = await startSimProcess({ scenario: `scale:${ALERTS}`, pageSize: PAGE_SIZE });
  const samples = {
    msOurs: [] as number[],
    msRawFetch: [] as number[],
    ratioToRawFetch: [] as number[],
    msFloor: [] as number[],
    floorRatioToRawFetch: [] as number[],
  };
  let last: Cycle = { ms: 0, pages: 0, alerts: 0 };
  try {
    const token = await devToken(sim.url);
    progress('poll-cycle', `simulator ready with ${sim.alerts} alerts; warming up`);
    await rawFetch(sim, token);
    await floorCycle(sim, token);
    await ourCycle(sim, false);
    for (let r = 0; r < runs; r++) {
      // Alternated, so that a noisy minute on the shared machine hits both sides.
      const raw = await rawFetch(sim, token);
      const floor = await floorCycle(sim, token);
      const ours = await ourCycle(sim, r === 0);
      if (ours.alerts !== raw.alerts || ours.pages !== raw.pages) {
        throw new Error(`ours read ${ours.alerts} alerts in ${ours.pages} pages, raw ${raw.alerts} in ${raw.pages}`); // prettier-ignore
      }
      samples.msOurs.push(round(ours.ms));
      samples.msRawFetch.push(round(raw.ms));
      samples.ratioToRawFetch.push(round(ours.ms / raw.ms, 2));
      samples.msFloor.push(round(floor.ms));
      samples.floorRatioToRawFetch.push(round(floor.ms / raw.ms, 2));
      last = ours;
      progress('poll-cycle', `run ${r + 1}/${runs}: ours ${round(ours.ms)} ms, raw ${round(raw.ms)} ms, floor ${round(floor.ms)} ms`); // prettier-ignore
    }
  } finally {
    await sim.close();
  }
  return {
    name: 'poll-cycle',
    runs,
    samples: { ...samples, pages: samples.msOurs.map(() => last.pages), alerts: samples.msOurs.map(() => last.alerts) }, // prettier-ignore
    details: {
      alerts: last.alerts,
      pages: last.pages,
      pageSize: PAGE_SIZE,
      store: 'SQLite (production default), fresh file per run',
      timing: 'wall clock; ours = the poller’s own lastCycleDurationMs (list + correlate + store batch)',
      warmUp: 'one untimed run of each side first',
    },
  };
}
