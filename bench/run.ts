/**
 * `npm run bench`: runs every benchmark (each in its own process, see bench/child.ts) and rewrites
 * docs/benchmarks.md; `--only <names> --json` prints one JSON line per benchmark instead. Processes that
 * talk to the simulator over HTTPS need NODE_EXTRA_CA_CERTS from their start, so this script makes sure
 * of the certificate and re-executes itself with the variable set.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ensureCertificate } from '../simulator';
import {
  parseArgs,
  type BenchArgs,
  BUILT_MAIN,
  shippedNodeFlags,
  machine,
  summariseProfiles,
  PROFILE_DIR_ENV,
  type ProfileSummary,
  renderReport,
  type Report,
  round,
  spread,
  headline,
  judge,
  SPECS,
} from './lib';
import type { BenchName, CaseResult } from './lib/types';

const ROOT = resolve(__dirname, '..');
const TLS_DIR = resolve(ROOT, '.tmp/tls');
const PROFILE_ROOT = resolve(ROOT, '.tmp/bench/profile');
const DOC = resolve(ROOT, 'docs/benchmarks.md');
const ANALYSIS = resolve(__dirname, 'analysis.md');
/** The last full run's report data, so that `--report` can re-render the document (after editing analysis.md). */
const LAST_RUN = resolve(ROOT, '.tmp/bench/last-run.json');

/**
 * Runs bench/child.ts for one benchmark; resolves with its results (the last JSON line of its stdout: one
 * result, or one per set-up).
 */
function runChild(name: BenchName, runs: number, env: Record<string, string> = {}): Promise<CaseResult[]> {
  const args = [...process.execArgv, resolve(__dirname, 'child.ts'), name, '--runs', String(runs)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return fail(new Error(`exited with code ${code}`));
      try {
        const parsed = JSON.parse(last) as CaseResult | CaseResult[];
        done(Array.isArray(parsed) ? parsed : [parsed]);
      } catch (err) {
        fail(new Error(`no result line (${(err as Error).message})`));
      }
    });
  });
}

/** Re-runs a benchmark once with its measured section profiled, and summarises the profiles. */
async function profile(name: BenchName): Promise<ProfileSummary | undefined> {
  const dir = resolve(PROFILE_ROOT, name);
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`[bench] ${name} missed a target: profiling one more run\n`);
  try {
    await runChild(name, 1, { [PROFILE_DIR_ENV]: dir });
    return summariseProfiles(dir, 12);
  } catch (err) {
    process.stderr.write(`[bench] profiling ${name} failed: ${(err as Error).message}\n`);
    return undefined;
  }
}

/** The JSON line of one result: the data size, the headline fields, then run count, spreads and verdicts. */
function jsonLine(r: CaseResult): string {
  const { fields, jsonDetails = [] } = SPECS[r.name];
  // A figure a set-up has not (tenants: no takeover with one replica) is null, not 0.
  const none = (k: string): boolean => (r.samples[k] ?? []).every((x) => x === null || Number.isNaN(x));
  const pick = (f: (field: string) => number) =>
    Object.fromEntries(fields.map((k) => [k, none(k) ? null : f(k)]));
  const verdicts = judge(r);
  return JSON.stringify({
    name: r.name,
    ...Object.fromEntries(jsonDetails.map((k) => [k, r.details[k]])),
    ...pick((k) => round(headline(r, k), 3)),
    runs: r.runs,
    min: pick((k) => spread(r.samples[k] ?? [NaN]).min),
    max: pick((k) => spread(r.samples[k] ?? [NaN]).max),
    targetMet: verdicts.every((v) => v.met),
    targets: verdicts.map((v) => ({ target: v.criterion.label, met: v.met, value: v.value, limit: v.limit })),
  });
}

