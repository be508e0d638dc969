import { VERBS } from '../../cards';
import type { CardActionHandler } from './types';

/** Comment: the text typed on the card, attributed to the analyst, posted to the Defender alert. */
export const commentAction: CardActionHandler<typeof VERBS.comment> = {
  verb: VERBS.comment,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.scope.analyst.comment(data.alertId, ctx.actor, data.commentText);
    return {
      outcome: 'added a comment to the Defender alert.',
      audit: { result: 'ok', detail: `${data.commentText.length} characters` },
    };
  },
};
