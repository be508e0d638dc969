import { createBotApp } from '../bot/app';
import { createServer } from '../bot/server';
import type { BotServices } from '../bot/services';
import { serviceReadiness, type StatusReport } from '../ops';
import type { Base, Parts } from './types';

/** The HTTP server: /api/messages, /healthz, /readyz, /status, /metrics. */
export function buildHttp(
  base: Base,
  { permissions, teams, first }: Parts,
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
    readiness: serviceReadiness({ store: storage.store, leader: storage.leader, poller: first.poller, permissions }),
  });
}
