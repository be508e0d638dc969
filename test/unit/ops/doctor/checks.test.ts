import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../src/config';
import { silentLogger } from '../../../../src/log';
import { formatDoctorReport, runDoctor } from '../../../../src/ops/doctor';
import {
  checkAnalysts,
  checkAzureMonitor,
  checkBotRegistration,
  checkCertificate,
} from '../../../../src/ops/doctor/config';
import { checkStore } from '../../../../src/ops/doctor/store';
import { openSqliteStore } from '../../../../src/store/sqlite';
import { makeCertificate } from '../certFixture';

const GUID = '8c2d1f3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f';
const TENANT = '11111111-2222-4333-8444-555555555555';
const DAY = 86_400_000;
const base = { GRAPH_BASE_URL: 'https://localhost:4443', STORE: 'memory' };
const config = (env: Record<string, string> = {}) => loadConfig({ ...base, ...env });

describe('the doctor: configuration', () => {
  it('reports every invalid key at once as one blocking failure and checks nothing else', async () => {
    const r = await runDoctor({ env: { ...base, POLL_INTERVAL_SECONDS: 'often', LOG_LEVEL: 'loud' } });
    expect(r.exitCode).toBe(1);
    expect(r.checks[0]).toMatchObject({ name: 'configuration', status: 'fail', blocking: true });
    expect(r.checks[0]!.detail).toContain('POLL_INTERVAL_SECONDS');
    expect(r.checks[0]!.detail).toContain('LOG_LEVEL');
    expect(r.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
  });

  it('never prints a secret from the configuration', async () => {
    const r = await runDoctor({
      env: {
        ...base,
        BOT_ID: GUID,
        BOT_PASSWORD: 'super-secret-bot-password',
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: GUID,
        AZURE_CLIENT_SECRET: 'super-secret-graph-secret',
      },
      // Loopback only: no token request leaves the machine, no probe reaches a network.
      credential: {
        getToken: async () => {
          throw new Error('AADSTS7000215: Invalid client secret provided');
        },
      },
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const text = formatDoctorReport(r);
    expect(text).not.toContain('super-secret');
    expect(text).toContain('client secret');
    expect(r.blocking.map((c) => c.name)).toEqual(['Graph endpoint', 'Graph token']);
  });
});

describe('the doctor: several tenants', () => {
  it("checks each tenant's consent apart; when none works, each failure blocks and names its tenant", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-tenants-'));
    const file = join(dir, 'tenants.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          { name: 'contoso', tenantId: TENANT },
          { name: 'fabrikam', tenantId: 'fabrikam.onmicrosoft.com' },
        ],
      }),
    );
    try {
      const r = await runDoctor({
        env: { ...base, TENANTS_FILE: file, AZURE_CLIENT_ID: GUID, AZURE_CLIENT_SECRET: 's' },
        credential: {
          getToken: async () => {
            throw new Error('AADSTS7000229: The client application is missing service principal');
          },
        },
        fetch: async () => new Response('{}', { status: 404 }),
      });
      const tokens = r.checks.filter((c) => c.name.endsWith(': Graph token'));
      expect(tokens.map((c) => [c.name, c.status, c.blocking])).toEqual([
        ['contoso: Graph token', 'fail', true],
        ['fabrikam: Graph token', 'fail', true],
      ]);
      expect(tokens[0]!.detail).toContain('AADSTS7000229');
      expect(r.exitCode).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the doctor: bot registration', () => {
  it('notes local mode as a warning, not a failure', () => {
    expect(checkBotRegistration(config())).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('local mode'),
    });
  });

  it('accepts a consistent single-tenant registration', () => {
    const c = config({ BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: TENANT });
    expect(checkBotRegistration(c)).toEqual({
      name: 'bot registration',
      status: 'ok',
      detail: `BOT_TYPE=SingleTenant, BOT_ID ${GUID}, tenant ${TENANT}`,
    });
  });

  it.each([
    [{ BOT_ID: 'my-bot', BOT_PASSWORD: 'x' }, 'BOT_ID is not a GUID'],
    [
      { BOT_ID: GUID, BOT_TYPE: 'UserAssignedMsi', BOT_TENANT_ID: TENANT, BOT_PASSWORD: 'x' },
      'BOT_PASSWORD is ignored',
    ],
    [
      { BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TENANT_ID: TENANT },
      'BOT_TENANT_ID is ignored with BOT_TYPE=MultiTenant',
    ],
    [
      { BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: 'contoso' },
      'BOT_TENANT_ID is not a GUID',
    ],
  ])('warns about an inconsistent registration (%o)', (env, problem) => {
    const check = checkBotRegistration(config(env));
    expect(check.status).toBe('warn');
    expect(check.detail).toContain(problem);
  });
});

