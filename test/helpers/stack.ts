import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startService, type RunningService } from '../../src/main';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { postActivity } from './activities';
import { startFakeConnector, type FakeConnector } from './fakeConnector';
import { mirrorToGraph } from './graphMirror';

export interface Stack {
  sim: Simulator;
  connector: FakeConnector;
  bot: RunningService;
  /** Every log line the bot wrote (JSON strings). */
  logs: string[];
  /** POSTs an activity to the bot's /api/messages. */
  post(
    activity: object,
    o?: { authorization?: string; contentType?: string; rawBody?: string },
  ): ReturnType<typeof postActivity>;
  stop(): Promise<void>;
}

export interface StackOptions {
  scenario?: string;
  /** Extra environment for the bot's configuration (strings, as in process.env). */
  env?: Record<string, string>;
  simulator?: Partial<SimulatorOptions>;
  connectorLatencyMs?: number;
}

export const TLS_DIR = process.env.TEST_TLS_DIR ?? resolve(__dirname, '../../.tmp/tls');

/**
 * The real service in-process against the Graph simulator (HTTPS) and a fake Bot Connector, all on
 * loopback, with the bot's log lines captured. Poll interval 1 s by default.
 */
export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const sim = await startSimulator({
    port: 0,
    tlsDir: TLS_DIR,
    scenario: o.scenario ?? 'empty',
    pageSize: 10,
    ...o.simulator,
  });
  // Teams shows the bot's posts in Graph: the mirror lets the bot recover an interrupted send.
  const connector = await startFakeConnector({
    latencyMs: o.connectorLatencyMs,
    onMessage: mirrorToGraph(sim),
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const config = loadConfig({
    PORT: '0',
    GRAPH_BASE_URL: sim.url,
    STORE: 'memory',
    POLL_INTERVAL_SECONDS: '1',
    LOG_LEVEL: 'debug',
    REPLICA_ID: 'test-replica',
    ...o.env,
  });
  const bot = await startService(config, {
    host: '127.0.0.1',
    logger: createLogger({ level: config.logLevel, destination: sink }),
  });
  return {
    sim,
    connector,
    bot,
    logs,
    post: (activity, po) => postActivity(`${bot.url}/api/messages`, activity, po),
    async stop() {
      await bot.stop();
      await connector.close();
      await sim.close();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
