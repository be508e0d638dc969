import { statusCard } from '../../cards';
import { statusCardView } from '../../ops/status';
import type { Command } from './types';

/** /status: health, poller, store, leader, permissions, certificate. */
export const statusCommand: Command = {
  name: 'status',
  usage: '/status',
  description: 'Show the bot’s health.',
  async run(ctx) {
    const report = await ctx.services.status();
    await ctx.reply(statusCard(statusCardView(report), ctx.services.clock.now()));
  },
};
