import { classificationLabel, VERBS } from '../../cards';
import type { CardActionHandler } from './types';

/** Classify: classification (and optionally determination), real Graph enum values only. */
export const classifyAction: CardActionHandler<typeof VERBS.classify> = {
  verb: VERBS.classify,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.services.analyst.triage(data.alertId, {
      classification: data.classification,
      ...(data.determination ? { determination: data.determination } : {}),
    });
    const detail = `classification=${data.classification}${data.determination ? ` determination=${data.determination}` : ''}`;
    return {
      outcome: `classified the alert as ${classificationLabel(data.classification)}.`,
      audit: { result: 'ok', detail },
    };
  },
};
