import {
  AZURE_MONITOR_PACKAGES,
  startAzureMonitor,
  type AzureMonitorModules,
  type OtelMeter,
} from '../../../src/ops';
import { capturedLogger } from './logCapture';

const CONNECTION =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1/';

function fakeModules(): AzureMonitorModules & { calls: string[] } {
  const calls: string[] = [];
  const instrument = { add: () => undefined, record: () => undefined, addCallback: () => undefined };
  const meter: OtelMeter = {
    createCounter: () => instrument,
    createHistogram: () => instrument,
    createObservableGauge: () => instrument,
  };
  return {
    calls,
    distro: {
      useAzureMonitor: (o) =>
        void calls.push(`use ${o.azureMonitorExporterOptions.connectionString.slice(0, 18)}`),
      shutdownAzureMonitor: async () => void calls.push('shutdown'),
    },
    api: { metrics: { getMeter: (name, version) => (calls.push(`meter ${name} ${version}`), meter) } },
  };
}

describe('the Azure Monitor export', () => {
  it('starts the distro with the connection string and hands back a metrics backend', async () => {
    const modules = fakeModules();
    const { logger } = capturedLogger();
    const started = await startAzureMonitor(CONNECTION, {
      logger,
      version: '0.1.0',
      load: async () => modules,
    });
    expect(started?.backend).toBeDefined();
    await started?.shutdown();
    expect(modules.calls).toEqual(['use InstrumentationKey', 'meter defender-dlp-bot 0.1.0', 'shutdown']);
  });

  it('names the missing packages and lets the bot start when they are not installed', async () => {
    const { logger, lines } = capturedLogger();
    const started = await startAzureMonitor(CONNECTION, {
      logger,
      version: '0.1.0',
      load: async () => {
        throw new Error("Cannot find module '@azure/monitor-opentelemetry'");
      },
    });
    expect(started).toBeUndefined();
    const warning = lines().find((l) => l.level === 40);
    expect(warning?.msg).toContain('the Azure Monitor OpenTelemetry packages are not installed');
    expect(warning?.packages).toEqual([...AZURE_MONITOR_PACKAGES]);
  });

  it('never writes the connection string to the log', async () => {
    const { logger, lines } = capturedLogger();
    await startAzureMonitor(CONNECTION, { logger, version: '0.1.0', load: async () => fakeModules() });
    await startAzureMonitor(CONNECTION, {
      logger,
      version: '0.1.0',
      load: async () => {
        throw new Error('missing');
      },
    });
    expect(JSON.stringify(lines())).not.toContain('InstrumentationKey');
  });

  it('reports a distro that fails to start, and goes on without it', async () => {
    const { logger, lines } = capturedLogger();
    const modules = fakeModules();
    modules.distro.useAzureMonitor = () => {
      throw new Error('bad connection string');
    };
    expect(
      await startAzureMonitor(CONNECTION, { logger, version: '0.1.0', load: async () => modules }),
    ).toBeUndefined();
    expect(lines().find((l) => l.level === 50)?.err).toBe('bad connection string');
  });
});
