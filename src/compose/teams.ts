import { AlertReadModel, DlpPolicyClassifier } from '../alerts';
import { AuditLog } from '../analyst';
import { dlpPolicyNames } from '../analyst/policies';
import { createTeamsAdapter } from '../bot/adapter';
import { BotConnectorTransport } from '../bot/transport';
import { alertIdOfCard } from '../cards';
import type { GraphSecurityClient } from '../graph';
import type { HuntingClient } from '../graph/sensitiveInfo';
import { Deliverer, DigestBook, GraphCardFinder, Notifier, Pacer, SnoozeBook } from '../notify';
import type { Permissions } from '../permissions';
import { SubscriptionRegistry } from '../subscriptions';
import type { Base } from './types';

/**
 * Whether any conversation has a `workloads=` rule, read at most every 30 s: the notifier asks before
 * each card, and listing subscriptions is a request with the Blob store.
 */
class WorkloadRuleCheck {
  private cached: { at: number; value: boolean } | undefined;
  constructor(
    private readonly subscriptions: Pick<SubscriptionRegistry, 'list'>,
    private readonly clock: { now(): number },
  ) {}

  async inUse(): Promise<boolean> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.at < 30_000) return this.cached.value;
    const value = (await this.subscriptions.list()).some((s) => (s.filter.workloads?.length ?? 0) > 0);
    this.cached = { at: now, value };
    return value;
  }
}

/** The Teams side of delivery: adapter, transport, subscriptions, the read model and the notifier. */
export function buildTeams(
  { config, clock, logger, metrics, storage }: Base,
  permissions: Permissions,
  graph: GraphSecurityClient,
  hunting: HuntingClient,
) {
  const { store } = storage;
  const alerts: AlertReadModel = new AlertReadModel({
    store,
    features: () => permissions.cardFeatures(),
    dlpRouting: (dlps, o) => policies.classify(dlps, o),
    workloadRulesInUse: () => workloadRules.inUse(),
  });
  // SENSITIVE_DLP_POLICIES and workloads= rules: each DLP alert's policy names and workload from advanced
  // hunting (one query), cached in the store.
  const policies = new DlpPolicyClassifier({
    store,
    clock,
    logger,
    sensitivePolicies: config.notify.sensitiveDlpPolicies,
    lookup: dlpPolicyNames(hunting, { tracked: (id) => alerts.tracked(id) }, logger),
  });
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const workloadRules = new WorkloadRuleCheck(subscriptions, clock);
  const audit = new AuditLog(store, clock);
  const snoozes = new SnoozeBook(store, clock, logger.child({ component: 'snoozes' }), (e) =>
    audit.record({ actor: { name: 'Defender DLP Bot' }, ...e }),
  );
  const adapter = createTeamsAdapter(config.bot);
  const transport = new BotConnectorTransport(adapter, config.bot.id ?? '', logger);
  const deliverer = new Deliverer(new Pacer(clock), clock, logger, {}, metrics.teamsSend);
  const notifier = new Notifier(
    {
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
    },
    { onHandoff: metrics.correlations },
  );
  return { alerts, subscriptions, snoozes, adapter, transport, deliverer, notifier };
}
