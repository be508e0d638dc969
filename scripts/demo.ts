/**
 * `npm run demo`: the Graph simulator (`live` scenario, in this process), the bot pointed at it (a child
 * process, SQLite in a temporary folder) and Microsoft 365 Agents Playground with the repo's tenant
 * (.m365agentsplayground.yml: team "Contoso SOC", channel "SOC Alerts", analyst Riley Chen), all on
 * 127.0.0.1. Prints the one URL to open and what to type; Ctrl-C stops all three and removes the folder.
 *
 * Ports: DEMO_BOT_PORT (default 3978), DEMO_GRAPH_PORT (8443), DEMO_PLAYGROUND_PORT (56150).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage } from '../src/errors';
import { localTimeOf } from '../src/report/schedule';
import { namedTenantId, startSimulator, TENANT_ID, type Simulator } from '../simulator';
import { startPlayground, type RunningPlayground } from '../test/e2e/driver/playground';

const ROOT = resolve(__dirname, '..');
/** How long each part may take to come up, in ms (a cold `tsx` compile on a busy 2-core machine). */
const START_TIMEOUT_MS = 60_000;
/** How long the bot gets to stop cleanly before it is killed, in ms. */
const STOP_TIMEOUT_MS = 10_000;

/** A start-up problem the user can fix: printed as is, without a stack. */
class DemoError extends Error {}

interface Ports {
  bot: number;
  graph: number;
  playground: number;
}

/** The running parts; each is undefined until started. */
interface Parts {
  dataDir?: string;
  sim?: Simulator;
  bot?: ChildProcess;
  botLog?: string;
  playground?: RunningPlayground;
}

const parts: Parts = {};

/**
 * Scheduled shift reports for the demo: the first 3 minutes after start (time to subscribe a channel),
 * then every 15 minutes for 5 hours, in this machine's time zone.
 */
const demoReports = ((start: number) => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const first = Math.ceil((start + 3 * 60_000) / 60_000) * 60_000;
  const times = Array.from({ length: 20 }, (_, i) => localTimeOf(first + i * 15 * 60_000, zone));
  return { zone, first: times[0]!, schedule: times.join(',') };
})(Date.now());
let stopping = false;

/** Reads the DEMO_*_PORT variables; every bad one is reported at once. */
function readPorts(env: NodeJS.ProcessEnv): Ports {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    const value = raw ? Number(raw) : fallback;
    if (!Number.isInteger(value) || value < 1 || value > 65_535)
      problems.push(`${name} must be a port number (1-65535), got "${raw}"`);
    return value;
  };
  const ports = {
    bot: port('DEMO_BOT_PORT', 3978),
    graph: port('DEMO_GRAPH_PORT', 8443),
    playground: port('DEMO_PLAYGROUND_PORT', 56150),
  };
  if (new Set(Object.values(ports)).size < 3) problems.push('the three DEMO_*_PORT values must differ');
  if (problems.length > 0) throw new DemoError(problems.join('\n'));
  return ports;
}

/** Fails with every busy port named, and how to free or change it, before anything is started. */
async function checkPortsFree(ports: Ports): Promise<void> {
  const names: Record<keyof Ports, string> = {
    bot: 'DEMO_BOT_PORT (the bot)',
    graph: 'DEMO_GRAPH_PORT (the Graph simulator)',
    playground: 'DEMO_PLAYGROUND_PORT (Agents Playground)',
  };
  const busy: string[] = [];
  for (const key of Object.keys(ports) as Array<keyof Ports>) {
    const problem = await portProblem(ports[key]);
    if (problem) busy.push(`  port ${ports[key]}, ${names[key]}: ${problem}`);
  }
  if (busy.length === 0) return;
  throw new DemoError(
    `These ports are not free on 127.0.0.1:\n${busy.join('\n')}\n` +
      'Stop what uses them (an earlier demo? `ss -ltnp` shows the owner), or pick others, e.g.\n' +
      '  DEMO_BOT_PORT=3979 DEMO_GRAPH_PORT=8444 DEMO_PLAYGROUND_PORT=56151 npm run demo',
  );
}

/** Why `port` cannot be listened on at 127.0.0.1 (e.g. "already in use"), or undefined when it can. */
function portProblem(port: number): Promise<string | undefined> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      done(err.code === 'EADDRINUSE' ? 'already in use' : `${err.code ?? ''} ${err.message}`.trim()),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => done(undefined)));
  });
}

/** Starts scripts/demoBot.ts with the simulator's certificate trusted; resolves once /healthz answers. */
async function startBot(port: number, sim: Simulator, dataDir: string): Promise<ChildProcess> {
  const logFile = join(dataDir, 'bot.log');
  const log = openSync(logFile, 'a');
  const env = {
    ...process.env,
    PORT: String(port),
    GRAPH_BASE_URL: sim.url,
    NODE_EXTRA_CA_CERTS: sim.certPath,
    STORE: `sqlite:${join(dataDir, 'bot.db')}`,
    // Two customers of one managed SOC, each its own tenant in the simulator (issue 21).
    TENANTS_FILE: writeDemoTenants(dataDir),
    // The sensitive route (issue 20): Insider Risk cases and this DLP policy go only to the conversation
    // that says `/subscribe sensitive` (the demo's "SOC Shift Leads" group chat), never to the channel.
    SENSITIVE_DLP_POLICIES: 'U.S. Financial Data',
    INSIDER_RISK_CARDS: 'on',
    POLL_INTERVAL_SECONDS: '2',
    INITIAL_LOOKBACK_HOURS: '24',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    REPLICA_ID: 'demo',
    // The scheduled shift report, so the demo shows one without waiting for 08:00 (see demoReports).
    REPORT_SCHEDULE: demoReports.schedule,
    REPORT_TIME_ZONE: demoReports.zone,
  };
  // One process (node --import tsx), so a signal reaches the bot once and nothing is left behind.
  const args = ['--import', 'tsx', join(ROOT, 'scripts', 'demoBot.ts')];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log); // the child holds its own copy
  parts.bot = child;
  parts.botLog = logFile;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `\nThe bot stopped unexpectedly (${code ?? signal}). The end of its log:\n${tail(logFile)}`,
    );
    void shutdown(1);
  });
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, logFile);
  return child;
}

