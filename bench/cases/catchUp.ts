/**
 * catch-up: the service comes back after an outage to a 200,000-alert backlog, through a listing that
 * stalls every 5,000 alerts served (the page is cut and has no nextLink although `@odata.count` says more
 * match: elastic/integrations#20234). It must read every alert, spend about one request per page (plus
 * one per stall), and stay close to a bare download-and-parse loop of the same URLs.
 * `BENCH_ALERTS` shrinks it for a trial run; `BENCH_STALL_EVERY` moves the stalls off the page grid (with
 * 5,000 and pages of 1,000, every stall after a run's first lands on a page's end and costs nothing).
 */
import {
  bareLoop,
  devToken,
  progress,
  round,
  startBenchService,
  startSimProcess,
  until,
  type BenchService,
  type CaseResult,
  type SimHandle,
} from '../lib';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 200_000);
const PAGE_SIZE = 1000;
const STALL_EVERY = Number(process.env.BENCH_STALL_EVERY ?? 5000);
/** Wide enough for the whole scenario (29 days at most): the outage left every alert unread. */
const LOOKBACK_HOURS = 720;

interface Catch {
  ms: number;
  tracked: number;
  requests: number;
  stalls: number;
}

/** One service start: its first cycle is the catch-up. */
async function ourCatchUp(sim: SimHandle): Promise<Catch> {
  let svc: BenchService | undefined;
  const before = await sim.touch(0);
  try {
    svc = await startBenchService({
      graphUrl: sim.url,
      env: {
        INITIAL_LOOKBACK_HOURS: String(LOOKBACK_HOURS),
        POLL_INTERVAL_SECONDS: '3600',
        // Keeps every alert of the scenario's 29 days tracked, so that "missed" can be counted.
        ALERT_RETENTION_DAYS: '30',
      },
      unpaced: true,
    });
    const poller = svc.bot.poller;
    await until(() => poller.status().cycles >= 1, 'the catch-up cycle', 1_800_000);
    const st = poller.status();
    if (st.lastError) throw new Error(`the catch-up failed: ${st.lastError}`);
    const after = await sim.touch(0);
    return {
      ms: st.lastCycleDurationMs,
      tracked: st.trackedAlerts,
      requests: after.listRequests,
      stalls: after.stalls - before.stalls,
    };
  } finally {
    await svc?.stop();
  }
}

export async function catchUp(runs: number): Promise<CaseResult> {
  const sim = await startSimProcess({
    scenario: `scale:${ALERTS}`,
    pageSize: PAGE_SIZE,
    listing: { stallEvery: STALL_EVERY },
  });
  const pagesNeeded = Math.ceil(sim.alerts / PAGE_SIZE);
  const samples = {
    missed: [] as number[],
    requests: [] as number[],
    pagesNeeded: [] as number[],
    stalls: [] as number[],
    requestLimit: [] as number[],
    ratioToRawFetch: [] as number[],
    msOurs: [] as number[],
    msRawFetch: [] as number[],
  };
  try {
    const token = await devToken(sim.url);
    const since = () => new Date(Date.now() - LOOKBACK_HOURS * 3600_000).toISOString();
    progress('catch-up', `simulator ready with ${sim.alerts} alerts; warming up`);
    await bareLoop('catch-up', sim.url, token, since(), PAGE_SIZE);
    await ourCatchUp(sim);
    for (let r = 0; r < runs; r++) {
      const raw = await bareLoop('catch-up', sim.url, token, since(), PAGE_SIZE);
      const ours = await ourCatchUp(sim);
      samples.missed.push(sim.alerts - ours.tracked);
      samples.requests.push(ours.requests);
      samples.pagesNeeded.push(pagesNeeded);
      samples.stalls.push(ours.stalls);
      samples.requestLimit.push(pagesNeeded + ours.stalls);
      samples.ratioToRawFetch.push(round(ours.ms / raw.ms, 2));
      samples.msOurs.push(round(ours.ms));
      samples.msRawFetch.push(round(raw.ms));
      progress('catch-up', `run ${r + 1}/${runs}: ${ours.tracked}/${sim.alerts} tracked, ${ours.requests} requests (${pagesNeeded} pages needed, ${ours.stalls} stalls), ours ${round(ours.ms)} ms, bare ${round(raw.ms)} ms`); // prettier-ignore
    }
  } finally {
    await sim.close();
  }
  return {
    name: 'catch-up',
    runs,
    samples,
    details: {
      alerts: sim.alerts,
      pageSize: PAGE_SIZE,
      stallEvery: STALL_EVERY,
      store: 'SQLite (production default), fresh file per run',
      requestBudget:
        'lifted (the simulator does not throttle here); production: POLL_REQUESTS_PER_MINUTE ≤ 150',
      timing: 'wall clock; ours = the poller’s own lastCycleDurationMs of the catch-up cycle',
    },
  };
}
