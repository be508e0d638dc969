/** The benchmarks `npm run bench` knows, in the order they run. */
export const BENCH_NAMES = [
  'correlation',
  'poll-cycle',
  'alert-to-card',
  'invoke-latency',
  'burst',
  'memory',
  'startup',
  'catch-up',
  'steady-state',
  'tenants',
] as const;

export type BenchName = (typeof BENCH_NAMES)[number];

export function isBenchName(s: string): s is BenchName {
  return (BENCH_NAMES as readonly string[]).includes(s);
}

/**
 * What one benchmark process reports. `samples` holds every run's value of each JSON field (the
 * headline figures); `headline` overrides the median for fields that are not a plain median (a ratio
 * of medians, a count that must hold in every run).
 */
export interface CaseResult {
  name: BenchName;
  runs: number;
  samples: Record<string, number[]>;
  headline?: Record<string, number>;
  /** Facts about the setup, printed in the report (page size, store, counts). */
  details: Record<string, string | number | boolean>;
}

/**
 * A benchmark's code: runs `runs` measured repetitions in this process. A benchmark measured in several
 * set-ups (tenants: 1 and 3 replicas) returns one result per set-up; the runner keeps every one.
 */
export type BenchCase = (runs: number) => Promise<CaseResult | CaseResult[]>;

/** Progress goes to stderr: stdout carries only the JSON results. */
export function progress(name: string, text: string): void {
  process.stderr.write(`[bench ${name}] ${text}\n`);
}
