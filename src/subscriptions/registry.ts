import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import type { AlertFilter } from './filters';
import type { ConversationRef, InstalledTeam, Subscription } from './types';
import { SUBSCRIPTION_PREFIX as SUB_PREFIX, TEAM_PREFIX } from '../records';

/** A short stable id for a conversation or team id (those contain `:`, `@`, `;`). */
export function stableId(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 24);
}

/** The base conversation of a channel thread id (`19:…@thread.tacv2;messageid=1` → `19:…@thread.tacv2`). */
export function channelConversationId(id: string): string {
  const i = id.indexOf(';messageid=');
  return i >= 0 ? id.slice(0, i) : id;
}

/**
 * Durable subscriptions and installed teams. Nothing lives only in memory: every replica reads the store,
 * so a restart or another replica sees the same channels.
 */
export class SubscriptionRegistry {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Subscribes (or re-subscribes with a new filter) the conversation of `ref`. `tenants`: the customer
   * tenants it wants (empty: every tenant); absent keeps a re-subscribed conversation's list (a new one
   * gets every tenant), like `sensitive`.
   */
  async subscribe(
    ref: ConversationRef,
    filter: AlertFilter,
    by: Subscription['createdBy'],
    o: { sensitive?: boolean; tenants?: readonly string[] } = {},
  ): Promise<Subscription> {
    const base = {
      ...ref,
      conversation: { ...ref.conversation, id: channelConversationId(ref.conversation.id) },
    };
    const id = stableId(base.conversation.id);
    const existing = (await this.store.get<Subscription>(SUB_PREFIX + id))?.value;
    const sub: Subscription = {
      id,
      ref: base,
      // Routing rules set with /route outlive a re-subscribe with new /subscribe options.
      filter: {
        ...filter,
        ...(existing?.filter.detectors ? { detectors: existing.filter.detectors } : {}),
        ...(existing?.filter.workloads ? { workloads: existing.filter.workloads } : {}),
      },
      createdBy: by,
      createdAt: new Date(this.clock.now()).toISOString(),
      ...((o.sensitive ?? existing?.sensitive) ? { sensitive: true } : {}),
      ...tenantsOf(o.tenants ?? existing?.tenants),
    };
    await this.store.put(SUB_PREFIX + sub.id, sub);
    this.logger.info({ subscription: sub.id, filter, tenants: sub.tenants ?? 'all' }, 'channel subscribed');
    return sub;
  }

  /** Changes a subscription's routing rules (`/route`); undefined when the conversation is not subscribed. */
  async setRules(
    conversationId: string,
    change: (sub: Subscription) => Pick<Subscription, 'filter' | 'sensitive'>,
  ): Promise<Subscription | undefined> {
    const key = SUB_PREFIX + stableId(channelConversationId(conversationId));
    const current = await this.store.get<Subscription>(key);
    if (!current) return undefined;
    const next: Subscription = { ...current.value, ...change(current.value) };
    if (!next.sensitive) delete next.sensitive;
    await this.store.put(key, next, { ifMatch: current.etag });
    this.logger.info(
      { subscription: next.id, filter: next.filter, sensitive: Boolean(next.sensitive) },
      'routing rules changed',
    );
    return next;
  }

  async get(conversationId: string): Promise<Subscription | undefined> {
    return (await this.store.get<Subscription>(SUB_PREFIX + stableId(channelConversationId(conversationId))))
      ?.value;
  }

  async list(): Promise<Subscription[]> {
    return (await this.store.list<Subscription>(SUB_PREFIX)).map((i) => i.value);
  }

  /** Removes a subscription; `reason` is logged (unsubscribe, 403 from Teams, uninstall, team deleted). */
  async remove(subscriptionId: string, reason: string): Promise<boolean> {
    const removed = await this.store.delete(SUB_PREFIX + subscriptionId);
    if (removed) this.logger.warn({ subscription: subscriptionId, reason }, 'subscription removed');
    return removed;
  }

  async unsubscribe(conversationId: string): Promise<boolean> {
    return this.remove(stableId(channelConversationId(conversationId)), 'unsubscribed by a user');
  }

  /** Removes every subscription of a team (uninstall, team deleted). */
  async removeTeam(teamId: string, reason: string): Promise<number> {
    let n = 0;
    for (const sub of await this.list()) {
      if (sub.ref.teamId === teamId && (await this.remove(sub.id, reason))) n++;
    }
    await this.store.delete(TEAM_PREFIX + stableId(teamId));
    return n;
  }

  async rememberTeam(team: Omit<InstalledTeam, 'installedAt'>): Promise<InstalledTeam> {
    const key = TEAM_PREFIX + stableId(team.teamId);
    const existing = await this.store.get<InstalledTeam>(key);
    const record: InstalledTeam = {
      ...team,
      installedAt: existing?.value.installedAt ?? new Date(this.clock.now()).toISOString(),
    };
    await this.store.put(key, record);
    return record;
  }

  async teams(): Promise<InstalledTeam[]> {
    return (await this.store.list<InstalledTeam>(TEAM_PREFIX)).map((i) => i.value);
  }
}

/** The stored form of a tenant list: none for every tenant. */
function tenantsOf(tenants: readonly string[] | undefined): Pick<Subscription, 'tenants'> {
  return tenants && tenants.length > 0 ? { tenants: [...tenants] } : {};
}

/** What the notifier needs of the registry: the conversations to post to, and pruning a dead one. */
export type SubscriptionSource = Pick<SubscriptionRegistry, 'list' | 'remove'>;

/** True when `sub` wants alerts of tenant `tenant` (no tenant list: every tenant). */
export function coversTenant(sub: Pick<Subscription, 'tenants'>, tenant: string): boolean {
  return !sub.tenants || sub.tenants.length === 0 || sub.tenants.includes(tenant);
}

/** The registry as one tenant's notifier sees it: only the conversations that want that tenant. */
export function tenantSubscriptions(registry: SubscriptionSource, tenant: string): SubscriptionSource {
  return {
    list: async () => (await registry.list()).filter((sub) => coversTenant(sub, tenant)),
    remove: (id, reason) => registry.remove(id, reason),
  };
}
