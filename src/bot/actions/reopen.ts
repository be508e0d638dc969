import { statusLabel, VERBS } from '../../cards';
import { REOPEN_STATUS } from '../../analyst';
import type { CardActionHandler } from './types';

/** Reopen: a resolved alert goes back to In progress; the card shows its actions again. */
export const reopenAction: CardActionHandler<typeof VERBS.reopen> = {
  verb: VERBS.reopen,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.scope.analyst.reopen(data.alertId);
    return {
      outcome: `reopened the alert (${statusLabel(REOPEN_STATUS)}).`,
      audit: { result: 'ok', detail: `status=${REOPEN_STATUS}` },
    };
  },
};
