/**
 * Starts the Microsoft 365 Agents Playground CLI as a child process on loopback, waits until it serves its
 * web UI, and stops it (its whole process group) again. Failures carry the CLI's stderr and log tail.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loopbackPreloadArgs } from './loopback';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

/** Options of {@link startPlayground}. */
export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. Required. */
  botEndpoint: string;
  /** Port for the Playground (UI + Bot Connector). Default 0: a free port chosen by the OS. */
  port?: number;
  /** The Playground config file (tenant, users, team). Default: `.m365agentsplayground.yml` at the repo root. */
  configPath?: string;
  /** How long to wait for the CLI to serve, in ms. Default 30000. */
  startTimeoutMs?: number;
}

/** A running Playground. */
export interface RunningPlayground {
  /** The web UI, e.g. `http://127.0.0.1:51234`. */
  readonly url: string;
  /** The mock Bot Connector the bot replies to (the `serviceUrl` in its activities). */
  readonly connectorUrl: string;
  /** The CLI's log file (the Playground writes its console there when stdout is not a terminal). */
  readonly logFile: string;
  /** Stops the CLI and its children and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Spawns `agentsplayground -c msteams` against `botEndpoint` and resolves once its UI answers. */
export async function startPlayground(options: StartPlaygroundOptions): Promise<RunningPlayground> {
  if (!/^https?:\/\/[^/]+\/.+/.test(options.botEndpoint)) {
    throw new Error(
      `startPlayground: botEndpoint must be an http(s) URL with a path, got "${options.botEndpoint}"`,
    );
  }
  const configPath = resolve(options.configPath ?? join(REPO_ROOT, '.m365agentsplayground.yml'));
  if (!existsSync(configPath)) throw new Error(`startPlayground: config file not found: ${configPath}`);
  const workDir = mkdtempSync(join(tmpdir(), 'playground-'));
  const logFile = join(workDir, 'playground.log');
  const child = spawnCli(options, configPath, workDir, logFile);
  const stderr = collect(child.stderr);
  collect(child.stdout); // keeps the pipe drained for the CLI's whole life
  const stop = once(() =>
    stopProcess(child).finally(() => rmSync(workDir, { recursive: true, force: true })),
  );
  try {
    const port = await waitForListening(child, options.startTimeoutMs ?? 30_000);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(url, logFile);
    return { url, connectorUrl: `http://localhost:${port}/_connector`, logFile, stop };
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '(no log file)';
    await stop();
    throw new Error(
      `Agents Playground did not start: ${(error as Error).message}\n--- stderr ---\n${stderr()}\n--- log ---\n${log}`,
      { cause: error },
    );
  }
}

function spawnCli(options: StartPlaygroundOptions, configPath: string, cwd: string, logFile: string) {
  const args = [...loopbackPreloadArgs(), CLI, '-c', 'msteams', '-p', String(options.port ?? 0)];
  return spawn(process.execPath, [...args, '--disable-telemetry'], {
    // The CLI resolves ./devTools and its default config from cwd: a temp dir keeps the repo clean.
    cwd,
    // Own process group, so stop() can signal the CLI and anything it starts.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      BOT_ENDPOINT: options.botEndpoint,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    },
  });
}

/** The CLI prints `Listening on <port>` on stdout (only when stdout is not a terminal). */
function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`no "Listening on" line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on (\d+)/.exec(out);
      if (match) done(() => resolvePort(Number(match[1])));
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`the CLI exited early (code ${code}, signal ${signal})`));
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error: Error) => done(() => reject(error));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

/**
 * Polls the UI until it answers 200: the server prints its port before it loads the config file and mounts
 * its routes. A bad config file is only reported in the log (the process keeps running), so watch it too.
 */
async function waitForHttp(url: string, logFile: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Failed to start')) {
      throw new Error('the Playground reported a start-up failure (see the log below)');
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
      lastError = new Error(`GET ${url} answered ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the UI at ${url} never answered 200`, { cause: lastError });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we want; anything else is a real problem.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-8000);
  });
  return () => text || '(empty)';
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
