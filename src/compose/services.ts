import { AccessPolicy, AnalystService, SnoozeService } from '../analyst';
import { sensitiveInfoTarget } from '../analyst/targets';
import { ActorDirectory } from '../bot/actors';
import { RosterCache } from '../bot/rosterCache';
import type { BotServices } from '../bot/services';
import { fetchSensitiveInfo } from '../graph';
import { Backfill } from '../notify';
import { MeteredAuditLog, type StatusReport } from '../ops';
import { ReportService } from '../report';
import { routeAlert, routeRulesOf } from '../subscriptions';
import type { Base, Parts } from './types';

/** Everything the Teams handlers may call. */
export function buildServices(
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
    reports: new ReportService({
      store: storage.store,
      timeZone: config.report.timeZone,
      // The sensitive route holds in reports too: what a conversation's cards may not show, its report omits.
      routing: async (conversationId) => {
        const sub = conversationId ? await teams.subscriptions.get(conversationId) : undefined;
        const policy = { insiderRiskCards: config.notify.insiderRiskCards };
        return async (a) => routeAlert(routeRulesOf(sub), await teams.alerts.routable(a), policy).show;
      },
    }),
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
                routeAlert(routeRulesOf(sub), await teams.alerts.routable(alert), policy).show
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
