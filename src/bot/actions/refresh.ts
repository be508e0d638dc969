import { VERBS } from '../../cards';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/**
 * Refresh pressed (the card's Refresh, or Teams' "Refresh card" menu): re-read the alert from Graph and
 * redraw. Automatic refreshes on view never reach here: the runner answers them from the store
 * (`autoRefresh.ts`); the check below only keeps a forged one from reaching Graph.
 */
export const refreshAction: CardActionHandler<typeof VERBS.refresh> = {
  verb: VERBS.refresh,
  analystOnly: false,
  async run(ctx, data) {
    const automatic = (ctx.turn.activity.value as { trigger?: string } | undefined)?.trigger === 'automatic';
    if (!automatic) await ctx.services.analyst.refresh(data.alertId);
    return {
      card: await alertCardWith(ctx, data.alertId),
      audit: { result: 'ok', detail: automatic ? 'automatic' : 'manual' },
    };
  },
};
