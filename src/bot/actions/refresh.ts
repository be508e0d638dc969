import { VERBS } from '../../cards';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/**
 * Refresh pressed (the card's Refresh button, or Teams' "Refresh card" menu item, `trigger: "manual"`):
 * re-read the alert from Graph and redraw. Automatic refreshes on view never reach a handler: the runner
 * answers them from the store (`autoRefresh.ts`).
 */
export const refreshAction: CardActionHandler<typeof VERBS.refresh> = {
  verb: VERBS.refresh,
  analystOnly: false,
  async run(ctx, data) {
    await ctx.scope.analyst.refresh(data.alertId);
    return { card: await alertCardWith(ctx, data.alertId), audit: { result: 'ok', detail: 'manual' } };
  },
};
