import { classificationLabel, VERBS } from '../../cards';
import type { CardActionHandler } from './types';

/**
 * Classify: classification (and optionally a determination that goes with it), real Graph enum values
 * only; the reason, when given, is posted as a comment naming the analyst.
 */
export const classifyAction: CardActionHandler<typeof VERBS.classify> = {
  verb: VERBS.classify,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.scope.analyst.classify(data.alertId, ctx.actor, {
      classification: data.classification,
      determination: data.determination,
      reason: data.reason,
    });
    const detail = `classification=${data.classification}${data.determination ? ` determination=${data.determination}` : ''}`;
    return {
      outcome: `classified the alert as ${classificationLabel(data.classification)}.`,
      audit: { result: 'ok', detail },
    };
  },
};
