/**
 * memory: the service's RSS once it tracks 100,000 alerts. Each run starts a fresh process of the BUILT
 * service (`node --expose-gc`, see bench/serviceProcess.ts) against a `scale:100000` simulator in another
 * process; the service polls once (every alert is new), drains its outbox, runs two full GCs and reads
 * `process.memoryUsage().rss` once it has settled (V8 returns freed pages over a few GCs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  prepareBuiltDriver,
  shippedNodeFlags,
  spawnBuiltService,
  startSimProcess,
  round,
  progress,
  type CaseResult,
} from '../lib';
import { PAGE_SIZE } from './pollCycle';

/** `BENCH_ALERTS` shrinks it for a trial run. */
const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const MB = 1024 * 1024;

interface Reading {
  rssMb: number;
  rssRightAfterGcMb: number;
  peakRssMb: number;
  /** Largest heapUsed sampled until the outbox drained: live data plus garbage not yet collected. */
  peakHeapUsedMb: number;
  heapUsedMb: number;
  tracked: number;
}

/**
 * RSS and heap of a fresh `node --expose-gc` that only loads `module` (after GCs): what the fixed stack
 * costs before the service holds any data.
 */
function loadCost(module: string): string {
  const script = `${module ? `require(${JSON.stringify(module)});` : ''}gc();gc();setTimeout(()=>{gc();const m=process.memoryUsage();console.log(JSON.stringify({rss:m.rss,heap:m.heapUsed}))},300)`; // prettier-ignore
  const out = spawnSync(process.execPath, ['--expose-gc', '-e', script], { cwd: resolve(__dirname, '../..'), encoding: 'utf8' }); // prettier-ignore
  const m = JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { rss?: number; heap?: number };
  return `${round((m.rss ?? NaN) / MB)} MB RSS / ${round((m.heap ?? NaN) / MB)} MB heap`;
}

async function oneRun(simUrl: string): Promise<Reading> {
  const dir = mkdtempSync(join(tmpdir(), 'dlp-bench-mem-'));
  const svc = spawnBuiltService(
    {
      BENCH_MODE: 'memory',
      PORT: '0',
      GRAPH_BASE_URL: simUrl,
      STORE: `sqlite:${join(dir, 'bot.db')}`,
      INITIAL_LOOKBACK_HOURS: '720',
      POLL_INTERVAL_SECONDS: '3600',
      LOG_LEVEL: 'info',
      REPLICA_ID: 'bench-memory',
      // The simulator does not throttle here: no request budget either (see bench/serviceProcess.ts).
      BENCH_UNPACED: '1',
    },
    ['--expose-gc'],
  );
  try {
    const m = await svc.next('memory');
    return {
      rssMb: Number(m.rss) / MB,
      rssRightAfterGcMb: Number(m.rssRightAfterGc) / MB,
      peakRssMb: Number(m.peakRss) / MB,
      peakHeapUsedMb: Number(m.peakHeapUsed) / MB,
      heapUsedMb: Number(m.heapUsed) / MB,
      tracked: Number(m.trackedAlerts),
    };
  } finally {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function memory(runs: number): Promise<CaseResult> {
  await prepareBuiltDriver();
  const sim = await startSimProcess({ scenario: `scale:${ALERTS}`, pageSize: PAGE_SIZE });
  const readings: Reading[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const m = await oneRun(sim.url);
      readings.push(m);
      progress('memory', `run ${r + 1}/${runs}: ${m.tracked} tracked, RSS ${round(m.rssMb)} MB settled, ${round(m.rssRightAfterGcMb)} MB right after GC, peak ${round(m.peakRssMb)} MB (heap used at most ${round(m.peakHeapUsedMb)} MB), heap used ${round(m.heapUsedMb)} MB`); // prettier-ignore
    }
  } finally {
    await sim.close();
  }
  // The same measurement with nothing to track: what the loaded code and runtime cost on their own.
  const empty = await startSimProcess({ scenario: 'empty', pageSize: PAGE_SIZE });
  const idle = await oneRun(empty.url).finally(() => empty.close());
  progress('memory', `idle service (empty simulator): RSS ${round(idle.rssMb)} MB, heap used ${round(idle.heapUsedMb)} MB`); // prettier-ignore
  return {
    name: 'memory',
    runs,
    samples: {
      rssMb: readings.map((m) => round(m.rssMb)),
      alerts: readings.map((m) => m.tracked),
      rssRightAfterGcMb: readings.map((m) => round(m.rssRightAfterGcMb)),
      peakRssMb: readings.map((m) => round(m.peakRssMb)),
      peakHeapUsedMb: readings.map((m) => round(m.peakHeapUsedMb)),
      heapUsedMb: readings.map((m) => round(m.heapUsedMb)),
    },
    details: {
      alerts: ALERTS,
      pageSize: PAGE_SIZE,
      process: `a fresh \`node ${[...shippedNodeFlags(), '--expose-gc'].join(' ')}\` process of the built service per run (npm start's flags); the simulator in another process`,
      store: 'SQLite (production default)',
      idleService: `${round(idle.rssMb)} MB RSS, ${round(idle.heapUsedMb)} MB heap used (same measurement, empty simulator)`,
      loadOnly: ['', '@microsoft/teams-ai', 'botbuilder', './dist/src/main.js']
        .map((m) => `${m || 'node alone'}: ${loadCost(m)}`)
        .join('; '),
      peak: 'peakRssMb = resourceUsage().maxRSS over the whole process life: the first poll of every alert is its high-water mark; peakHeapUsedMb = the largest memoryUsage().heapUsed sampled every 25 ms until the outbox drained, against heapUsedMb after GC: the garbage V8 had not collected at the peak',
      measuredAfter:
        'the first poll (every alert new) and the outbox drained; then full GCs every 2 s until RSS stops falling (at most 60 s): rssMb is that settled RSS',
    },
  };
}
