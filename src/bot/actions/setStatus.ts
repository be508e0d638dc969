import { statusLabel, VERBS } from '../../cards';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/** Set status: new / inProgress / resolved through PATCH. */
export const setStatusAction: CardActionHandler<typeof VERBS.setStatus> = {
  verb: VERBS.setStatus,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    await ctx.services.analyst.triage(data.alertId, { status: data.status });
    return {
      card: await alertCardWith(ctx, data.alertId, {
        kind: 'info',
        text: `Status set to ${statusLabel(data.status)}.`,
      }),
      audit: { result: 'ok', detail: `status=${data.status}` },
    };
  },
};
