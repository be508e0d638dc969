import { TeamsInfo } from 'botbuilder';
import { noticeCard } from '../../cards';
import { errorMessage } from '../../errors';
import { describeFilter, parseAlertFilter } from '../../notify';
import { conversationRefOf } from '../context';
import { recordCommand } from './record';
import type { Command, CommandContext } from './types';

/** /subscribe [severity>=…] [sources=…]: this channel (or chat) receives correlated alerts. */
export const subscribeCommand: Command = {
  name: 'subscribe',
  usage: '/subscribe [severity>=medium] [sources=endpoint,office365]',
  description: 'Post correlated alerts here, optionally filtered.',
  analystOnly: true,
  async run(ctx, args) {
    const parsed = parseAlertFilter(args, ['severity', 'sources']);
    if (!parsed.ok) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Not subscribed',
          text: `${parsed.error}\nUsage: ${this.usage}`,
        }),
      );
      return;
    }
    const ref = conversationRefOf(ctx.turn.activity);
    if (ctx.scope === 'channel' && !ref.aadGroupId) ref.aadGroupId = await teamGroupId(ctx);
    await ctx.services.subscriptions.subscribe(ref, parsed.filter, {
      name: ctx.actor.name,
      aadObjectId: ctx.actor.aadObjectId,
    });
    await recordCommand(ctx, { action: '/subscribe', result: 'ok', detail: describeFilter(parsed.filter) });
    const where = ctx.scope === 'channel' ? 'this channel' : 'this chat';
    await ctx.reply(
      noticeCard({
        kind: 'info',
        title: 'Subscribed',
        text: `Correlated DLP ↔ Defender alerts (${describeFilter(parsed.filter)}) will be posted in ${where}. Use /unsubscribe to stop.`,
      }),
    );
  },
};

/**
 * The team's Entra group id (Graph's team id), which Teams does not put in every message: asked of the
 * Bot Connector. Without it the notifier cannot read its own posts back to recover an interrupted send.
 */
async function teamGroupId(ctx: CommandContext): Promise<string | undefined> {
  try {
    return (await TeamsInfo.getTeamDetails(ctx.turn)).aadGroupId || undefined;
  } catch (err) {
    ctx.logger.warn(
      { err: errorMessage(err) },
      'could not read the team details (card recovery will be off here)',
    );
    return undefined;
  }
}
