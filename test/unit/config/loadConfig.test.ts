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
      pageSize: 1000,
      requestsPerMinute: 100,
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

describe('loadConfig: the scheduled shift report', () => {
  const graph = { GRAPH_BASE_URL: 'https://localhost:8443' };

  it('has no schedule and UTC by default', () => {
    expect(loadConfig(graph, noFiles).report).toEqual({ times: [], timeZone: 'UTC' });
  });

  it('reads the schedule as local times in the configured IANA zone', () => {
    const c = loadConfig(
      { ...graph, REPORT_SCHEDULE: '20:00, 08:00', REPORT_TIME_ZONE: 'Europe/Paris' },
      noFiles,
    );
    expect(c.report).toEqual({ times: [480, 1200], timeZone: 'Europe/Paris' });
  });

  it('reports a bad time and an unknown zone, saying what is expected', () => {
    try {
      loadConfig({ ...graph, REPORT_SCHEDULE: '08:00,25:00', REPORT_TIME_ZONE: 'Europe/Atlantis' }, noFiles);
      throw new Error('loadConfig accepted a bad schedule');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues).toEqual([
        { key: 'REPORT_SCHEDULE', message: '"25:00" is not a time of day as HH:MM (00:00 to 23:59)' },
        {
          key: 'REPORT_TIME_ZONE',
          message: 'must be an IANA time zone name such as Europe/Paris or America/New_York',
        },
      ]);
    }
  });
});

describe('DEFENDER_SOURCES', () => {
  const local = { GRAPH_BASE_URL: 'https://localhost:8443' };

  it('defaults to the sources Defender XDR raises as its own, without Insider Risk or Sentinel', () => {
    const c = loadConfig(local, noFiles);
    expect(c.defenderSources).toContain('microsoftDefenderForEndpoint');
    expect(c.defenderSources).toContain('microsoftThreatIntelligence');
    expect(c.defenderSources).not.toContain('microsoftInsiderRiskManagement');
    expect(c.defenderSources).not.toContain('microsoftSentinel');
  });

  it('takes a comma list in any case and keeps the published spellings', () => {
    const c = loadConfig(
      { ...local, DEFENDER_SOURCES: 'microsoftdefenderforendpoint, microsoftSentinel' },
      noFiles,
    );
    expect(c.defenderSources).toEqual(['microsoftDefenderForEndpoint', 'microsoftSentinel']);
  });

  it('reports unknown source names, listing the valid ones', () => {
    expect(issuesOf({ ...local, DEFENDER_SOURCES: 'microsoftDefenderForEndpoint,defender' })).toEqual([
      'DEFENDER_SOURCES',
    ]);
    try {
      loadConfig({ ...local, DEFENDER_SOURCES: 'defender' }, noFiles);
    } catch (err) {
      expect((err as Error).message).toMatch(/"defender".*microsoftInsiderRiskManagement/);
    }
    expect.assertions(2);
  });
});
