import { noticeCard } from '../../cards';
import { recordCommand } from './record';
import type { Command } from './types';

/** /unsubscribe: stop posting here. */
export const unsubscribeCommand: Command = {
  name: 'unsubscribe',
  usage: '/unsubscribe',
  description: 'Stop posting alerts here.',
  analystOnly: true,
  async run(ctx) {
    const removed = await ctx.services.subscriptions.unsubscribe(ctx.turn.activity.conversation.id);
    await recordCommand(ctx, { action: '/unsubscribe', result: removed ? 'ok' : 'unchanged' });
    const text = removed ? 'Alerts will no longer be posted here.' : 'This conversation was not subscribed.';
    await ctx.reply(noticeCard({ kind: 'info', title: 'Unsubscribed', text }));
  },
};
