import { classificationLabel, VERBS } from '../../cards';
import type { CardActionHandler } from './types';

/**
 * Resolve: one form (classification, a determination that goes with it, a short reason); one PATCH
 * (status resolved + the pair), then the reason as a comment naming the analyst. The card collapses.
 */
export const resolveAction: CardActionHandler<typeof VERBS.resolve> = {
  verb: VERBS.resolve,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.scope.analyst.resolve(data.alertId, ctx.actor, {
      classification: data.classification,
      determination: data.determination,
      reason: data.reason,
    });
    return {
      outcome: `resolved the alert as ${classificationLabel(data.classification)}.`,
      audit: {
        result: 'ok',
        detail: `status=resolved classification=${data.classification} determination=${data.determination ?? ''}`,
      },
    };
  },
};
