import { AuditLog } from '../analyst';
import { createTeamsAdapter } from '../bot/adapter';
import { BotConnectorTransport } from '../bot/transport';
import { alertIdOfCard } from '../cards';
import type { GraphSecurityClient } from '../graph';
import { Deliverer, DigestBook, GraphCardFinder, Pacer, SnoozeBook } from '../notify';
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

/**
 * The Teams side every tenant shares: adapter, transport, ONE deliverer (its pacer keeps the
 * per-conversation rate exact whatever the number of tenants), the subscriptions, snoozes, the audit log
 * and the per-channel digest book. `home` is the Graph client of the provider's own tenant (where Teams,
 * the roster and the analysts are): it reads a conversation back to recover an interrupted card post.
 */
export function buildTeams({ config, clock, logger, metrics, storage }: Base, home: GraphSecurityClient) {
  const { store } = storage;
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const workloadRules = new WorkloadRuleCheck(subscriptions, clock);
  const audit = new AuditLog(store, clock);
  const snoozes = new SnoozeBook(store, clock, logger.child({ component: 'snoozes' }), (e) =>
    audit.record({ actor: { name: 'Defender DLP Bot' }, ...e }),
  );
  const adapter = createTeamsAdapter(config.bot);
  const transport = new BotConnectorTransport(adapter, config.bot.id ?? '', logger);
  const deliverer = new Deliverer(new Pacer(clock), clock, logger, {}, metrics.teamsSend);
  const digests = new DigestBook(
    store,
    config.notify.maxNewCardsPerMinute,
    () => clock.now(),
    config.notify.backlogDigestAgeMs,
  );
  const finder = new GraphCardFinder({ messages: home, botAppId: config.bot.id, cardAlertId: alertIdOfCard });
  return { subscriptions, workloadRules, audit, snoozes, adapter, transport, deliverer, digests, finder };
}

export type TeamsParts = ReturnType<typeof buildTeams>;
