import { BENCH_NAMES, isBenchName, type BenchName } from './types';

export interface BenchArgs {
  only: BenchName[];
  /** True when --only was not given: the run rewrites docs/benchmarks.md. */
  all: boolean;
  json: boolean;
  /** Overrides every benchmark's run count. */
  runs?: number;
  profile: boolean;
  /** Only re-render docs/benchmarks.md from the last full run (after editing bench/analysis.md). */
  report: boolean;
}

export const USAGE =
  'usage: npm run bench -- [--only <name>[,<name>…]] [--json] [--runs <n>] [--no-profile] | --report\n' +
  `benchmarks: ${BENCH_NAMES.join(', ')}`;

/** Parses the command line; throws an Error whose message says what is wrong (and the usage). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { only: [...BENCH_NAMES], all: true, json: false, profile: true, report: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') out.json = true;
    else if (arg === '--no-profile') out.profile = false;
    else if (arg === '--report') out.report = true;
    else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !isBenchName(n));
      if (names.length === 0 || unknown.length) throw new Error(`--only: unknown benchmark "${unknown.join(', ')}"\n${USAGE}`); // prettier-ignore
      out.only = BENCH_NAMES.filter((n) => names.includes(n));
      out.all = out.only.length === BENCH_NAMES.length;
    } else if (arg === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a whole number ≥ 1\n${USAGE}`);
      out.runs = n;
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  return out;
}
