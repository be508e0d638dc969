/**
 * Memory of the incremental engine: a fresh process (no benchmark data around) feeds `total` alerts (10%
 * Defender) to `correlate` in pages of 1000, as the poller does, then reports the process RSS and the V8
 * heap the state holds after a full GC. Data: bench/data.ts, whose tenant stays the same from page to page
 * (the simulator's scale scenario draws a new tenant per call). Run alone: `tsx bench/correlationMemory.ts`.
 */
import { spawnSync } from 'node:child_process';
import { DEFAULT_WINDOW_MS, correlate, createCorrelationState, stateSize } from '../src/correlation';
import type { SecurityAlert } from '../src/model';
import { generateBenchAlerts } from './data';

export interface MemoryResult {
  trackedAlerts: number;
  /** Process RSS with the state built, and before it, in MB (the baseline includes the TypeScript loader). */
  rssMB: number;
  baselineRssMB: number;
  /** V8 heap used by the state (after a full GC), in MB. */
  stateHeapMB: number;
}

const NOW = Date.UTC(2026, 0, 12, 12, 0, 0);
const MB = 1024 * 1024;

/** Runs the measurement in a fresh process (same loader flags, plus --expose-gc). */
export function measureMemory(trackedAlerts = 100_000): MemoryResult {
  const args = [...process.execArgv, '--expose-gc', __filename, '--child', String(trackedAlerts)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0)
    throw new Error(`memory measurement failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as MemoryResult;
}

function child(total: number): MemoryResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  const before = process.memoryUsage();
  const state = createCorrelationState();
  for (let p = 0; p * 1000 < total; p++) {
    const batch = generateBenchAlerts({ defender: 100, dlp: 900, seed: p + 1, now: NOW, users: total / 40 });
    const alerts = JSON.parse(JSON.stringify(batch.defender.concat(batch.dlp))) as SecurityAlert[];
    correlate(state, alerts, NOW, { windowMs: DEFAULT_WINDOW_MS });
  }
  gc();
  gc();
  const after = process.memoryUsage();
  return {
    trackedAlerts: stateSize(state).alerts,
    rssMB: Math.round(after.rss / MB),
    baselineRssMB: Math.round(before.rss / MB),
    stateHeapMB: Math.round((after.heapUsed - before.heapUsed) / MB),
  };
}

if (require.main === module) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) console.log(JSON.stringify(child(Number(process.argv[i + 1]))));
  else console.log(JSON.stringify(measureMemory()));
}
