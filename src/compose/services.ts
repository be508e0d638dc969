import { AccessPolicy, SnoozeService } from '../analyst';
import { ActorDirectory } from '../bot/actors';
import { RosterCache } from '../bot/rosterCache';
import type { BotServices, TenantDirectory, TenantScope } from '../bot/services';
import { MeteredAuditLog, type StatusReport } from '../ops';
import { ReportService } from '../report';
import { routeAlert, routeRulesOf } from '../subscriptions';
import type { TenantFleet } from './fleet';
import { multiTenant, type TenantParts } from './tenant';
import type { Base, Parts } from './types';

/** Everything the Teams handlers may call. */
export function buildServices(
  { config, clock, logger, metrics, storage }: Base,
  { guarded, teams, fleet, first }: Parts,
  status: () => Promise<StatusReport>,
): BotServices {
  const routing = { insiderRiskCards: config.notify.insiderRiskCards };
  return {
    logger,
    clock,
    localMode: config.bot.localMode,
    subscriptions: teams.subscriptions,
    tenants: tenantDirectory(fleet, multiTenant(config)),
    alerts: first.alerts,
    analyst: first.analyst,
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
    reports: new ReportService({
      // The audit log is global; each tenant's alerts are read through its own view of the store.
      store: storage.store,
      tenants: () =>
        fleet.list().map((p) => ({
          name: p.spec.name,
          displayName: p.spec.displayName ?? p.spec.name,
          store: p.store,
        })),
      showTenants: multiTenant(config),
      timeZone: config.report.timeZone,
      // The sensitive route holds in reports too: what a conversation's cards may not show, its report
      // omits, judged by the alert's own tenant (its sensitive DLP policies).
      routing: async (conversationId, tenant) => {
        const sub = conversationId ? await teams.subscriptions.get(conversationId) : undefined;
        const alerts = fleet.get(tenant)?.alerts;
        return async (a) =>
          alerts !== undefined && routeAlert(routeRulesOf(sub), await alerts.routable(a), routing).show;
      },
    }),
    backfill: first.backfill,
    routing,
    snoozes: new SnoozeService({
      book: teams.snoozes,
      subscriptions: teams.subscriptions,
      clock,
    }),
    status,
  };
}

/** The handlers' view of the fleet: always the current tenant list (TENANTS_FILE may change). */
function tenantDirectory(fleet: TenantFleet, multiTenant: boolean): TenantDirectory {
  const scope = (p: TenantParts): TenantScope => ({
    name: p.spec.name,
    displayName: p.spec.displayName ?? p.spec.name,
    tenantId: p.spec.tenantId,
    alerts: p.alerts,
    analyst: p.analyst,
    backfill: p.backfill,
    analysts: p.spec.analysts,
  });
  return {
    multiTenant,
    list: () => fleet.list().map(scope),
    get: (name) => {
      const p = fleet.get(name);
      return p && scope(p);
    },
  };
}
