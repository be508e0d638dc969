/**
 * The real bot as a child process: `node --import tsx src/main.ts` (one Node process, no wrapper that
 * would outlive a `kill -9`), configured only by the environment given here, on a free loopback port,
 * trusting the simulator's certificate. Its pino JSON lines are collected and parsed; it can be killed
 * with SIGKILL (a crash) or stopped with SIGTERM (a clean shutdown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { postActivity, type PostActivityOptions, type PostActivityResult } from './activities';

const ROOT = resolve(__dirname, '../..');
const TLS_DIR = process.env.TEST_TLS_DIR ?? resolve(ROOT, '.tmp/tls');

export interface BotProcessOptions {
  /** The bot's configuration (process.env keys). `PORT` is chosen here (a free port) unless given. */
  env: Record<string, string>;
  /**
   * Entry script, relative to the repository root. Default `src/main.ts` (the real composition root); a
   * test may run its own script that calls `startService` with test-only options.
   */
  script?: string;
  /** How long to wait for `GET /healthz` to answer 200, in ms. Default 120 000 (a cold start under load). */
  startTimeoutMs?: number;
  /** Directory of the simulator's `cert.pem`, trusted through NODE_EXTRA_CA_CERTS. Default `TEST_TLS_DIR`. */
  tlsDir?: string;
}

/** One pino line as the bot wrote it. */
export interface LogLine {
  level: number;
  time: string;
  msg: string;
  [key: string]: unknown;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcess {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every stdout line so far (JSON log lines, and anything else the process printed). */
  readonly stdout: readonly string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The stdout lines that are pino JSON, parsed. */
  logs(): LogLine[];
  /** Resolves with the first log line (past or future) for which `test` holds; rejects after `timeoutMs`. */
  waitForLog(test: (line: LogLine) => boolean, timeoutMs?: number, what?: string): Promise<LogLine>;
  /** GET a JSON endpoint of the bot (`/status`, `/healthz`, `/readyz`). */
  getJson<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  /** POSTs an activity to its `/api/messages`. */
  post(activity: object, o?: PostActivityOptions): Promise<PostActivityResult>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  running(): boolean;
  /** SIGKILL (a crash: no shutdown code runs) and wait for the exit. */
  kill9(): Promise<ExitInfo>;
  /** SIGTERM (the bot's clean shutdown), SIGKILL after `graceMs` (default 15 000); waits for the exit. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a child may still lose a race for it, see retries). */
export function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Only what a Node process needs, so nothing from the developer's shell configures the bot by accident. */
function baseEnv(tlsDir: string): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  env.NODE_EXTRA_CA_CERTS = resolve(tlsDir, 'cert.pem');
  return env;
}

interface Output {
  stdout: string[];
  stderr: string;
  waiters: Array<{ test: (l: LogLine) => boolean; done: (l: LogLine) => void }>;
}

function parseLine(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && 'msg' in v ? (v as LogLine) : undefined;
  } catch (err) {
    // A line cut by a kill -9 mid-write is not a log line; the raw text stays in `stdout`.
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function collect(child: ChildProcess): Output {
  const out: Output = { stdout: [], stderr: '', waiters: [] };
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      out.stdout.push(line);
      const parsed = parseLine(line);
      if (!parsed) continue;
      for (const w of out.waiters.filter((x) => x.test(parsed))) {
        out.waiters.splice(out.waiters.indexOf(w), 1);
        w.done(parsed);
      }
    }
  });
  child.stdout!.on('end', () => {
    if (partial) out.stdout.push(partial);
    partial = '';
  });
  child.stderr!.on('data', (chunk: Buffer) => (out.stderr += chunk.toString('utf8')));
  return out;
}

async function waitHealthy(url: string, exited: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (exited()) return false;
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the bot did not answer ${url}/healthz within ${timeoutMs} ms`);
}

function spawnBot(o: BotProcessOptions, port: number): { child: ChildProcess; out: Output } {
  const script = resolve(ROOT, o.script ?? 'src/main.ts');
  const env = { ...baseEnv(o.tlsDir ?? TLS_DIR), ...o.env, PORT: String(port) };
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, out: collect(child) };
}

/**
 * Starts the bot and resolves once `/healthz` answers 200. Retries with another port when the chosen one
 * was taken in between (EADDRINUSE); any other early exit rejects with the process's stderr.
 */
export async function startBotProcess(o: BotProcessOptions): Promise<BotProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = o.env.PORT ? Number(o.env.PORT) : await freePort();
    const { child, out } = spawnBot(o, port);
    const exited = new Promise<ExitInfo>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    const url = `http://127.0.0.1:${port}`;
    const isDown = (): boolean => child.exitCode !== null || child.signalCode !== null;
    let healthy: boolean;
    try {
      healthy = await waitHealthy(url, isDown, o.startTimeoutMs ?? 120_000);
    } catch (err) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${(err as Error).message}; stderr: ${out.stderr.slice(-2000)}`, { cause: err });
    }
    if (healthy) return handle(child, out, port, exited);
    await exited;
    if (!/EADDRINUSE/.test(out.stderr + out.stdout.join('\n')) || attempt >= 3 || o.env.PORT)
      throw new Error(
        `the bot exited during start-up: ${out.stderr.slice(-2000) || out.stdout.slice(-5).join('\n')}`,
      );
  }
}

function handle(child: ChildProcess, out: Output, port: number, exited: Promise<ExitInfo>): BotProcess {
  const url = `http://127.0.0.1:${port}`;
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const logs = (): LogLine[] => out.stdout.map(parseLine).filter((l): l is LogLine => l !== undefined);
  return {
    pid: child.pid!,
    port,
    url,
    stdout: out.stdout,
    stderr: () => out.stderr,
    logs,
    async waitForLog(test, timeoutMs = 30_000, what = 'a log line') {
      return (
        logs().find(test) ??
        waitForNewLine(out, test, timeoutMs, `no ${what} from the bot (pid ${child.pid})`)
      );
    },
    async getJson<T>(path: string) {
      const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: (await res.json()) as T };
    },
    post: (activity, po) => postActivity(`${url}/api/messages`, activity, po),
    exited,
    running,
    async kill9() {
      if (running()) child.kill('SIGKILL');
      return exited;
    },
    async stop(graceMs = 15_000) {
      if (!running()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const info = await exited;
      clearTimeout(timer);
      return info;
    },
  };
}

/** The next log line for which `test` holds; rejects with `failure` after `timeoutMs`. */
function waitForNewLine(
  out: Output,
  test: (l: LogLine) => boolean,
  timeoutMs: number,
  failure: string,
): Promise<LogLine> {
  return new Promise((done, reject) => {
    const timer = setTimeout(() => {
      out.waiters.splice(out.waiters.indexOf(waiter), 1);
      reject(new Error(`${failure} within ${timeoutMs} ms`));
    }, timeoutMs);
    const waiter = { test, done: (l: LogLine) => (clearTimeout(timer), done(l)) };
    out.waiters.push(waiter);
  });
}
