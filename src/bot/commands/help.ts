import { helpCard } from '../../cards';
import type { Command } from './types';

/** /help: every command with its syntax. */
export const helpCommand: Command = {
  name: 'help',
  usage: '/help',
  description: 'Show the commands.',
  async run(ctx) {
    await ctx.reply(helpCard({ botName: ctx.turn.activity.recipient?.name || null }));
  },
};
