import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config';
import { DevTokenCredential } from '../../../src/graph';
import { createLogger } from '../../../src/log';
import { startService } from '../../../src/main';
import type { StatusReport } from '../../../src/ops';
import { startSimulator, type Simulator } from '../../../simulator';
import { DEFAULT_CHANNEL_ID, postActivity } from '../../helpers/activities';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { eventually, TLS_DIR, type Stack } from '../../helpers/stack';
import { makeCertificate, type CertificateFixture } from '../../unit/ops/certFixture';
import { say, visibleText } from '../bot/support';

/**
 * A bot whose Graph client certificate expires in 5 days, run three times on one SQLite store: it warns
 * at start, shows the days left in /status and /metrics, posts one notice to the subscribed channel, and
 * a restart does not post it again. Graph tokens come from the simulator (no tenant to present the
 * certificate to); everything else is the real service.
 */
const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '8c2d1f3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f';

let sim: Simulator;
let connector: FakeConnector;
let cert: CertificateFixture;
let dir: string;

beforeAll(async () => {
  cert = makeCertificate(5);
  dir = mkdtempSync(join(tmpdir(), 'dlpbot-cert-it-'));
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'empty' });
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector?.close();
  await sim?.close();
  cert?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** The real service with the certificate settings, its log lines captured. */
async function startBot(): Promise<Stack> {
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
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    AZURE_CLIENT_CERTIFICATE_PATH: cert.path,
    STORE: `sqlite:${join(dir, 'bot.db')}`,
    POLL_INTERVAL_SECONDS: '1',
    LOG_LEVEL: 'debug',
    REPLICA_ID: 'cert-test',
  });
  expect(config.graph.credentialKind).toBe('certificate');
  const bot = await startService(config, {
    host: '127.0.0.1',
    logger: createLogger({ level: 'debug', destination: sink }),
    credential: new DevTokenCredential({ baseUrl: sim.url }),
  });
  return {
    sim,
    connector,
    bot,
    logs,
    post: (activity, o) => postActivity(`${bot.url}/api/messages`, activity, o),
    stop: () => bot.stop(),
  };
}

const notices = () =>
  connector
    .cardsIn(DEFAULT_CHANNEL_ID)
    .filter((m) => visibleText(m.card).includes('Microsoft Graph certificate'));

describe('a Graph client certificate that expires in 5 days', () => {
  it('is warned about at start and shown in /status, /metrics and the /status card', async () => {
    const stack = await startBot();
    try {
      const warning = stack.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.level === 40 && String(l.msg).includes('certificate'));
      expect(warning?.msg).toBe('the Graph client certificate expires in 5 days: renew it');
      const status = (await (await fetch(`${stack.bot.url}/status`)).json()) as StatusReport;
      expect(status.certificate?.daysLeft).toBeGreaterThanOrEqual(4.9);
      expect(status.certificate?.daysLeft).toBeLessThan(5);
      const notAfter = Date.parse(status.certificate!.expiresAt);
      const metrics = await (await fetch(`${stack.bot.url}/metrics`)).text();
      expect(metrics).toContain(`dlpbot_certificate_not_after_seconds ${notAfter / 1000}`);
      expect((await say(stack, '/status')).text).toContain('The Graph client certificate expires in 4 days');
      expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
    } finally {
      await stack.stop();
    }
  });

  // The channel subscribed after the start-up check; the notice comes with the next check (here: the
  // restart), since a threshold is only claimed once there is a channel to tell.
  it('posts one notice to the subscribed channel', async () => {
    const stack = await startBot();
    try {
      const [notice] = await eventually(
        () => (notices().length ? notices() : undefined),
        15_000,
        'the notice',
      );
      const text = visibleText(notice!.card);
      expect(text).toContain("The bot's Microsoft Graph certificate expires in 5 days");
      expect(text).toContain('CN=defender-dlp-bot graph client');
      expect(text).toContain('restart the bot');
    } finally {
      await stack.stop();
    }
  });

  it('does not post it again after a restart', async () => {
    const stack = await startBot();
    try {
      expect(await stack.bot.certificate?.checkOnce()).toBeUndefined();
      await new Promise((r) => setTimeout(r, 300));
      expect(notices()).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  });
});
