import { VERBS } from '../../cards';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/** Enrich: one comment on the Defender alert with its DLP context, naming the analyst. Idempotent. */
export const enrichAction: CardActionHandler<typeof VERBS.enrich> = {
  verb: VERBS.enrich,
  analystOnly: true,
  feature: 'actions',
  working: (ctx, data) =>
    alertCardWith(ctx, data.alertId, { kind: 'info', text: 'Enriching: gathering the DLP context…' }),
  async run(ctx, data) {
    const outcome = await ctx.scope.analyst.enrich(data.alertId, ctx.actor);
    if (outcome.status === 'unchanged') {
      return {
        card: await alertCardWith(ctx, data.alertId, {
          kind: 'info',
          text: `Already enriched. ${outcome.reason}`,
        }),
        audit: { result: 'unchanged', detail: outcome.reason },
      };
    }
    const n = outcome.dlpAlertIds.length;
    return {
      outcome: `added the DLP context to the Defender alert as a comment (${n} DLP alert${n === 1 ? '' : 's'}).`,
      audit: { result: 'ok', detail: `commented ${n} DLP alert(s)` },
    };
  },
};
