import { noticeCard } from '../../cards';
import { channelConversationId, parseAlertFilter } from '../../subscriptions';
import type { Command } from './types';

/** The window of `/report` without `since=`: one 12-hour shift. */
export const DEFAULT_REPORT_MS = 12 * 3_600_000;

/**
 * /report [since=12h]: the shift report of this conversation (what its subscription shows: its filter, its
 * tenants, its route). Read-only and open to everyone in the conversation, like /alerts: it shows what
 * the channel's cards already show.
 */
export const reportCommand: Command = {
  name: 'report',
  usage: '/report [since=12h]',
  description: 'Shift report: correlated alerts by status and severity, response times, top users.',
  async run(ctx, args) {
    const parsed = parseAlertFilter(args, ['since']);
    if (!parsed.ok) {
      await ctx.reply(
        noticeCard({ kind: 'warning', title: 'Bad period', text: `${parsed.error}\nUsage: ${this.usage}` }),
      );
      return;
    }
    const now = ctx.services.clock.now();
    // A channel message arrives in its thread (`…;messageid=`): the audience is the channel's.
    const conversationId = channelConversationId(ctx.turn.activity.conversation?.id ?? '');
    const subscription = conversationId ? await ctx.services.subscriptions.get(conversationId) : undefined;
    const reports = ctx.services.reports;
    const card = await reports.card({
      from: now - (parsed.filter.sinceMs ?? DEFAULT_REPORT_MS),
      to: now,
      now,
      include: await reports.audienceOf(conversationId, subscription?.filter),
      conversationId,
      // The tenants this conversation's subscription covers (every tenant when it names none or has none).
      ...(subscription?.tenants ? { tenants: subscription.tenants } : {}),
    });
    await ctx.reply(card);
  },
};
