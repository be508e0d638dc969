/**
 * CPU-time measurement for benchmarks on a shared machine: user + system time of this process (GC
 * threads included), which other jobs' load does not inflate the way it inflates wall-clock time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** A full GC handle (exposed at run time when the process was not started with --expose-gc). */
function gcHandle(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const fullGc = gcHandle();

/**
 * A full GC, then a pause for the concurrent sweepers to finish: one timed section must not pay for the
 * garbage of the one before (with gigabytes of alerts on the heap, a major GC costs about as much as the
 * work measured).
 */
export async function settle(): Promise<void> {
  fullGc();
  await new Promise((resolve) => setTimeout(resolve, 250));
}

/** CPU time of `fn`, in ms. */
export function time(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** `time` after `settle`. */
export async function timeSettled(fn: () => unknown): Promise<number> {
  await settle();
  return time(fn);
}