/** The demo's customers: Contoso (the simulator's own tenant, also the SOC's home) and Fabrikam. */
const DEMO_TENANTS = [
  { name: 'contoso', tenantId: TENANT_ID, displayName: 'Contoso' },
  { name: 'fabrikam', tenantId: namedTenantId('fabrikam'), displayName: 'Fabrikam' },
];

/** TENANTS_FILE for the demo (YAML, as an operator would write it). */
function writeDemoTenants(dataDir: string): string {
  const file = join(dataDir, 'tenants.yaml');
  const lines = DEMO_TENANTS.map(
    (t) => `  - name: ${t.name}\n    tenantId: ${t.tenantId}\n    displayName: ${t.displayName}`,
  );
  writeFileSync(file, `tenants:\n${lines.join('\n')}\n`);
  return file;
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const until = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new DemoError(`the bot exited while starting. The end of its log:\n${tail(logFile)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = errorMessage(err); // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new DemoError(`the bot did not answer ${url} within ${START_TIMEOUT_MS / 1000} s (${last}).\n${tail(logFile)}`); // prettier-ignore
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function main(): Promise<void> {
  const began = Date.now();
  const ports = readPorts(process.env);
  await checkPortsFree(ports);
  const dataDir = (parts.dataDir = mkdtempSync(join(tmpdir(), 'defender-dlp-bot-demo-')));
  console.log('Starting the Graph Security simulator (live scenario)…');
  const sim = (parts.sim = await startSimulator({
    port: ports.graph,
    scenario: 'live',
    tlsDir: join(dataDir, 'tls'),
    tenants: DEMO_TENANTS.map((t) => ({ tenantId: t.tenantId, name: t.name, scenario: 'live' })),
  }));
  console.log('Starting the bot and Microsoft 365 Agents Playground…');
  const botEndpoint = `http://127.0.0.1:${ports.bot}/api/messages`;
  const [, playground] = await Promise.all([
    startBot(ports.bot, sim, dataDir),
    startPlayground({ botEndpoint, port: ports.playground, startTimeoutMs: START_TIMEOUT_MS }).then(
      (p) => (parts.playground = p),
    ),
  ]);
  printReady(playground.url, (Date.now() - began) / 1000);
}

function printReady(url: string, seconds: number): void {
  console.log(`
Ready in ${seconds.toFixed(1)} s. Open ${url}

  1. Under "Teams Channel" pick "SOC Alerts" (team Contoso SOC).
  2. Post "@Defender DLP Bot /subscribe": type @Def, pick the bot from the list, type /subscribe, Enter.
  3. Correlated DLP ↔ Defender alerts of two customers (Contoso and Fabrikam, each its own tenant)
     arrive as cards within seconds, each naming its tenant: try Enrich, Sensitive info types, Comment.
     In "Personal Chat" try /tenants, /alerts and /help; "/subscribe tenants=fabrikam" narrows a channel.
  4. Routing: in the group chat "SOC Shift Leads" post "/subscribe sensitive": Insider Risk cases and the
     "U.S. Financial Data" policy go there only. In SOC Alerts, "/route add workloads=Exchange,Endpoint"
     keeps mail and device DLP there; "/routes" shows the rules. Snooze… and Resolve / classify are on
     every card.
  5. "@Defender DLP Bot /report" shows the shift report; a scheduled one posts in the subscribed channel
     at ${demoReports.first} (${demoReports.zone}), then every 15 minutes.

Bot log: ${parts.botLog}
Ctrl-C stops the simulator, the bot and the Playground.`);
}

/** Stops the Playground, the bot (SIGTERM, then SIGKILL after STOP_TIMEOUT_MS) and the simulator. */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const started = Boolean(parts.sim ?? parts.bot ?? parts.playground);
  if (started) console.log('\nStopping the demo…');
  const steps: Array<[string, () => Promise<void> | undefined]> = [
    ['Agents Playground', () => parts.playground?.stop()],
    ['the bot', () => (parts.bot ? stopChild(parts.bot) : undefined)],
    ['the simulator', () => parts.sim?.close()],
  ];
  for (const [name, stop] of steps) {
    try {
      await stop();
    } catch (err) {
      code = 1;
      console.error(`Stopping ${name} failed: ${errorMessage(err)}`);
    }
  }
  if (parts.dataDir) rmSync(parts.dataDir, { recursive: true, force: true });
  if (started) console.log('Stopped.');
  process.exit(code);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  console.error(`\nThe demo could not start: ${err instanceof DemoError ? err.message : errorMessage(err)}`);
  void shutdown(1);
});
