/**
 * startup: from spawning the built service (`node dist/bench/serviceProcess.js`: loadConfig + startService
 * of dist/src/main.js, on 127.0.0.1) to its first `GET /readyz` answered 200. SQLite store in a fresh
 * directory, an empty simulator as Graph (the permission self-check and the first poll talk to it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  prepareBuiltDriver,
  spawnBuiltService,
  PROFILE_DIR_ENV,
  startSimProcess,
  round,
  progress,
  type CaseResult,
} from '../lib';

async function ready(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function oneRun(simUrl: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'dlp-bench-start-'));
  const t0 = performance.now();
  // Profiling a miss: the whole service process, from its first line to SIGTERM.
  const profileDir = process.env[PROFILE_DIR_ENV];
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const svc = spawnBuiltService(
    {
      BENCH_MODE: 'startup',
      PORT: '0',
      GRAPH_BASE_URL: simUrl,
      STORE: `sqlite:${join(dir, 'bot.db')}`,
      LOG_LEVEL: 'info',
      REPLICA_ID: 'bench-startup',
    },
    flags,
  );
  try {
    const { port } = await svc.next('listening', 60_000);
    await ready(`http://127.0.0.1:${Number(port)}/readyz`, Date.now() + 60_000);
    return performance.now() - t0;
  } finally {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startup(runs: number): Promise<CaseResult> {
  await prepareBuiltDriver();
  const sim = await startSimProcess({ scenario: 'empty', pageSize: 1000 });
  const ms: number[] = [];
  try {
    await oneRun(sim.url); // warms the OS file cache, as on a host that has run the image before
    for (let r = 0; r < runs; r++) {
      ms.push(round(await oneRun(sim.url)));
      progress('startup', `run ${r + 1}/${runs}: ${ms.at(-1)} ms`);
    }
  } finally {
    await sim.close();
  }
  return {
    name: 'startup',
    runs,
    samples: { ms },
    details: {
      process:
        '`node dist/bench/serviceProcess.js` = loadConfig + startService from dist/src/main.js (built JS, no tsx), listening on 127.0.0.1',
      measured: 'spawn → first GET /readyz answered 200 (polled every 5 ms once the port is known)',
      store: 'SQLite, new file',
      warmUp: 'one untimed start first (file cache)',
    },
  };
}
