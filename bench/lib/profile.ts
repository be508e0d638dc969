/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): self time per function and per area of the code
 * (`src/<folder>`, an npm package, Node internals, GC), as a share of the time the process was busy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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
  /** Self time per function. */
  frames: ProfileLine[];
  /** Time with the function anywhere on the stack (total time), for the project's own functions. */
  ownTotals: ProfileLine[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** The repository's root as profile URLs spell it (`file:///…/`). */
const ROOT_URL = pathToFileURL(resolve(__dirname, '../..')).href + '/';

/** A URL inside the repository (not its node_modules) relative to its root, else undefined. */
function ownPath(url: string): string | undefined {
  const path = url.startsWith(ROOT_URL) ? url.slice(ROOT_URL.length) : undefined;
  return path && !path.startsWith('node_modules/') ? path : undefined;
}

/** `src/poller`, `better-sqlite3`, `node:internal`, `(garbage collector)`… */
export function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  // Relative to the root: a checkout whose path holds `/bench/` or `/src/` must not name the area.
  const path = ownPath(url);
  const own = path === undefined ? null : /^(src|bench|test)\/([^/]+)\//.exec(path);
  if (own) return `${own[1]}/${own[2]}`;
  if (path !== undefined && /^(src|bench|test)\/[^/]+\.ts$/.test(path)) return path;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^.*\//, '');
}

function frameName(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  // Lines of tsx-compiled TypeScript are the generated code's, not the source's: the file says enough.
  const line = url.endsWith('.ts') ? '' : `:${lineNumber + 1}`;
  const where = url ? `${ownPath(url) ?? url.replace(/^.*\/node_modules\//, 'node_modules/')}${line}` : '';
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

/** The project's own functions on a sample's stack (each counted once), innermost first. */
function ownFramesOnStack(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string[] {
  const names = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const node = byId.get(cur);
    const path = node && ownPath(node.callFrame.url);
    if (node && path?.startsWith('src/') && node.callFrame.functionName) names.add(frameName(node));
  }
  return [...names];
}

/** Sums every `.cpuprofile` in `dir` (one per process or profiled section). */
export function summariseProfiles(dir: string, n = 10): ProfileSummary {
  const areas = new Map<string, number>();
  const frames = new Map<string, number>();
  const totals = new Map<string, number>();
  let busyMs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
    p.samples.forEach((id, i) => {
      const node = byId.get(id);
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      if (!node || IDLE.has(node.callFrame.functionName)) return;
      busyMs += ms;
      add(areas, areaOf(node.callFrame.url, node.callFrame.functionName), ms);
      add(frames, frameName(node), ms);
      for (const name of ownFramesOnStack(id, byId, parent)) add(totals, name, ms);
    });
  }
  return {
    busyMs: Math.round(busyMs),
    areas: top(areas, busyMs, n),
    frames: top(frames, busyMs, n),
    ownTotals: top(totals, busyMs, n),
  };
}

/** Set by bench/run.ts when it re-runs a benchmark that missed its target, to explain the miss. */
export const PROFILE_DIR_ENV = 'BENCH_PROFILE_DIR';

/** Microseconds on the monotonic clock V8's profiler stamps samples with. */
const monoUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Keeps the samples taken between `fromUs` and `toUs` (monotonic µs). */
function crop(p: CpuProfile & { startTime: number; endTime: number }, fromUs: number, toUs: number) {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let t = p.startTime;
  let last = fromUs;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) return;
    samples.push(id);
    timeDeltas.push(t - last);
    last = t;
  });
  return { ...p, startTime: fromUs, endTime: toUs, samples, timeDeltas };
}

/**
 * Runs `fn`, and when BENCH_PROFILE_DIR is set, samples this process's CPU during it (the inspector's
 * profiler) and writes `<label>.<n>.cpuprofile` there, cropped to `fn`'s own time, or to the wall-clock
 * window `window(result)` names (e.g. the poll cycle inside a service start), so that neither the
 * profiler's own stop nor neighbouring work is counted.
 */
export async function profiled<T>(
  label: string,
  fn: () => Promise<T>,
  window?: (result: T) => { startMs: number; endMs: number },
): Promise<T> {
  const dir = process.env[PROFILE_DIR_ENV];
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const fromUs = monoUs();
  let result: T | undefined;
  try {
    result = await fn();
    return result;
  } finally {
    let [from, to] = [fromUs, monoUs()];
    if (result !== undefined && window) {
      const w = window(result);
      const offsetUs = monoUs() - Date.now() * 1000;
      [from, to] = [w.startMs * 1000 + offsetUs, w.endMs * 1000 + offsetUs];
    }
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const cropped = crop(profile as unknown as CpuProfile & { startTime: number; endTime: number }, from, to);
    writeFileSync(join(dir, `${label}.${Date.now()}.cpuprofile`), JSON.stringify(cropped));
  }
}
