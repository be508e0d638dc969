import { statusLabel, VERBS } from '../../cards';
import type { CardActionHandler } from './types';

/** Set status: new / inProgress / resolved through PATCH. */
export const setStatusAction: CardActionHandler<typeof VERBS.setStatus> = {
  verb: VERBS.setStatus,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.scope.analyst.triage(data.alertId, { status: data.status });
    return {
      outcome: `set the status to ${statusLabel(data.status)}.`,
      audit: { result: 'ok', detail: `status=${data.status}` },
    };
  },
};
