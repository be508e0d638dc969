/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): self time per function and per area of the code
 * (`src/<folder>`, an npm package, Node internals, GC), as a share of the time the process was busy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One line of the summary: what, its self time in ms and its share of busy time. */
export interface ProfileLine {
  what: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time the process was not idle, in ms. */
  busyMs: number;
  areas: ProfileLine[];
  frames: ProfileLine[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** `src/poller`, `better-sqlite3`, `node:internal`, `(garbage collector)`… */
export function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const own = /\/(src|bench|test)\/([^/]+)\//.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (/\/(src|bench|test)\/[^/]+\.ts$/.test(url)) return url.replace(/^.*\/((src|bench|test)\/[^/]+)$/, '$1');
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^.*\//, '');
}

function frameName(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.replace(/^.*\/(src|bench|test|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function top(map: Map<string, number>, busyMs: number, n: number): ProfileLine[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([what, ms]) => ({ what, ms: Math.round(ms), share: busyMs ? ms / busyMs : 0 }));
}

/** Sums every `.cpuprofile` in `dir` (one per process). */
export function summariseProfiles(dir: string, n = 10): ProfileSummary {
  const areas = new Map<string, number>();
  const frames = new Map<string, number>();
  let busyMs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((node) => [node.id, node]));
    p.samples.forEach((id, i) => {
      const node = byId.get(id);
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      if (!node || IDLE.has(node.callFrame.functionName)) return;
      busyMs += ms;
      add(areas, areaOf(node.callFrame.url, node.callFrame.functionName), ms);
      add(frames, frameName(node), ms);
    });
  }
  return { busyMs: Math.round(busyMs), areas: top(areas, busyMs, n), frames: top(frames, busyMs, n) };
}

/** Set by bench/run.ts when it re-runs a benchmark that missed its target, to explain the miss. */
export const PROFILE_DIR_ENV = 'BENCH_PROFILE_DIR';

/**
 * Runs `fn`, and when BENCH_PROFILE_DIR is set, samples this process's CPU during it (the inspector's
 * profiler, so only the measured section is in the profile) and writes `<label>.<n>.cpuprofile` there.
 */
export async function profiled<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env[PROFILE_DIR_ENV];
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label}.${Date.now()}.cpuprofile`), JSON.stringify(profile));
  }
}
