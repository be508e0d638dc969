import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { ConfigError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import {
  chooseTenantCredential,
  createGraphCredential,
  createTenantCredential,
  TOKEN_EXCHANGE_SCOPE,
} from '../../../src/graph/auth';
import { DevTokenCredential } from '../../../src/graph/devToken';
import { makeJwt } from './stubs';

const CUSTOMER = '0d3c8f6e-5b7a-4c1d-9e2f-3a4b5c6d7e8f';
const APP = '9f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const MI = '7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908';
const GRAPH = 'https://graph.microsoft.com';
const SIM = 'https://localhost:4443';
const logger = silentLogger();

function pemFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tenant-auth-')), 'app.pem');
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

/** A stand-in for the bot's managed identity: records what it is asked, answers as told. */
class FakeManagedIdentity implements TokenCredential {
  readonly asked: Array<string | string[]> = [];
  constructor(private readonly answer: () => Promise<AccessToken | null>) {}
  getToken(scopes: string | string[]): Promise<AccessToken | null> {
    this.asked.push(scopes);
    return this.answer();
  }
}

describe('createTenantCredential', () => {
  it("uses the app's client secret with the customer's tenant id", () => {
    const o = { baseUrl: GRAPH, tenantId: CUSTOMER, clientId: APP, clientSecret: 's', logger };
    expect(createTenantCredential(o)).toBeInstanceOf(ClientSecretCredential);
    expect(chooseTenantCredential(o)).toBe('secret');
  });

  it("uses the app's certificate with the customer's tenant id, over a secret", () => {
    const o = {
      baseUrl: GRAPH,
      tenantId: CUSTOMER,
      clientId: APP,
      clientSecret: 's',
      certificatePath: pemFile(),
    };
    expect(createTenantCredential({ ...o, logger })).toBeInstanceOf(ClientCertificateCredential);
  });

  it('uses a client assertion from the managed identity when there is no secret or certificate', () => {
    const made: Array<{ clientId: string }> = [];
    const cred = createTenantCredential({
      baseUrl: GRAPH,
      tenantId: 'fabrikam.onmicrosoft.com',
      clientId: APP,
      managedIdentityClientId: MI,
      createManagedIdentity: (o) => (made.push(o), new FakeManagedIdentity(() => Promise.resolve(null))),
      logger,
    });
    expect(cred).toBeInstanceOf(ClientAssertionCredential);
    expect(made).toEqual([{ clientId: MI }]);
  });

  it('asks the managed identity for a token-exchange token as the assertion, and passes its failure on', async () => {
    const mi = new FakeManagedIdentity(() => Promise.reject(new Error('IMDS says no identity is assigned')));
    const cred = createTenantCredential({
      baseUrl: GRAPH,
      tenantId: CUSTOMER,
      clientId: APP,
      managedIdentityClientId: MI,
      createManagedIdentity: () => mi,
      logger,
    });
    await expect(cred.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(
      /IMDS says no identity is assigned/,
    );
    expect(mi.asked).toEqual(['api://AzureADTokenExchange/.default']);
    expect(TOKEN_EXCHANGE_SCOPE).toBe('api://AzureADTokenExchange/.default');
  });

  it('explains a managed identity that answers without a token', async () => {
    const cred = createTenantCredential({
      baseUrl: GRAPH,
      tenantId: CUSTOMER,
      clientId: APP,
      managedIdentityClientId: MI,
      createManagedIdentity: () => new FakeManagedIdentity(() => Promise.resolve(null)),
      logger,
    });
    await expect(cred.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(
      `The managed identity ${MI} gave no token for api://AzureADTokenExchange/.default`,
    );
  });

  it('refuses a managed identity alone: it gets no tokens in another tenant', () => {
    const issues = issuesOf(() =>
      createTenantCredential({ baseUrl: GRAPH, tenantId: CUSTOMER, clientId: APP, logger }),
    );
    expect(issues).toEqual([
      { key: 'AZURE_CLIENT_ID', message: expect.stringContaining('gets no tokens in another tenant') },
    ]);
    expect(issues[0]?.message).toContain('MANAGED_IDENTITY_CLIENT_ID');
  });

  it('refuses a managed identity that is the app itself, or not a GUID, and an app id that is not a GUID', () => {
    const same = issuesOf(() =>
      chooseTenantCredential({
        baseUrl: GRAPH,
        tenantId: CUSTOMER,
        clientId: APP,
        managedIdentityClientId: APP,
      }),
    );
    expect(same).toEqual([
      { key: 'MANAGED_IDENTITY_CLIENT_ID', message: expect.stringContaining('must differ') },
    ]);
    const junk = issuesOf(() =>
      chooseTenantCredential({
        baseUrl: GRAPH,
        tenantId: CUSTOMER,
        clientId: 'app',
        managedIdentityClientId: 'mi',
      }),
    );
    expect(junk.map((i) => i.key).sort()).toEqual(['AZURE_CLIENT_ID', 'MANAGED_IDENTITY_CLIENT_ID']);
  });

  it('refuses a tenant id that is neither a GUID nor a domain', () => {
    const issues = issuesOf(() =>
      chooseTenantCredential({ baseUrl: GRAPH, tenantId: 'not a tenant!', clientId: APP, clientSecret: 's' }),
    );
    expect(issues.map((i) => i.key)).toEqual(['AZURE_TENANT_ID']);
    expect(
      issuesOf(() => chooseTenantCredential({ baseUrl: SIM, tenantId: 'no spaces' })).map((i) => i.key),
    ).toEqual(['tenantId']);
  });

  it("asks the simulator for that tenant's development token against a loopback Graph", async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push({ path: req.url, body: JSON.parse(body) as unknown });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ token_type: 'Bearer', access_token: makeJwt({ tid: CUSTOMER }), expires_in: 60 }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const cred = createTenantCredential({
        baseUrl: `http://127.0.0.1:${port}`,
        tenantId: CUSTOMER,
        clientId: APP,
        logger,
      });
      expect(cred).toBeInstanceOf(DevTokenCredential);
      await cred.getToken('https://graph.microsoft.com/.default');
      expect(bodies).toEqual([{ path: '/_sim/token', body: { tenant: CUSTOMER } }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives the single default tenant its development token too', () => {
    expect(chooseTenantCredential({ baseUrl: SIM, tenantId: 'default' })).toBe('development');
  });

  it('still prefers real app credentials against a loopback Graph when they are set', () => {
    expect(
      chooseTenantCredential({ baseUrl: SIM, tenantId: CUSTOMER, clientId: APP, clientSecret: 's' }),
    ).toBe('secret');
  });
});

describe('createGraphCredential with MANAGED_IDENTITY_CLIENT_ID (one tenant)', () => {
  it('uses the federated credential for the app in AZURE_TENANT_ID', () => {
    const cred = createGraphCredential({
      baseUrl: GRAPH,
      tenantId: CUSTOMER,
      clientId: APP,
      managedIdentityClientId: MI,
      createManagedIdentity: () => new FakeManagedIdentity(() => Promise.resolve(null)),
      logger,
    });
    expect(cred).toBeInstanceOf(ClientAssertionCredential);
  });

  it('needs the tenant of the app', () => {
    const issues = issuesOf(() =>
      createGraphCredential({ baseUrl: GRAPH, clientId: APP, managedIdentityClientId: MI, logger }),
    );
    expect(issues).toEqual([
      { key: 'AZURE_TENANT_ID', message: 'is required with MANAGED_IDENTITY_CLIENT_ID' },
    ]);
  });
});
