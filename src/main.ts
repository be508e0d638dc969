/**
 * The composition root: the only place that reads process.env (through loadConfig) and builds the real
 * clients, stores, timers and the HTTP server. Everything else receives its dependencies.
 */
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/identity';
import type { BotServices } from './bot/services';
import { SystemClock, type Clock } from './clock';
import {
  buildGraph,
  buildHttp,
  buildServices,
  buildTeams,
  buildTenant,
  TenantFleet,
  type Base,
  type Parts,
} from './compose';
import { multiTenant } from './compose/tenant';
import { loadConfig, type Config } from './config';
import { ConfigError, errorMessage } from './errors';
import { createLogger, type Logger } from './log';
import type { Notifier } from './notify';
import {
  leadershipSwitch,
  observeService,
  packageVersion,
  ServiceMetrics,
  startAzureMonitor,
  stopTasks,
} from './ops';
import { CertificateWatch, readCertificate } from './ops/certificate';
import type { Permissions } from './permissions';
import type { Poller } from './poller';
import { reportTasks } from './report/compose';
import { createStorage, migrateToTenantKeys } from './store';
import { TenantsFileWatch, type TenantSpec } from './tenants';

export interface RunningService {
  url: string;
  port: number;
  poller: Poller;
  notifier: Notifier;
  services: BotServices;
  /** The permission self-check (the token's roles against each feature). */
  permissions: Permissions;
  /** This instance's telemetry (`GET /metrics`). */
  metrics: ServiceMetrics;
  /** The certificate expiry watch; undefined without AZURE_CLIENT_CERTIFICATE_PATH. */
  certificate: CertificateWatch | undefined;
  /** Every tenant's parts, and which this replica polls. */
  fleet: TenantFleet;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Interface to listen on. Default all (as a hosted service); tests and the demo use 127.0.0.1. */
  host?: string;
  /** The Graph credential. Default: chosen from the configuration (`createGraphCredential`). */
  credential?: TokenCredential;
  /** With TENANTS_FILE: each customer tenant's credential. Default: from the configuration. */
  credentialFor?: (tenant: TenantSpec) => TokenCredential | undefined;
  /** Also export Node's process metrics on /metrics. Default false (`main()` turns it on). */
  processMetrics?: boolean;
}

/** Builds and starts the whole service from a validated configuration. */
export async function startService(config: Config, o: StartOptions = {}): Promise<RunningService> {
  const clock = o.clock ?? new SystemClock();
  const logger = o.logger ?? createLogger({ level: config.logLevel });
  const startedAt = clock.now();
  const metrics = new ServiceMetrics({ processMetrics: o.processMetrics, logger });
  // Read first: an unreadable certificate stops the start with a ConfigError naming the key.
  const certificate = config.graph.certificatePath
    ? readCertificate(config.graph.certificatePath)
    : undefined;
  const storage = await createStorage(config.store, {
    logger,
    replicaId: config.replicaId,
    leaseSeconds: config.leaderLeaseSeconds,
    tenantLeaseSeconds: config.tenantLeaseSeconds,
  });
  const base: Base = { config, clock, logger, metrics, storage, startedAt };
  const tenants = config.tenants;
  // Stores written before tenants existed: their records move under the first tenant, once.
  await migrateToTenantKeys(
    storage.store,
    tenants[0]!.name,
    tenants.map((t) => t.name),
    logger,
  );
  const { graph, permissions, guarded } = buildGraph(base, o.credential);
  const teams = buildTeams(base, graph);
  const single = !multiTenant(config);
  const fleet = new TenantFleet(
    base,
    (spec) =>
      buildTenant(
        base,
        teams,
        spec,
        single ? { graph: { graph, permissions } } : { credential: o.credentialFor?.(spec) },
      ),
    storage.assignment,
  );
  await fleet.setTenants(tenants);
  const first = fleet.list()[0]!;
  const watch = certificate
    ? new CertificateWatch({ certificate, store: storage.store, ...teams, clock, logger })
    : undefined;
  watch?.logExpiry();
  return run(base, { permissions, guarded, teams, fleet, first, watch }, o.host ?? '0.0.0.0');
}

