import { noticeCard } from '../../cards';
import { requireAlertId } from './args';
import { mayShowHere } from './routeScope';
import type { Command } from './types';

/** /alert <id>: the full alert card. */
export const alertCommand: Command = {
  name: 'alert',
  usage: '/alert <alert-id>',
  description: 'Show one correlated alert’s card.',
  async run(ctx, args) {
    const id = await requireAlertId(ctx, args, this.usage);
    if (!id) return;
    const now = ctx.services.clock.now();
    // A sensitive correlation outside the sensitive route reads as unknown: its existence is sensitive too.
    const card = (await mayShowHere(ctx, id)) ? await ctx.services.alerts.card(id, now) : undefined;
    await ctx.reply(
      card ??
        noticeCard({
          kind: 'warning',
          title: 'Unknown alert',
          text: `Alert ${id} is not a correlated alert this bot tracks. Use /alerts to list them.`,
        }),
    );
  },
};
