import { requireAlert, unknownAlert } from './args';
import { mayShowHere } from './routeScope';
import type { Command } from './types';

/** /alert <id> [tenant=<name>]: the full alert card, from the tenant that tracks the id. */
export const alertCommand: Command = {
  name: 'alert',
  usage: '/alert <alert-id> [tenant=<name>]',
  description: 'Show one correlated alert’s card.',
  async run(ctx, args) {
    const target = await requireAlert(ctx, args, this.usage);
    if (!target) return;
    const { id, scope } = target;
    const now = ctx.services.clock.now();
    // A sensitive correlation outside the sensitive route reads as unknown: its existence is sensitive too.
    const card = (await mayShowHere(ctx, id, scope)) ? await scope.alerts.card(id, now) : undefined;
    await ctx.reply(card ?? unknownAlert(id));
  },
};
