import { errorMessage } from '../../errors';
import type { Logger } from '../../log';
import { OtelBackend, type OtelMeter } from './otel';

/** The Azure Monitor OpenTelemetry distro and the OpenTelemetry API, as far as the bot uses them. */
export interface AzureMonitorModules {
  /** `@azure/monitor-opentelemetry`. */
  distro: {
    useAzureMonitor(options: { azureMonitorExporterOptions: { connectionString: string } }): void;
    shutdownAzureMonitor(): Promise<void>;
  };
  /** `@opentelemetry/api`. */
  api: { metrics: { getMeter(name: string, version?: string): OtelMeter } };
}

/** A running export: its metrics backend and how to flush and stop it. */
export interface AzureMonitorExport {
  backend: OtelBackend;
  shutdown(): Promise<void>;
}

/**
 * The distro's package names (dependencies, pinned: `@azure/monitor-opentelemetry` 1.18.1 is the last
 * release that supports Node 20). Loaded only when APPLICATIONINSIGHTS_CONNECTION_STRING is set, so the
 * OpenTelemetry SDK costs nothing otherwise; a broken install is reported, never fatal.
 */
export const AZURE_MONITOR_PACKAGES = ['@azure/monitor-opentelemetry', '@opentelemetry/api'] as const;

/** Loads the packages by name (a variable, so neither TypeScript nor a bundler requires them). */
export async function loadAzureMonitorModules(): Promise<AzureMonitorModules> {
  const [distroName, apiName] = AZURE_MONITOR_PACKAGES;
  const distro = (await import(distroName)) as AzureMonitorModules['distro'];
  const api = (await import(apiName)) as AzureMonitorModules['api'];
  return { distro, api };
}

/**
 * Starts the Azure Monitor export of the bot's metrics (APPLICATIONINSIGHTS_CONNECTION_STRING), or
 * returns undefined with a warning saying what is missing: telemetry then stays on `/metrics` only.
 * Never throws: monitoring must not stop the bot from starting.
 */
export async function startAzureMonitor(
  connectionString: string,
  o: { logger: Logger; version: string; load?: () => Promise<AzureMonitorModules> },
): Promise<AzureMonitorExport | undefined> {
  let modules: AzureMonitorModules;
  try {
    modules = await (o.load ?? loadAzureMonitorModules)();
  } catch (err) {
    o.logger.warn(
      { err: errorMessage(err), packages: AZURE_MONITOR_PACKAGES },
      'APPLICATIONINSIGHTS_CONNECTION_STRING is set but the Azure Monitor OpenTelemetry packages are not ' +
        'installed: metrics stay on /metrics only',
    );
    return undefined;
  }
  try {
    modules.distro.useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
    const backend = new OtelBackend(modules.api.metrics.getMeter('defender-dlp-bot', o.version));
    o.logger.info('metrics are exported to Azure Monitor');
    return { backend, shutdown: () => modules.distro.shutdownAzureMonitor() };
  } catch (err) {
    o.logger.error(
      { err: errorMessage(err) },
      'Azure Monitor could not be started: metrics stay on /metrics only',
    );
    return undefined;
  }
}