/** `## name` sections of bench/analysis.md: the hand-written reading of each missed target. */
function readAnalysis(): Record<string, string> {
  if (!existsSync(ANALYSIS)) return {};
  const out: Record<string, string> = {};
  for (const part of readFileSync(ANALYSIS, 'utf8').split(/^## /m).slice(1)) {
    const [title, ...body] = part.split('\n');
    out[(title ?? '').trim()] = body.join('\n').trim();
  }
  return out;
}

/** Newest modification time under `dir` (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = resolve(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** memory and startup run the built JS: build when dist/ is missing or older than src/. */
function ensureBuild(args: BenchArgs): void {
  if (!args.only.some((n) => n === 'memory' || n === 'startup')) return;
  const built = existsSync(BUILT_MAIN) ? statSync(BUILT_MAIN).mtimeMs : 0;
  if (built > newest(resolve(ROOT, 'src'))) return;
  process.stderr.write('[bench] dist/ is missing or older than src/: npm run build\n');
  const started = Date.now();
  const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (b.status === 0) return;
  // tsc still emits when some file has a type error (another change in progress): go on, but say so.
  if (existsSync(BUILT_MAIN) && statSync(BUILT_MAIN).mtimeMs >= started) {
    process.stderr.write('[bench] npm run build reported errors but emitted dist/: measuring that build\n');
    return;
  }
  throw new Error('npm run build failed: memory and startup need the built service');
}

async function runAll(args: BenchArgs): Promise<number> {
  ensureBuild(args);
  const startedAt = new Date();
  const m = machine();
  const results: CaseResult[] = [];
  const failures: Record<string, string> = {};
  const profiles: Record<string, ProfileSummary | undefined> = {};
  for (const name of args.only) {
    const spec = SPECS[name];
    process.stderr.write(`[bench] ${name}: ${args.runs ?? spec.runs} runs (load ${machine().load})\n`);
    try {
      const rs = await runChild(name, args.runs ?? spec.runs);
      results.push(...rs);
      if (args.json) for (const r of rs) process.stdout.write(`${jsonLine(r)}\n`);
      const missed = rs.some((r) => judge(r).some((v) => !v.met));
      if (missed && args.profile && spec.explain === 'cpu-profile') profiles[name] = await profile(name);
    } catch (err) {
      failures[name] = (err as Error).message;
      process.stderr.write(`[bench] ${name} failed: ${failures[name]}\n`);
    }
  }
  const minutes = Math.round((Date.now() - startedAt.getTime()) / 6000) / 10;
  if (args.all && !args.json) {
    const report = { machine: m, loadAtEnd: machine().load, startedAt, minutes, results, failures, profiles };
    mkdirSync(dirname(LAST_RUN), { recursive: true });
    writeFileSync(LAST_RUN, JSON.stringify(report));
    writeFileSync(DOC, renderReport(report, readAnalysis()));
    process.stderr.write(`[bench] wrote ${DOC} (${minutes} min)\n`);
  } else if (!args.json) {
    for (const r of results) process.stdout.write(`${jsonLine(r)}\n`);
    process.stderr.write('[bench] a partial run leaves docs/benchmarks.md as it was\n');
  }
  return Object.keys(failures).length ? 1 : 0;
}

/** `--report`: the document again from the last full run's data, with the current analysis.md. */
function rerender(): number {
  if (!existsSync(LAST_RUN)) throw new Error(`${LAST_RUN} is missing: run \`npm run bench\` first`);
  const report = JSON.parse(readFileSync(LAST_RUN, 'utf8')) as Omit<Report, 'startedAt'> & {
    startedAt: string;
  };
  writeFileSync(DOC, renderReport({ ...report, startedAt: new Date(report.startedAt) }, readAnalysis()));
  process.stderr.write(`[bench] re-rendered ${DOC} from ${LAST_RUN}\n`);
  return 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.report) return rerender();
  const cert = ensureCertificate(TLS_DIR).certPath;
  const missing = shippedNodeFlags().filter((f) => !process.execArgv.includes(f));
  if (process.env.NODE_EXTRA_CA_CERTS !== cert || missing.length > 0) {
    // Node reads NODE_EXTRA_CA_CERTS only at start-up: run again with it (children inherit it), and with
    // the service's shipped Node flags, for the benchmarks that run the service in this process.
    const again = spawnSync(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert },
    });
    return again.status ?? 1;
  }
  return runAll(args);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
