import { noticeCard } from '../../cards';
import { parseAlertFilter } from '../../subscriptions';
import { routeScope } from './routeScope';
import type { Command } from './types';

/** /alerts [severity>=…] [status=…] [since=24h]: the latest correlated alerts. */
export const alertsCommand: Command = {
  name: 'alerts',
  usage: '/alerts [severity>=medium] [status=new] [since=24h]',
  description: 'List the latest correlated alerts.',
  async run(ctx, args) {
    const now = ctx.services.clock.now();
    const parsed = parseAlertFilter(args, ['severity', 'status', 'since', 'sources']);
    if (!parsed.ok) {
      await ctx.reply(
        noticeCard({ kind: 'warning', title: 'Bad filter', text: `${parsed.error}\nUsage: ${this.usage}` }),
      );
      return;
    }
    await ctx.reply(await ctx.services.alerts.listCard(parsed.filter, now, 15, await routeScope(ctx)));
  },
};
