/**
 * The composition root: the only place that reads process.env (through loadConfig) and builds the real
 * clients, stores, timers and the HTTP server. Everything else receives its dependencies.
 */
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/identity';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { AlertReadModel, DlpPolicyClassifier } from './alerts';
import { AccessPolicy, AnalystService, AuditLog, SnoozeService } from './analyst';
import { dlpPolicyNames } from './analyst/policies';
import type { HuntingClient } from './graph/sensitiveInfo';
import { sensitiveInfoTarget } from './analyst/targets';
import { ActorDirectory } from './bot/actors';
import { createBotApp } from './bot/app';
import { RosterCache } from './bot/rosterCache';
import { createServer } from './bot/server';
import type { BotServices } from './bot/services';
import { BotConnectorTransport } from './bot/transport';
import { SystemClock, type Clock } from './clock';
import { loadConfig, type Config } from './config';
import { ConfigError, errorMessage } from './errors';
import { createGraphCredential, fetchSensitiveInfo, GraphSecurityClient } from './graph';
import { createLogger, type Logger } from './log';
import { Backfill, Deliverer, DigestBook, GraphCardFinder, Notifier, Pacer, SnoozeBook } from './notify';
import { routeAlert, SubscriptionRegistry } from './subscriptions';
import { alertIdOfCard } from './cards';
import {
  leadershipSwitch,
  observeService,
  serviceLeaderTasks,
  MeteredAuditLog,
  packageVersion,
  ServiceMetrics,
  startAzureMonitor,
  stopTasks,
  type StatusReport,
} from './ops';
import { CertificateWatch, readCertificate } from './ops/certificate';
import { guardGraph, Permissions, type GuardedGraph } from './permissions';
import { alertSelector, Poller, type AlertSource } from './poller';
import { ReportService } from './report';
import { reportTasks } from './report/compose';
import { createStorage, type OpenedStorage } from './store';

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
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Interface to listen on. Default all (as a hosted service); tests and the demo use 127.0.0.1. */
  host?: string;
  /** The Graph credential. Default: chosen from the configuration (`createGraphCredential`). */
  credential?: TokenCredential;
  /** Also export Node's process metrics on /metrics. Default false (`main()` turns it on). */
  processMetrics?: boolean;
}

/** What every builder below shares. */
interface Base {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: ServiceMetrics;
  storage: OpenedStorage;
  startedAt: number;
}

/** The parts the later builders wire together. */
interface Parts {
  permissions: Permissions;
  guarded: GuardedGraph;
  teams: ReturnType<typeof buildTeams>;
  poller: Poller;
  watch: CertificateWatch | undefined;
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
  });
  const base: Base = { config, clock, logger, metrics, storage, startedAt };
  const { graph, permissions, guarded } = buildGraph(base, o.credential);
  const teams = buildTeams(base, permissions, graph, guarded.hunting);
  const poller = buildPoller(base, guarded.source, teams.notifier);
  const watch = certificate
    ? new CertificateWatch({ certificate, store: storage.store, ...teams, clock, logger })
    : undefined;
  watch?.logExpiry();
  return run(base, { permissions, guarded, teams, poller, watch }, o.host ?? '0.0.0.0');
}

