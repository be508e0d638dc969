import { TeamsInfo } from 'botbuilder';
import { noticeCard } from '../../cards';
import { errorMessage } from '../../errors';
import { type BackfillResult } from '../../notify';
import { describeFilter, parseAlertFilter } from '../../subscriptions';
import { conversationRefOf } from '../context';
import { recordCommand } from './record';
import type { Command, CommandContext } from './types';

/** /subscribe [severity>=…] [sources=…]: this channel (or chat) receives correlated alerts. */
export const subscribeCommand: Command = {
  name: 'subscribe',
  usage: '/subscribe [severity>=medium] [sources=endpoint,office365] [sensitive]',
  description: 'Post correlated alerts here, optionally filtered.',
  analystOnly: true,
  async run(ctx, args) {
    // `sensitive` makes this conversation the sensitive route at once, before its backfill is chosen.
    const words = args.trim().split(/\s+/).filter(Boolean);
    const sensitive = words.some((w) => w.toLowerCase() === 'sensitive');
    const parsed = parseAlertFilter(words.filter((w) => w.toLowerCase() !== 'sensitive').join(' '), [
      'severity',
      'sources',
    ]);
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
    const sub = await ctx.services.subscriptions.subscribe(
      ref,
      parsed.filter,
      { name: ctx.actor.name, aadObjectId: ctx.actor.aadObjectId },
      sensitive ? { sensitive } : {},
    );
    const backfill = await ctx.services.backfill?.run(sub);
    const shown = backfill ? `; backfill: ${backfill.queued} open alert(s) queued` : '';
    await recordCommand(ctx, {
      action: '/subscribe',
      result: 'ok',
      detail: describeFilter(parsed.filter) + (sub.sensitive ? '; sensitive route' : '') + shown,
    });
    const where = ctx.scope === 'channel' ? 'this channel' : 'this chat';
    const what = sub.sensitive ? 'Sensitive correlated' : 'Correlated';
    const text = `${what} DLP ↔ Defender alerts (${describeFilter(parsed.filter)}) will be posted in ${where}. Use /unsubscribe to stop, /routes for the rules.`;
    await ctx.reply(
      noticeCard({
        kind: 'info',
        title: 'Subscribed',
        text: backfill
          ? `${text}
${backfillText(backfill)}`
          : text,
      }),
    );
  },
};

/** "3 open correlated alerts of the last 24 h follow: 2 as cards, 1 in a digest card." */
export function backfillText(b: BackfillResult): string {
  const already = b.alreadyShown ? ` (${b.alreadyShown} already shown here)` : '';
  if (b.queued === 0)
    return `No open correlated alerts of the last ${b.lookbackHours} h are left to show here${already}.`;
  const digest = b.queued - b.asCards;
  const how = digest > 0 ? `up to ${b.asCards} as cards, the rest in one digest card` : 'as cards';
  return `${b.queued} open correlated alert${b.queued === 1 ? '' : 's'} of the last ${b.lookbackHours} h follow${b.queued === 1 ? 's' : ''} ${how}${already}.`;
}

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
