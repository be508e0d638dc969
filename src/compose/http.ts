import { createBotApp } from '../bot/app';
import { createServer } from '../bot/server';
import type { BotServices } from '../bot/services';
import { serviceReadiness, type StatusReport } from '../ops';
import type { TenantFleet } from './fleet';
import { multiTenant } from './tenant';
import type { Base, Parts } from './types';

/** The HTTP server: /api/messages, /healthz, /readyz, /status, /metrics. */
export function buildHttp(
  base: Base,
  { permissions, teams, first, fleet }: Parts,
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
    readiness: multiTenant(config)
      ? serviceReadiness({
          store: storage.store,
          // Every replica polls its share: readiness looks at the tenants polled here, not leadership.
          leader: { isLeader: () => fleet.held().length > 0 },
          poller: { status: () => ({ ...first.poller.status(), lastError: everyHeldFailed(fleet) }) },
          permissions: { allows: () => true },
        })
      : serviceReadiness({ store: storage.store, leader: storage.leader, poller: first.poller, permissions }),
  });
}

/**
 * With several tenants one tenant's failing polls are that tenant's (a revoked consent, a missing
 * permission: shown in /status and /tenants), never a reason to take the replica out of rotation. Only
 * when every tenant polled here failed its last poll for a reason other than permissions is something
 * wrong with this replica (its network, its clock, its identity).
 */
function everyHeldFailed(fleet: TenantFleet): string | null {
  const held = fleet
    .held()
    .map((name) => fleet.get(name))
    .filter((t) => t !== undefined);
  if (held.length < 2) return null;
  const errors = held.map((t) => (t.permissions.allows('listAlerts') ? t.poller.status().lastError : null));
  return errors.every((e) => e) ? `the last poll of every tenant polled here failed: ${errors[0]}` : null;
}
