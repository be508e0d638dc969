import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import { ConfigError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { chooseCredential, createGraphCredential, isLoopbackUrl } from '../../../src/graph/auth';
import { DevTokenCredential } from '../../../src/graph/devToken';
import { capturingLogger } from './stubs';

const TENANT = '4b2462a4-bbee-495a-a0e1-f23ae524cc9c';
const CLIENT = '9f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const GRAPH = 'https://graph.microsoft.com';
const SIM = 'https://localhost:4443';
const logger = silentLogger();

function pemFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'graph-auth-'));
  const path = join(dir, 'app.pem');
  writeFileSync(path, '-----BEGIN CERTIFICATE-----\nnot a real one\n-----END CERTIFICATE-----\n');
  return path;
}

function issuesOf(fn: () => unknown): Array<{ key: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('createGraphCredential', () => {
  it('uses a client secret when tenant, client id and secret are set', () => {
    const cred = createGraphCredential({
      baseUrl: GRAPH,
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 's3cr3t',
      logger,
    });
    expect(cred).toBeInstanceOf(ClientSecretCredential);
  });

  it('uses the PEM certificate when a certificate path is set', () => {
    const cred = createGraphCredential({
      baseUrl: GRAPH,
      tenantId: TENANT,
      clientId: CLIENT,
      certificatePath: pemFile(),
      logger,
    });
    expect(cred).toBeInstanceOf(ClientCertificateCredential);
  });

  it('prefers the certificate over a secret when both are set, like the config check', () => {
    const o = {
      baseUrl: GRAPH,
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 's',
      certificatePath: pemFile(),
    };
    expect(createGraphCredential({ ...o, logger })).toBeInstanceOf(ClientCertificateCredential);
  });

  it('uses a managed identity when only a client id is set', () => {
    expect(createGraphCredential({ baseUrl: GRAPH, clientId: CLIENT, logger })).toBeInstanceOf(
      ManagedIdentityCredential,
    );
  });

  it('uses a managed identity for a client id with a tenant but no secret or certificate', () => {
    expect(chooseCredential({ baseUrl: GRAPH, tenantId: TENANT, clientId: CLIENT })).toBe('managedIdentity');
  });

  it.each([SIM, 'https://127.0.0.1:9443', 'https://127.4.5.6', 'https://LOCALHOST:1/v1.0'])(
    'uses the development token for the loopback simulator at %s when nothing is set',
    (baseUrl) => {
      expect(createGraphCredential({ baseUrl, logger })).toBeInstanceOf(DevTokenCredential);
    },
  );

  it('refuses a real Graph host with no credentials, naming every way to fix it', () => {
    const issues = issuesOf(() => createGraphCredential({ baseUrl: GRAPH, logger }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain(
      'set AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_CLIENT_ID for managed identity',
    );
  });

  it('refuses a host that only looks like loopback', () => {
    expect(() => createGraphCredential({ baseUrl: 'https://127.0.0.1.evil.example', logger })).toThrow(
      ConfigError,
    );
    expect(() => createGraphCredential({ baseUrl: 'https://localhost.evil.example', logger })).toThrow(
      ConfigError,
    );
  });

  it('never falls back to the development token when real credentials are incomplete', () => {
    const issues = issuesOf(() => chooseCredential({ baseUrl: SIM, clientSecret: 's' }));
    expect(issues.map((i) => i.key).sort()).toEqual(['AZURE_CLIENT_ID', 'AZURE_TENANT_ID']);
  });

  it('names the missing tenant for a certificate and a missing file', () => {
    const issues = issuesOf(() =>
      chooseCredential({ baseUrl: GRAPH, clientId: CLIENT, certificatePath: '/nonexistent/app.pem' }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { key: 'AZURE_CLIENT_CERTIFICATE_PATH', message: 'file not found' },
        { key: 'AZURE_TENANT_ID', message: 'is required with AZURE_CLIENT_CERTIFICATE_PATH' },
      ]),
    );
  });

  it('rejects a client id that is not a GUID and a tenant that is neither GUID nor domain', () => {
    const issues = issuesOf(() =>
      chooseCredential({ baseUrl: GRAPH, tenantId: 'not a tenant!', clientId: 'app', clientSecret: 's' }),
    );
    expect(issues.map((i) => i.key).sort()).toEqual(['AZURE_CLIENT_ID', 'AZURE_TENANT_ID']);
  });

  it('accepts a tenant domain name', () => {
    expect(
      chooseCredential({
        baseUrl: GRAPH,
        tenantId: 'contoso.onmicrosoft.com',
        clientId: CLIENT,
        clientSecret: 's',
      }),
    ).toBe('secret');
  });

  it('reports a base URL that is not a URL', () => {
    expect(issuesOf(() => chooseCredential({ baseUrl: 'graph' })).map((i) => i.key)).toEqual([
      'GRAPH_BASE_URL',
    ]);
  });

  it('never writes the client secret to the log', () => {
    const log = capturingLogger();
    createGraphCredential({
      baseUrl: GRAPH,
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'hunter2-secret',
      logger: log.logger,
    });
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain('hunter2-secret');
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    ['https://localhost:4443', true],
    ['https://127.0.0.1', true],
    ['http://127.255.255.254:80/x', true],
    ['https://[::1]:4443', true],
    ['https://graph.microsoft.com', false],
    ['https://128.0.0.1', false],
    ['https://127.0.0.256', false],
    ['https://localhost.example.com', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
