import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startService, type RunningService } from '../../src/main';
import { DEFAULT_MEMBERS, type TeamsMember } from '../../test/helpers/activities';
import { startFakeConnector, type FakeConnector } from '../../test/helpers/fakeConnector';

/** The real service (in this process) with its SQLite store, and the fake Bot Connector it talks to. */
export interface BenchService {
  bot: RunningService;
  connector: FakeConnector;
  /** Log lines written at `info` and above (kept only when asked, see `keepLogs`). */
  logs: string[];
  stop(): Promise<void>;
}

/** Options of `startBenchService`. */
export interface BenchServiceOptions {
  /** The simulator's URL (GRAPH_BASE_URL). */
  graphUrl: string;
  /** More environment (strings as in process.env), e.g. `POLL_INTERVAL_SECONDS`. */
  env?: Record<string, string>;
  /**
   * The poller's request budget off: the benchmarks' simulator does not throttle, and the bare loop they
   * compare with is not paced either (the production budget is POLL_REQUESTS_PER_MINUTE, ≤ 150).
   */
  unpaced?: boolean;
  /** The poller's re-read overlap in ms (production: 5 min, not configurable by environment). */
  overlapMs?: number;
  /** Keep the log lines in memory (for a failure's explanation). Default false: they are discarded. */
  keepLogs?: boolean;
}

/** The analyst every benchmark acts as: the fake tenant's first member (test/helpers/teams/defaults.ts). */
export const ANALYST = DEFAULT_MEMBERS[0] as TeamsMember;

/**
 * Starts the service the way `main()` does (loadConfig + startService), on 127.0.0.1, with the
 * production defaults unless `env` says otherwise: SQLite store (in a fresh temporary directory), logs at
 * `info` serialised by pino as in production (then dropped instead of written to a terminal).
 */
export async function startBenchService(o: BenchServiceOptions): Promise<BenchService> {
  const connector = await startFakeConnector();
  const dir = mkdtempSync(join(tmpdir(), 'dlp-bench-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (o.keepLogs) logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const config = loadConfig({
    PORT: '0',
    GRAPH_BASE_URL: o.graphUrl,
    STORE: `sqlite:${join(dir, 'bot.db')}`,
    LOG_LEVEL: 'info',
    REPLICA_ID: 'bench',
    SOC_ANALYSTS: ANALYST.aadObjectId,
    ...o.env,
  });
  if (o.unpaced) config.poller.requestsPerMinute = Number.POSITIVE_INFINITY;
  if (o.overlapMs !== undefined) Object.assign(config.poller, { overlapMs: o.overlapMs });
  const bot = await startService(config, {
    host: '127.0.0.1',
    logger: createLogger({ level: config.logLevel, destination: sink }),
  });
  return {
    bot,
    connector,
    logs,
    async stop() {
      await bot.stop();
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `check` holds, polling every `everyMs`; rejects after `timeoutMs` naming `what`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
  everyMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
