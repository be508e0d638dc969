/**
 * steady-state: once the service tracks N alerts, each poll cycle must cost what its changes cost, not
 * what it tracks. 1,000 alerts change per cycle; CPU of the service process per cycle with 100,000
 * tracked against 10,000 tracked. `BENCH_TRACKED` (the large size) and `BENCH_CHANGED` shrink it for a
 * trial run; the small size is a tenth of the large one.
 */
import {
  progress,
  round,
  startBenchService,
  startSimProcess,
  until,
  type BenchService,
  type CaseResult,
} from '../lib';

const TRACKED = Number(process.env.BENCH_TRACKED ?? 100_000);
const CHANGED = Number(process.env.BENCH_CHANGED ?? 1000);
const CYCLES = 6;
const GAP_MS = 2000;
/**
 * Shorter than the gap, so that each cycle re-reads only its own changes at both sizes (with the
 * production 5 min overlap, back-to-back cycles re-read every earlier cycle's changes too, and the small
 * store, where the same alerts change again, would re-read fewer).
 */
const OVERLAP_MS = 1000;
const LOOKBACK_HOURS = 720;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Median CPU ms per cycle (the first measured cycle is a warm-up) with `n` alerts tracked. */
async function cpuPerCycle(n: number): Promise<{ cpuMs: number; tracked: number }> {
  const sim = await startSimProcess({ scenario: `scale:${n}`, pageSize: 1000 });
  let svc: BenchService | undefined;
  try {
    svc = await startBenchService({
      graphUrl: sim.url,
      env: {
        INITIAL_LOOKBACK_HOURS: String(LOOKBACK_HOURS),
        POLL_INTERVAL_SECONDS: '3600',
        ALERT_RETENTION_DAYS: '30',
      },
      unpaced: true,
      overlapMs: OVERLAP_MS,
    });
    const poller = svc.bot.poller;
    await until(() => poller.status().cycles >= 1, 'the first poll', 600_000);
    const tracked = poller.status().trackedAlerts;
    const samples: number[] = [];
    for (let c = 0; c < CYCLES; c++) {
      await sleep(GAP_MS);
      await sim.touch(CHANGED);
      const before = process.cpuUsage();
      await poller.runCycle();
      const used = process.cpuUsage(before);
      if (c > 0) samples.push((used.user + used.system) / 1000);
    }
    samples.sort((a, b) => a - b);
    const cpuMs = samples[Math.floor(samples.length / 2)] ?? NaN;
    progress('steady-state', `${tracked} tracked: ${round(cpuMs)} ms CPU per cycle (${samples.map((s) => round(s)).join(', ')})`); // prettier-ignore
    return { cpuMs, tracked };
  } finally {
    await svc?.stop();
    await sim.close();
  }
}

export async function steadyState(runs: number): Promise<CaseResult> {
  const big: number[] = [];
  const small: number[] = [];
  const ratio: number[] = [];
  let trackedBig = 0;
  let trackedSmall = 0;
  for (let r = 0; r < runs; r++) {
    const b = await cpuPerCycle(TRACKED);
    const s = await cpuPerCycle(Math.round(TRACKED / 10));
    trackedBig = b.tracked;
    trackedSmall = s.tracked;
    big.push(round(b.cpuMs));
    small.push(round(s.cpuMs));
    ratio.push(round(b.cpuMs / s.cpuMs, 2));
  }
  return {
    name: 'steady-state',
    runs,
    samples: { cpuMsPerCycle: big, cpuMsPerCycleAt10k: small, ratio },
    details: {
      tracked: TRACKED,
      changedPerCycle: CHANGED,
      trackedAfterFirstPoll: `${trackedBig} and ${trackedSmall}`,
      cycles: `${CYCLES} per size, ${GAP_MS} ms apart, overlap ${OVERLAP_MS} ms, the first one not counted; median`,
      cpu: 'process.cpuUsage() of the service process (the bench process; the simulator runs in its own) over runCycle',
    },
  };
}
