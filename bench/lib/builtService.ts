/** Spawns the built service (bench/serviceProcess.ts, transpiled into dist/) and reads its reports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../..');
export const BUILT_MAIN = resolve(ROOT, 'dist/src/main.js');
export const BUILT_DRIVER = resolve(ROOT, 'dist/bench/serviceProcess.js');

/**
 * The Node flags the service ships with: those of `npm start` (package.json; the web app's start command
 * in infra/modules/webapp.bicep is the same, a unit test holds them together), so that the benchmarks
 * measure the runtime as deployed (today `--heap-growing-percent=50`, see docs/deploy.md, Memory).
 */
export function shippedNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm start does not run node: "${pkg.scripts?.start ?? ''}"`);
  const script = words.findIndex((w, i) => i > 0 && !w.startsWith('-'));
  return words.slice(1, script < 0 ? undefined : script);
}

/**
 * Transpiles bench/serviceProcess.ts next to the build output (its `../src/…` imports then resolve to
 * dist/src). Type checking is the project's (`tsc --noEmit` covers bench/); this only strips types.
 */
export async function prepareBuiltDriver(): Promise<void> {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first`);
  // Loaded here only: the compiler is large and no other benchmark needs it.
  const ts = (await import('typescript')).default;
  const source = readFileSync(resolve(ROOT, 'bench/serviceProcess.ts'), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  mkdirSync(dirname(BUILT_DRIVER), { recursive: true });
  writeFileSync(BUILT_DRIVER, out.outputText);
}

export interface BuiltService {
  child: ChildProcess;
  /** Resolves with the first `BENCH` report of this event; rejects on `failed`, exit or timeout. */
  next(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node [shipped flags] [flags] dist/bench/serviceProcess.js` with `env` added to this process's
 * environment.
 */
export function spawnBuiltService(env: Record<string, string>, nodeFlags: string[] = []): BuiltService {
  const child = spawn(process.execPath, [...shippedNodeFlags(), ...nodeFlags, BUILT_DRIVER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const reports: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const errors: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (line.startsWith('BENCH ')) reports.push(JSON.parse(line.slice(6)) as Record<string, unknown>);
    else errors.push(line);
    for (const w of waiters) w();
  });
  child.on('exit', () => waiters.forEach((w) => w()));
  const next = (event: string, timeoutMs = 600_000): Promise<Record<string, unknown>> =>
    new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => settle(new Error(`no "${event}" report within ${timeoutMs} ms`)), timeoutMs); // prettier-ignore
      const check = (): void => {
        const found = reports.find((r) => r.event === event);
        const failed = reports.find((r) => r.event === 'failed');
        if (found) settle(undefined, found);
        else if (failed) settle(new Error(`the service failed: ${String(failed.message)}`));
        else if (child.exitCode !== null) settle(new Error(`the service exited (${child.exitCode}): ${errors.slice(-5).join(' | ')}`)); // prettier-ignore
      };
      const settle = (err?: Error, value?: Record<string, unknown>): void => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolvePromise(value as Record<string, unknown>);
      };
      waiters.add(check);
      check();
    });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return { child, next, stop };
}