/** Wires /status, /metrics and the Teams handlers, then starts leading (or following) and listening. */
async function run(base: Base, parts: Parts, host: string): Promise<RunningService> {
  const { config, logger, metrics, storage } = base;
  const { permissions, teams, poller, watch } = parts;
  const status = observeService({
    ...base,
    leader: storage.leader,
    store: { kind: storage.store.kind, detail: storeDetail(config) },
    poller,
    notifier: teams.notifier,
    subscriptions: teams.subscriptions,
    permissions,
    certificate: watch,
    pollIntervalSeconds: config.poller.intervalMs / 1000,
  });
  const services = buildServices(base, parts, status);
  const server = buildHttp(base, parts, services, status);
  const azure = config.appInsightsConnectionString
    ? await startAzureMonitor(config.appInsightsConnectionString, { logger, version: packageVersion() })
    : undefined;
  if (azure) metrics.attach(azure.backend);
  await permissions.refresh();
  const tasks = [
    ...serviceLeaderTasks({ poller, notifier: teams.notifier, certificate: watch }),
    ...reportTasks(base, teams, services.reports),
  ];
  await storage.leader.start(leadershipSwitch(tasks, logger));
  await new Promise<void>((resolve) => server.listen(config.port, host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, replicaId: config.replicaId, store: storage.store.kind, localMode: config.bot.localMode },
    'defender-dlp-bot listening',
  );
  const stop = once(async () => {
    server.close();
    permissions.stop();
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
    poller,
    notifier: teams.notifier,
    services,
    permissions,
    metrics,
    certificate: watch,
    stop,
  };
}

/** Everything the Teams handlers may call. */
function buildServices(
  { config, clock, logger, metrics, storage }: Base,
  { guarded, teams }: Parts,
  status: () => Promise<StatusReport>,
): BotServices {
  return {
    logger,
    clock,
    localMode: config.bot.localMode,
    subscriptions: teams.subscriptions,
    alerts: teams.alerts,
    analyst: new AnalystService({
      graph: guarded.writer,
      sensitiveInfo: (dlp) => fetchSensitiveInfo(guarded.hunting, sensitiveInfoTarget(dlp), { logger }),
      alerts: teams.alerts,
      store: storage.store,
      refreshCards: (id) => teams.notifier.enqueue(id, 'action'),
      clock,
      logger,
    }),
    access: new AccessPolicy({
      analysts: config.access.analysts,
      groupId: config.access.analystGroupId,
      localMode: config.bot.localMode,
      checkMemberGroups: guarded.checkMemberGroups,
      clock,
      logger,
    }),
    audit: new MeteredAuditLog(storage.store, clock, metrics.action),
    actors: new ActorDirectory({
      cache: new RosterCache({
        now: () => clock.now(),
        ttlMs: config.bot.roster.cacheTtlMs,
        maxUsers: config.bot.roster.cacheMaxUsers,
        readsPerWindow: config.bot.roster.readsPerConversationPerMinute,
      }),
      graphUser: guarded.getUser,
      logger,
    }),
    reports: new ReportService({ store: storage.store, timeZone: config.report.timeZone }),
    backfill: config.notify.subscribeBackfillHours
      ? new Backfill(
          {
            store: storage.store,
            clock,
            logger,
            alerts: teams.alerts,
            routed: async (sub, id) => {
              const alert = await teams.alerts.tracked(id);
              const policy = { insiderRiskCards: config.notify.insiderRiskCards };
              return (
                alert !== undefined &&
                routeAlert(Boolean(sub.sensitive), await teams.alerts.routable(alert), policy).show
              );
            },
          },
          {
            lookbackMs: config.notify.subscribeBackfillHours * 3_600_000,
            cardsPerMinute: config.notify.maxNewCardsPerMinute,
          },
        )
      : undefined,
    routing: { insiderRiskCards: config.notify.insiderRiskCards },
    snoozes: new SnoozeService({
      book: teams.snoozes,
      subscriptions: teams.subscriptions,
      alerts: teams.alerts,
      clock,
    }),
    status,
  };
}

/** The HTTP server: /api/messages, /healthz, /readyz, /status, /metrics. */
function buildHttp(
  base: Base,
  { permissions, teams, poller }: Parts,
  services: BotServices,
  status: () => Promise<StatusReport>,
) {
  const { config, logger, metrics, storage } = base;
  const app = createBotApp({
    adapter: teams.adapter,
    storage: storage.botStorage,
    botAppId: config.bot.id ?? '',
    services,
    logger,
  });
  return createServer({
    adapter: teams.adapter,
    onTurn: async (ctx) => {
      await app.run(ctx);
    },
    logger,
    localMode: config.bot.localMode,
    status,
    metrics: () => metrics.scrape(),
    readiness: async () => {
      await storage.store.ping();
      const p = poller.status();
      // A poll refused for a missing permission is not this replica's fault: taking it out of rotation
      // would also hide the /status that explains what to grant.
      if (storage.leader.isLeader() && p.lastError && permissions.allows('listAlerts'))
        return `the last poll failed: ${p.lastError}`;
      return undefined;
    },
  });
}

/** The Graph client (metered), the permission self-check, and the ports guarded by it. */
function buildGraph({ config, clock, logger, metrics }: Base, credential: TokenCredential | undefined) {
  const graph = new GraphSecurityClient({
    baseUrl: config.graph.baseUrl,
    credential: credential ?? createGraphCredential({ ...config.graph, logger }),
    logger,
    onRequest: metrics.graphRequest,
  });
  const permissions = new Permissions(graph, clock, logger, {
    unused: {
      groupAccess: config.access.analystGroupId ? undefined : 'SOC_ANALYST_GROUP_ID is not set',
      incidents: 'no feature reads incidents yet',
    },
  });
  // Every request the token's roles do not allow is refused here instead of being answered 403 by Graph.
  return { graph, permissions, guarded: guardGraph(graph, permissions) };
}

/** The Teams side of delivery: adapter, transport, subscriptions, the read model and the notifier. */
function buildTeams(
  { config, clock, logger, metrics, storage }: Base,
  permissions: Permissions,
  graph: GraphSecurityClient,
  hunting: HuntingClient,
) {
  const { store } = storage;
  const alerts: AlertReadModel = new AlertReadModel({
    store,
    features: () => permissions.cardFeatures(),
    sensitivity: (ids) => policies.sensitivity(ids),
  });
  // SENSITIVE_DLP_POLICIES: each DLP alert's policy names from advanced hunting, cached in the store.
  const policies = new DlpPolicyClassifier({
    store,
    clock,
    logger,
    sensitivePolicies: config.notify.sensitiveDlpPolicies,
    lookup: dlpPolicyNames(hunting, { tracked: (id) => alerts.tracked(id) }, logger),
  });
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const audit = new AuditLog(store, clock);
  const snoozes = new SnoozeBook(store, clock, logger.child({ component: 'snoozes' }), (e) =>
    audit.record({ actor: { name: 'Defender DLP Bot' }, ...e }),
  );
  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot.id ?? '',
    MicrosoftAppPassword: config.bot.password ?? '',
    MicrosoftAppType: config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const transport = new BotConnectorTransport(adapter, config.bot.id ?? '', logger);
  const deliverer = new Deliverer(new Pacer(clock), clock, logger, {}, metrics.teamsSend);
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer,
    cards: alerts,
    digests: new DigestBook(
      store,
      config.notify.maxNewCardsPerMinute,
      () => clock.now(),
      config.notify.backlogDigestAgeMs,
    ),
    snoozes,
    routing: { insiderRiskCards: config.notify.insiderRiskCards },
    clock,
    logger: logger.child({ component: 'notifier' }),
    onEvent: metrics.notifyEvent,
    // An interrupted root card send is looked up in Teams (through Graph) before it is sent again.
    finder: new GraphCardFinder({ messages: graph, botAppId: config.bot.id, cardAlertId: alertIdOfCard }),
  });
  return { alerts, subscriptions, snoozes, adapter, transport, deliverer, notifier };
}

function buildPoller(
  { config, clock, logger, metrics, storage }: Base,
  source: AlertSource,
  notifier: Notifier,
): Poller {
  return new Poller(
    {
      source,
      store: storage.store,
      sink: {
        handoffOps: (changes, evicted, now, context) => notifier.handoffOps(changes, evicted, now, context),
        afterHandoff: (changes) => {
          metrics.correlations(changes);
          notifier.afterHandoff();
        },
      },
      clock,
      logger: logger.child({ component: 'poller' }),
      onCycle: metrics.pollCycle,
      select: alertSelector({
        defenderSources: config.defenderSources,
        logger,
        onUnclassified: metrics.unclassifiedAlert,
      }),
    },
    { ...config.poller, backlogAgeMs: config.notify.backlogDigestAgeMs },
  );
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
