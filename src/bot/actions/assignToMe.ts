import { VERBS } from '../../cards';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/** Assign to me: assignedTo = the analyst's UPN. */
export const assignToMeAction: CardActionHandler<typeof VERBS.assignToMe> = {
  verb: VERBS.assignToMe,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    const updated = await ctx.services.analyst.assignToMe(data.alertId, ctx.actor);
    return {
      card: await alertCardWith(ctx, data.alertId, {
        kind: 'info',
        text: `Assigned to ${updated.assignedTo ?? ctx.actor.name}.`,
      }),
      audit: { result: 'ok', detail: `assignedTo=${updated.assignedTo ?? ''}` },
    };
  },
};
