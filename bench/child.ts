/**
 * Runs ONE benchmark in this process and prints its `CaseResult` (or, for a benchmark of
 * several set-ups, the array of them) as the last stdout line (progress goes
 * to stderr). Spawned by bench/run.ts with NODE_EXTRA_CA_CERTS set, the loader flags, and per benchmark
 * `--expose-gc` or `--cpu-prof`. Usage: `tsx bench/child.ts <name> [--runs n]`.
 */
import { isBenchName, type BenchCase, type BenchName } from './lib';

const CASES: Record<BenchName, () => Promise<BenchCase>> = {
  correlation: async () => (await import('./cases/correlation')).correlation,
  'poll-cycle': async () => (await import('./cases/pollCycle')).pollCycle,
  'alert-to-card': async () => (await import('./cases/alertToCard')).alertToCard,
  'invoke-latency': async () => (await import('./cases/invokeLatency')).invokeLatency,
  burst: async () => (await import('./cases/burst')).burst,
  memory: async () => (await import('./cases/memory')).memory,
  startup: async () => (await import('./cases/startup')).startup,
  'catch-up': async () => (await import('./cases/catchUp')).catchUp,
  'steady-state': async () => (await import('./cases/steadyState')).steadyState,
  tenants: async () => (await import('./cases/tenants')).tenants,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || !isBenchName(name)) throw new Error(`unknown benchmark "${name}"`);
  const i = rest.indexOf('--runs');
  const runs = i >= 0 ? Number(rest[i + 1]) : 1;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1`);
  const run = await CASES[name]();
  const result = await run(runs);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  // Open handles (keep-alive sockets of fetch) must not keep a finished benchmark alive.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
