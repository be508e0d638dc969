import { loadConfig } from '../../../src/config';
import { ConfigError } from '../../../src/errors';
import { CONTOSO, FABRIKAM, scratch } from '../tenants/files';

const APP = '9f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const MI = '7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908';
const noFiles = { fileExists: () => false };

function issues(env: NodeJS.ProcessEnv): Array<{ key: string; message: string }> {
  try {
    loadConfig(env, noFiles);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  return [];
}

describe('loadConfig: tenants', () => {
  let files: ReturnType<typeof scratch>;
  let tenantsFile: string;
  beforeEach(() => {
    files = scratch();
    tenantsFile = files.write(
      'tenants.yaml',
      `tenants:\n  - name: contoso\n    tenantId: ${CONTOSO}\n  - name: fabrikam\n    tenantId: ${FABRIKAM}\n`,
    );
  });
  afterEach(() => files.remove());

  it('serves the one default tenant without TENANTS_FILE, with AZURE_TENANT_ID when set', () => {
    const local = loadConfig({ GRAPH_BASE_URL: 'https://localhost:8443' }, noFiles);
    expect(local.tenants).toEqual([{ name: 'default', tenantId: 'default' }]);
    expect(local.tenantsFile).toBeUndefined();
    const real = loadConfig(
      { AZURE_TENANT_ID: CONTOSO, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: 's' },
      noFiles,
    );
    expect(real.tenants).toEqual([{ name: 'default', tenantId: CONTOSO }]);
  });

  it("reads TENANTS_FILE's tenants; a secret then needs no AZURE_TENANT_ID", () => {
    const c = loadConfig(
      { TENANTS_FILE: tenantsFile, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: 's' },
      noFiles,
    );
    expect(c.tenantsFile).toBe(tenantsFile);
    expect(c.tenants.map((t) => t.name)).toEqual(['contoso', 'fabrikam']);
    expect(c.graph.credentialKind).toBe('secret');
  });

  it('uses the federated credential with MANAGED_IDENTITY_CLIENT_ID and no secret', () => {
    const c = loadConfig(
      { TENANTS_FILE: tenantsFile, AZURE_CLIENT_ID: APP, MANAGED_IDENTITY_CLIENT_ID: MI },
      noFiles,
    );
    expect(c.graph.credentialKind).toBe('federated');
    expect(c.graph.managedIdentityClientId).toBe(MI);
  });

  it('refuses a managed identity alone with TENANTS_FILE against real Graph, saying what to use', () => {
    const found = issues({ TENANTS_FILE: tenantsFile, AZURE_CLIENT_ID: APP });
    expect(found).toEqual([
      { key: 'AZURE_CLIENT_ID', message: expect.stringContaining('cannot serve TENANTS_FILE') },
    ]);
    expect(found[0]?.message).toMatch(
      /AZURE_CLIENT_SECRET.*AZURE_CLIENT_CERTIFICATE_PATH.*MANAGED_IDENTITY_CLIENT_ID/,
    );
  });

  it('gives every tenant the development token against the simulator, whatever AZURE_CLIENT_ID says', () => {
    const c = loadConfig(
      { TENANTS_FILE: tenantsFile, GRAPH_BASE_URL: 'https://localhost:8443', AZURE_CLIENT_ID: APP },
      noFiles,
    );
    expect(c.graph.credentialKind).toBe('development');
  });

  it('fails at start with every bad entry of the file, next to the other bad keys', () => {
    const bad = files.write(
      'bad.yaml',
      `tenants:\n  - name: Contoso\n    tenantId: ${CONTOSO}\n  - name: fabrikam\n    tenantId: ${CONTOSO}\n`,
    );
    const found = issues({ TENANTS_FILE: bad, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: 's', PORT: 'x' });
    expect(found.map((i) => i.key)).toEqual([
      'PORT',
      'tenants[0] (Contoso, line 2).name',
      'tenants[1] (fabrikam, line 5).tenantId',
    ]);
    expect(
      issues({ TENANTS_FILE: files.path('gone.yaml'), AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: 's' }),
    ).toEqual([{ key: 'TENANTS_FILE', message: expect.stringMatching(/cannot read .*gone\.yaml/) }]);
  });

  it('checks MANAGED_IDENTITY_CLIENT_ID: a GUID, not the app itself, with the app and its tenant', () => {
    expect(
      issues({ TENANTS_FILE: tenantsFile, AZURE_CLIENT_ID: APP, MANAGED_IDENTITY_CLIENT_ID: 'mi' }),
    ).toEqual([
      { key: 'MANAGED_IDENTITY_CLIENT_ID', message: "must be the managed identity's client id, a GUID" },
    ]);
    expect(
      issues({
        TENANTS_FILE: tenantsFile,
        AZURE_CLIENT_ID: APP,
        MANAGED_IDENTITY_CLIENT_ID: APP.toUpperCase(),
      }).map((i) => i.key),
    ).toEqual(['MANAGED_IDENTITY_CLIENT_ID']);
    expect(issues({ MANAGED_IDENTITY_CLIENT_ID: MI }).map((i) => i.key)).toEqual([
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
    ]);
    const single = loadConfig(
      { AZURE_TENANT_ID: CONTOSO, AZURE_CLIENT_ID: APP, MANAGED_IDENTITY_CLIENT_ID: MI },
      noFiles,
    );
    expect(single.graph.credentialKind).toBe('federated');
  });
});

describe('loadConfig: TENANT_LEASE_SECONDS', () => {
  const local = { GRAPH_BASE_URL: 'https://localhost:8443' };

  it("defaults to the leader's lease, and takes its own value for many tenants", () => {
    expect(loadConfig(local, noFiles).tenantLeaseSeconds).toBe(15);
    expect(loadConfig({ ...local, LEADER_LEASE_SECONDS: '30' }, noFiles).tenantLeaseSeconds).toBe(30);
    expect(loadConfig({ ...local, TENANT_LEASE_SECONDS: '60' }, noFiles)).toMatchObject({
      leaderLeaseSeconds: 15,
      tenantLeaseSeconds: 60,
    });
  });

  it('refuses a lease Azure Blob does not grant', () => {
    expect(issues({ ...local, TENANT_LEASE_SECONDS: '90' })).toEqual([
      { key: 'TENANT_LEASE_SECONDS', message: expect.stringMatching(/at most 60/) },
    ]);
    expect(issues({ ...local, TENANT_LEASE_SECONDS: 'soon' })).toEqual([
      { key: 'TENANT_LEASE_SECONDS', message: expect.any(String) },
    ]);
  });
});