/** Wires /status, /metrics and the Teams handlers, then starts leading (or following) and listening. */
async function run(base: Base, parts: Parts, host: string): Promise<RunningService> {
  const { config, logger, metrics, storage } = base;
  const { permissions, teams, fleet, first, watch } = parts;
  const status = observeService({
    ...base,
    leader: storage.leader,
    store: { kind: storage.store.kind, detail: storeDetail(config) },
    poller: first.poller,
    notifier: first.notifier,
    subscriptions: teams.subscriptions,
    permissions,
    certificate: watch,
    pollIntervalSeconds: config.poller.intervalMs / 1000,
    ...(multiTenant(config)
      ? {
          perTenant: {
            pollers: () => {
              const here = new Set(fleet.held());
              return fleet
                .list()
                .filter((t) => here.has(t.spec.name))
                .map((t) => ({ tenant: t.spec.name, status: t.poller.status() }));
            },
            notifiers: () => fleet.list().map((t) => t.notifier.status()),
          },
        }
      : {}),
    tenants: () => ({
      ...fleet.status(),
      ...(tenantsWatch
        ? {
            tenantsFile: {
              path: config.tenantsFile!,
              lastError: tenantsWatch.lastError() ?? null,
              refused: tenantsWatch.refused,
            },
          }
        : {}),
    }),
  });
  const services = buildServices(base, parts, status);
  const server = buildHttp(base, parts, services, status);
  const azure = config.appInsightsConnectionString
    ? await startAzureMonitor(config.appInsightsConnectionString, { logger, version: packageVersion() })
    : undefined;
  if (azure) metrics.attach(azure.backend);
  const tenantPermissions = [...new Set([permissions, ...fleet.list().map((t) => t.permissions)])];
  // One tenant's refused consent or missing permission is that tenant's: the others start regardless.
  await Promise.all(tenantPermissions.map((p) => p.refresh()));
  const tasks = [
    fleet.leaderTask(),
    ...(watch ? [{ name: 'certificate', start: () => watch.start(), stop: () => watch.stop() }] : []),
    ...reportTasks(base, teams, services.reports),
  ];
  await storage.leader.start(leadershipSwitch(tasks, logger));
  await fleet.start();
  // TENANTS_FILE is re-read on change: a good edit is applied here (new tenants polled and posted, removed
  // ones stopped), a bad one refused with every problem logged and the old set kept.
  const tenantsWatch = config.tenantsFile
    ? new TenantsFileWatch({
        path: config.tenantsFile,
        initial: config.tenants,
        clock: base.clock,
        logger,
        onChange: async (next, diff) => {
          await fleet.setTenants(next);
          // New and changed tenants have new parts: check what their consent grants.
          const rebuilt = new Set([...diff.added, ...diff.changed]);
          await Promise.all(
            fleet
              .list()
              .filter((t) => rebuilt.has(t.spec.name))
              .map((t) => t.permissions.refresh()),
          );
          logger.info({ ...diff }, 'TENANTS_FILE changed: tenants applied');
        },
      })
    : undefined;
  tenantsWatch?.start();
  await new Promise<void>((resolve) => server.listen(config.port, host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info(
    {
      port,
      replicaId: config.replicaId,
      store: storage.store.kind,
      localMode: config.bot.localMode,
      tenants: fleet.list().length,
    },
    'defender-dlp-bot listening',
  );
  const stop = once(async () => {
    server.close();
    await tenantsWatch?.stop();
    for (const p of new Set([permissions, ...fleet.list().map((t) => t.permissions)])) p.stop();
    await fleet.stop();
    await stopTasks(tasks);
    await storage.close();
    await azure?.shutdown().catch((err: unknown) => {
      logger.warn({ err: errorMessage(err) }, 'the last Azure Monitor flush failed');
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    poller: first.poller,
    notifier: first.notifier,
    services,
    permissions,
    metrics,
    certificate: watch,
    fleet,
    stop,
  };
}

function storeDetail(config: Config): string {
  const s = config.store;
  return s.kind === 'sqlite' ? s.path : s.kind === 'azure-blob' ? `container ${s.container}` : 'in memory';
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const service = await startService(config, { processMetrics: true });
  const shutdown = (signal: string): void => {
    service.services.logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`defender-dlp-bot failed to start: ${errorMessage(err)}`);
    process.exit(1);
  });
}
