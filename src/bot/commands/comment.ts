import { MAX_COMMENT_LENGTH, noticeCard, parseCardAction, VERBS } from '../../cards';
import { mayActHere, requireAlert, splitAlertArgs } from './args';
import { recordCommand } from './record';
import { tenantSuffix } from './tenantArgs';
import type { Command } from './types';

/** /comment <id> [tenant=<name>] <text>: a comment on the Defender alert, attributed to the analyst. */
export const commentCommand: Command = {
  name: 'comment',
  usage: '/comment <alert-id> [tenant=<name>] <text>',
  description: `Add a comment (up to ${MAX_COMMENT_LENGTH} characters) to the Defender alert.`,
  analystOnly: true,
  async run(ctx, args) {
    const { id, rest } = splitAlertArgs(args);
    // Same validation as the card's comment action: one rule for both ways in, before any tenant look-up.
    const parsed = parseCardAction(VERBS.comment, { alertId: id, commentText: rest, cardVersion: 0 });
    if (!parsed.ok || parsed.action.verb !== VERBS.comment) {
      const error = parsed.ok ? '' : parsed.error;
      await ctx.reply(noticeCard({ kind: 'warning', title: 'Usage', text: `${error} Usage: ${this.usage}` }));
      return;
    }
    const target = await requireAlert(ctx, args, this.usage);
    if (!target) return;
    const { scope } = target;
    const { alertId, commentText } = parsed.action;
    if (!(await mayActHere(ctx, scope, '/comment', alertId))) return;
    await scope.analyst.comment(alertId, ctx.actor, commentText);
    const where = tenantSuffix(ctx, scope.name);
    await recordCommand(ctx, {
      action: '/comment',
      alertId,
      tenant: scope.name,
      result: 'ok',
      detail: `${commentText.length} characters${where ? `;${where}` : ''}`,
    });
    await ctx.reply(
      noticeCard({
        kind: 'info',
        title: 'Comment added',
        text: `Your comment was added to alert ${alertId}${where}.`,
      }),
    );
  },
};
