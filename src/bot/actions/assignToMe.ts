import { VERBS } from '../../cards';
import type { CardActionHandler } from './types';

/** Assign to me: assignedTo = the analyst's UPN. */
export const assignToMeAction: CardActionHandler<typeof VERBS.assignToMe> = {
  verb: VERBS.assignToMe,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    const updated = await ctx.scope.analyst.assignToMe(data.alertId, ctx.actor);
    return {
      outcome: `assigned the alert to ${updated.assignedTo ?? 'themselves'}.`,
      audit: { result: 'ok', detail: `assignedTo=${updated.assignedTo ?? ''}` },
    };
  },
};