describe('the doctor: certificate', () => {
  const cert = (days: number) => {
    const f = makeCertificate(days);
    return config({ AZURE_CLIENT_CERTIFICATE_PATH: f.path, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: GUID });
  };
  let five: ReturnType<typeof config>;
  let year: ReturnType<typeof config>;
  beforeAll(() => {
    five = cert(5);
    year = cert(365);
  });

  it('skips without a certificate, naming the credential in use', () => {
    expect(checkCertificate(config(), Date.now())).toMatchObject({
      status: 'skip',
      detail: "no certificate (the Graph credential is the simulator's development token)",
    });
  });

  it('is ok far from expiry and warns within 30 days', () => {
    expect(checkCertificate(year, Date.now()).status).toBe('ok');
    const soon = checkCertificate(five, Date.now());
    expect(soon.status).toBe('warn');
    expect(soon.detail).toMatch(/expires in 4 days|expires in 5 days/);
  });

  it('fails, blocking, once the certificate has expired', () => {
    expect(checkCertificate(five, Date.now() + 6 * DAY)).toMatchObject({ status: 'fail', blocking: true });
  });

  it('fails on a file without a certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlpbot-doctor-'));
    writeFileSync(join(dir, 'empty.pem'), 'nothing here');
    const c = config({
      AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'empty.pem'),
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: GUID,
    });
    expect(checkCertificate(c, Date.now())).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('no PEM certificate'),
    });
  });
});

describe('the doctor: analysts and Azure Monitor', () => {
  it('warns when nobody may act outside local mode', () => {
    expect(checkAnalysts(config({ BOT_ID: GUID, BOT_PASSWORD: 'x' })).status).toBe('warn');
    expect(checkAnalysts(config({ SOC_ANALYSTS: 'a@contoso.com,b@contoso.com' })).detail).toBe(
      '2 in SOC_ANALYSTS',
    );
  });

  it('warns when the connection string is set but the packages are missing', async () => {
    const c = config({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x' });
    const missing = await checkAzureMonitor(c, async () => {
      throw new Error("Cannot find package '@azure/monitor-opentelemetry'");
    });
    expect(missing.status).toBe('warn');
    expect(missing.detail).toContain('@azure/monitor-opentelemetry is not installed');
    expect(missing.detail).not.toContain('InstrumentationKey');
    expect((await checkAzureMonitor(c, async () => ({}))).status).toBe('ok');
    expect((await checkAzureMonitor(config())).status).toBe('skip');
  });
});

describe('the doctor: store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlpbot-doctor-store-'));

  it('opens a SQLite file and says when it had to create it', async () => {
    const c = config({ STORE: `sqlite:${join(dir, 'new', 'bot.db')}` });
    expect(await checkStore(c, silentLogger(), 5000)).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('was created'),
    });
    expect(await checkStore(c, silentLogger(), 5000)).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('opens and answers'),
    });
  });

  it('warns, without failing, when the running bot holds the SQLite file', async () => {
    const path = join(dir, 'busy.db');
    const running = openSqliteStore(path, { logger: silentLogger() });
    try {
      const check = await checkStore(config({ STORE: `sqlite:${path}` }), silentLogger(), 5000);
      expect(check.status).toBe('warn');
      expect(check.detail).toContain('in use by a running bot');
    } finally {
      await running.close();
    }
  });

  it('fails, blocking, when the store cannot be opened', async () => {
    writeFileSync(join(dir, 'file'), 'not a directory');
    const check = await checkStore(
      config({ STORE: `sqlite:${join(dir, 'file', 'bot.db')}` }),
      silentLogger(),
      5000,
    );
    expect(check).toMatchObject({ status: 'fail', blocking: true });
  });

  it('warns that a memory store keeps nothing', async () => {
    expect((await checkStore(config(), silentLogger(), 5000)).status).toBe('warn');
  });
});
