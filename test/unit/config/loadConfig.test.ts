import { loadConfig } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

const noFiles = { fileExists: () => false };
const issuesOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env, noFiles);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => i.key);
    throw err;
  }
  return [];
};

describe('loadConfig', () => {
  it('gives the documented defaults for a loopback Graph with no credentials (development token)', () => {
    const c = loadConfig({ GRAPH_BASE_URL: 'https://localhost:8443' }, noFiles);
    expect(c.port).toBe(3978);
    expect(c.bot.localMode).toBe(true);
    expect(c.graph.credentialKind).toBe('development');
    expect(c.poller).toEqual({
      intervalMs: 60_000,
      initialLookbackMs: 24 * 3600_000,
      windowMs: 30 * 60_000,
      retentionMs: 7 * 86_400_000,
      maxAlertsPerIdentity: 50,
    });
    expect(c.store).toEqual({ kind: 'sqlite', path: './data/bot.db' });
    expect(c.logLevel).toBe('info');
    expect(c.notify.maxNewCardsPerMinute).toBe(20);
  });

  it('refuses real Graph without credentials, naming the key to set', () => {
    expect(issuesOf({})).toEqual(['AZURE_CLIENT_ID']);
  });

  it('reports every invalid key together in one error', () => {
    const keys = issuesOf({
      PORT: 'eighty',
      POLL_INTERVAL_SECONDS: '0',
      CORRELATION_WINDOW_MINUTES: '-5',
      MAX_ALERTS_PER_IDENTITY: '1',
      LOG_LEVEL: 'loud',
      GRAPH_BASE_URL: 'not a url',
    });
    expect(keys).toEqual(
      expect.arrayContaining([
        'PORT',
        'POLL_INTERVAL_SECONDS',
        'CORRELATION_WINDOW_MINUTES',
        'MAX_ALERTS_PER_IDENTITY',
        'LOG_LEVEL',
        'GRAPH_BASE_URL',
      ]),
    );
  });

  it('needs the bot password and tenant for a registered single-tenant bot', () => {
    expect(issuesOf({ GRAPH_BASE_URL: 'https://localhost', BOT_ID: 'a', BOT_TYPE: 'SingleTenant' })).toEqual([
      'BOT_PASSWORD',
      'BOT_TENANT_ID',
    ]);
  });

  it('accepts a managed identity (client id alone) against real Graph', () => {
    const c = loadConfig({ AZURE_CLIENT_ID: '11111111-1111-1111-1111-111111111111' }, noFiles);
    expect(c.graph.credentialKind).toBe('managedIdentity');
  });

  it('needs tenant and client id with a client secret, and an existing certificate file', () => {
    expect(issuesOf({ AZURE_CLIENT_SECRET: 's' })).toEqual(['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
    expect(
      issuesOf({ AZURE_CLIENT_CERTIFICATE_PATH: '/nope.pem', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }),
    ).toEqual(['AZURE_CLIENT_CERTIFICATE_PATH']);
  });

  it('refuses plain http Graph endpoints (tokens are only sent over https)', () => {
    expect(issuesOf({ GRAPH_BASE_URL: 'http://localhost:8080' })).toContain('GRAPH_BASE_URL');
  });

  it('requires the connection string for azure-blob and validates the container name', () => {
    expect(issuesOf({ GRAPH_BASE_URL: 'https://localhost', STORE: 'azure-blob' })).toEqual([
      'AZURE_STORAGE_CONNECTION_STRING',
    ]);
    expect(issuesOf({ GRAPH_BASE_URL: 'https://localhost', STORE: 'redis:x' })).toEqual(['STORE']);
    expect(issuesOf({ GRAPH_BASE_URL: 'https://localhost', AZURE_STORAGE_CONTAINER: 'Bad_Name' })).toEqual([
      'AZURE_STORAGE_CONTAINER',
    ]);
  });

  it('lower-cases analysts and validates the analyst group id', () => {
    const c = loadConfig(
      { GRAPH_BASE_URL: 'https://localhost', SOC_ANALYSTS: ' Megan.Bowen@Contoso.com ,ABC ' },
      noFiles,
    );
    expect(c.access.analysts).toEqual(['megan.bowen@contoso.com', 'abc']);
    expect(issuesOf({ GRAPH_BASE_URL: 'https://localhost', SOC_ANALYST_GROUP_ID: 'soc' })).toEqual([
      'SOC_ANALYST_GROUP_ID',
    ]);
  });
});

describe('loadConfig reporting', () => {
  it('still runs the checks across keys when single keys are invalid, so every problem shows at once', () => {
    try {
      loadConfig({ PORT: 'x', POLL_INTERVAL_SECONDS: '0' }, { fileExists: () => false });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.key)).toEqual([
        'PORT',
        'POLL_INTERVAL_SECONDS',
        'AZURE_CLIENT_ID',
      ]);
    }
  });
});
