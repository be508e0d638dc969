import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_ROLES, namedTenantId, startSimulator, TENANT_ID, type Simulator } from '../../../simulator';
import { TLS_DIR } from '../../helpers/stack';

/**
 * `npm run doctor` as an operator runs it: the script in a child process, configured through the
 * environment, against the Graph simulator. Its table and its exit code.
 */
const ROOT = resolve(__dirname, '../../..');
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'dlpbot-doctor-it-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs scripts/doctor.ts with only the given settings (plus what node needs) and waits for it. */
function doctor(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; out: string }> {
  return new Promise((done, failed) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/doctor.ts', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'cert.pem'),
          STORE: `sqlite:${join(dir, 'bot.db')}`,
          ...env,
        },
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', failed);
    child.on('close', (code) => done({ code, out }));
  });
}

describe('npm run doctor with TENANTS_FILE', () => {
  let multi: Simulator;
  const FABRIKAM = namedTenantId('fabrikam');
  beforeAll(async () => {
    multi = await startSimulator({
      port: 0,
      tlsDir: TLS_DIR,
      scenario: 'empty',
      tenants: [
        { tenantId: TENANT_ID, name: 'contoso', scenario: 'empty' },
        { tenantId: FABRIKAM, name: 'fabrikam', scenario: 'empty', revoked: true },
      ],
    });
  });
  afterAll(() => multi?.close());

  it("checks each tenant's consent; a revoked tenant is reported without blocking the others", async () => {
    const file = join(dir, 'tenants.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          { name: 'contoso', tenantId: TENANT_ID },
          { name: 'fabrikam', tenantId: FABRIKAM },
        ],
      }),
    );
    const { code, out } = await doctor({ GRAPH_BASE_URL: multi.url, TENANTS_FILE: file });
    expect(out).toMatch(/^ok +contoso: Graph token +obtained/m);
    expect(out).toMatch(/^ok +contoso: Graph read +GET \/security\/alerts_v2 works/m);
    expect(out).toMatch(/^FAIL +fabrikam: Graph token +Could not get a Graph token/m);
    expect(out).toMatch(/answered 401/);
    expect(out).toMatch(/the other tenants are not\s+affected/);
    expect(code).toBe(0);
  });
});

describe('npm run doctor', () => {
  it('prints a table of every check and exits 0 when the bot can run (local mode is a warning)', async () => {
    const { code, out } = await doctor({ GRAPH_BASE_URL: sim.url });
    expect(code).toBe(0);
    for (const row of [
      /^ok +configuration +Graph https:\/\/localhost:\d+ with the simulator's development token/m,
      /^WARN +bot registration +local mode/m,
      /^ok +store +sqlite .*bot\.db (was created \(empty\)|opens) and answers/m,
      /^ok +Graph endpoint/m,
      /^ok +Graph token +obtained; roles: SecurityAlert\.Read\.All/m,
      /^ok +permission: alerts/m,
      /^ok +Graph read +GET \/security\/alerts_v2 works/m,
      /^- +certificate +no certificate/m,
    ])
      expect(out).toMatch(row);
    expect(out.trim().split('\n').at(-1)).toMatch(/^READY, with \d+ warning\(s\)\.$/);
  });

  it('exits 1 and names the permission when the token lacks SecurityAlert.Read.All', async () => {
    sim.setRoles(DEFAULT_ROLES.filter((r) => !r.startsWith('SecurityAlert.')));
    try {
      const { code, out } = await doctor({ GRAPH_BASE_URL: sim.url });
      expect(code).toBe(1);
      expect(out).toMatch(
        /^FAIL +permission: alerts +alerts \(polling, cards, \/alerts\): missing one of SecurityAlert\.Read\.All/m,
      );
      expect(out).toMatch(/^- +Graph read +not tried: SecurityAlert\.Read\.All is missing/m);
      expect(out).toContain('NOT READY: 1 blocking problem(s) (permission: alerts)');
    } finally {
      sim.setRoles([...DEFAULT_ROLES]);
    }
  });

  it('exits 1 when Graph cannot be reached', async () => {
    const { code, out } = await doctor({ GRAPH_BASE_URL: 'https://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL +Graph endpoint +https:\/\/127\.0\.0\.1:9\/v1\.0\/ did not answer/m);
    expect(out).toMatch(/^FAIL +Graph token/m);
  });

  it('exits 2 with a clear message for an environment that does not exist', async () => {
    const { code, out } = await doctor({}, ['--env', 'nowhere']);
    expect(code).toBe(2);
    expect(out).toContain('env/.env.nowhere does not exist');
  });
});
