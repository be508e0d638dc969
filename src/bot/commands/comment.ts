import { MAX_COMMENT_LENGTH, noticeCard, parseCardAction, VERBS } from '../../cards';
import { firstWord } from './parse';
import { recordCommand } from './record';
import type { Command } from './types';

/** /comment <id> <text>: a comment on the Defender alert, attributed to the analyst. */
export const commentCommand: Command = {
  name: 'comment',
  usage: '/comment <alert-id> <text>',
  description: `Add a comment (up to ${MAX_COMMENT_LENGTH} characters) to the Defender alert.`,
  analystOnly: true,
  async run(ctx, args) {
    const { word, rest } = firstWord(args);
    // Same validation as the card's comment action: one rule for both ways in.
    const parsed = parseCardAction(VERBS.comment, { alertId: word, commentText: rest, cardVersion: 0 });
    if (!parsed.ok || parsed.action.verb !== VERBS.comment) {
      const error = parsed.ok ? '' : parsed.error;
      await ctx.reply(noticeCard({ kind: 'warning', title: 'Usage', text: `${error} Usage: ${this.usage}` }));
      return;
    }
    await ctx.services.analyst.comment(parsed.action.alertId, ctx.actor, parsed.action.commentText);
    await recordCommand(ctx, {
      action: '/comment',
      alertId: parsed.action.alertId,
      result: 'ok',
      detail: `${parsed.action.commentText.length} characters`,
    });
    await ctx.reply(
      noticeCard({
        kind: 'info',
        title: 'Comment added',
        text: `Your comment was added to alert ${parsed.action.alertId}.`,
      }),
    );
  },
};
