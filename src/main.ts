/**
 * The composition root: the only place that reads process.env (through loadConfig) and builds the real
 * clients, stores, timers and the HTTP server. Everything else receives its dependencies.
 */
import type { AddressInfo } from 'node:net';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { AlertReadModel } from './alerts';
import { AccessPolicy, AnalystService, AuditLog } from './analyst';
import { createBotApp } from './bot/app';
import { createServer } from './bot/server';
import type { BotServices } from './bot/services';
import { BotConnectorTransport } from './bot/transport';
import { SystemClock, type Clock } from './clock';
import { loadConfig, type Config } from './config';
import { ConfigError, errorMessage } from './errors';
import { createGraphCredential, fetchSensitiveInfo, GraphSecurityClient } from './graph';
import { createLogger, type Logger } from './log';
import { Deliverer, DigestBook, Notifier, Pacer, SubscriptionRegistry } from './notify';
import { buildStatus } from './ops/status';
import { Permissions } from './ops/permissions';
import { packageVersion } from './ops/version';
import { Poller } from './poller';
import { createStorage } from './store';
import { sensitiveInfoTarget } from './analyst/targets';

export interface RunningService {
  url: string;
  port: number;
  poller: Poller;
  notifier: Notifier;
  services: BotServices;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Interface to listen on. Default all (as a hosted service); tests and the demo use 127.0.0.1. */
  host?: string;
}

/** Builds and starts the whole service from a validated configuration. */
export async function startService(config: Config, o: StartOptions = {}): Promise<RunningService> {
  const clock = o.clock ?? new SystemClock();
  const logger = o.logger ?? createLogger({ level: config.logLevel });
  const startedAt = clock.now();
  const storage = await createStorage(config.store, { logger, replicaId: config.replicaId });
  const { store, leader } = storage;
  const graph = new GraphSecurityClient({
    baseUrl: config.graph.baseUrl,
    credential: createGraphCredential({ ...config.graph, logger }),
    logger,
  });
  const permissions = new Permissions(graph, clock, logger);
  const alerts = new AlertReadModel({ store, features: () => permissions.cardFeatures() });
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot.id ?? '',
    MicrosoftAppPassword: config.bot.password ?? '',
    MicrosoftAppType: config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const transport = new BotConnectorTransport(adapter, config.bot.id ?? '', logger);
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger),
    cards: alerts,
    digests: new DigestBook(store, config.notify.maxNewCardsPerMinute),
    clock,
    logger: logger.child({ component: 'notifier' }),
  });
  const poller = new Poller(
    { source: graph, store, sink: notifier, clock, logger: logger.child({ component: 'poller' }) },
    config.poller,
  );
  const analyst = new AnalystService({
    graph,
    sensitiveInfo: (dlp) => fetchSensitiveInfo(graph, sensitiveInfoTarget(dlp), { logger }),
    alerts,
    store,
    refreshCards: (id) => notifier.enqueue(id, 'action'),
    clock,
    logger,
  });
  const status = () =>
    buildStatus({
      version: packageVersion(),
      clock,
      startedAt,
      leader,
      store: {
        kind: store.kind,
        detail:
          config.store.kind === 'sqlite'
            ? config.store.path
            : config.store.kind === 'azure-blob'
              ? `container ${config.store.container}`
              : 'in memory',
      },
      poller: () => poller.status(),
      notifier: () => (leader.isLeader() ? notifier.status() : null),
      features: () => permissions.report(),
      certificate: () => null,
      subscriptionCount: async () => (await subscriptions.list()).length,
      pollIntervalSeconds: config.poller.intervalMs / 1000,
    });
  const services: BotServices = {
    logger,
    clock,
    localMode: config.bot.localMode,
    subscriptions,
    alerts,
    analyst,
    access: new AccessPolicy({
      analysts: config.access.analysts,
      groupId: config.access.analystGroupId,
      localMode: config.bot.localMode,
      checkMemberGroups: (user, groups) => graph.checkMemberGroups(user, groups),
      clock,
      logger,
    }),
    audit: new AuditLog(store, clock),
    status,
  };
  const app = createBotApp({
    adapter,
    storage: storage.botStorage,
    botAppId: config.bot.id ?? '',
    services,
    logger,
  });
  const server = createServer({
    adapter,
    onTurn: async (ctx) => {
      await app.run(ctx);
    },
    logger,
    localMode: config.bot.localMode,
    status,
    readiness: async () => {
      await store.ping();
      const p = poller.status();
      if (leader.isLeader() && p.lastError) return `the last poll failed: ${p.lastError}`;
      return undefined;
    },
  });
  await permissions.refresh();
  await leader.start((isLeader) => void onLeadership(isLeader, poller, notifier, logger));
  await new Promise<void>((resolve) => server.listen(config.port, o.host ?? '0.0.0.0', resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, replicaId: config.replicaId, store: store.kind, localMode: config.bot.localMode },
    'defender-dlp-bot listening',
  );
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      server.close();
      permissions.stop();
      await poller.stop();
      await notifier.stop();
      await storage.close();
    })());
  return { url: `http://127.0.0.1:${port}`, port, poller, notifier, services, stop };
}

async function onLeadership(
  isLeader: boolean,
  poller: Poller,
  notifier: Notifier,
  logger: Logger,
): Promise<void> {
  try {
    if (isLeader) {
      logger.info('this replica leads: polling and posting');
      await poller.load();
      poller.start();
      notifier.start();
    } else {
      logger.info('this replica does not lead: serving Teams only');
      await Promise.all([poller.stop(), notifier.stop()]);
    }
  } catch (err) {
    logger.error({ err: errorMessage(err) }, 'could not switch leadership state');
  }
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
  const service = await startService(config);
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
