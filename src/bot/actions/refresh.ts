import { VERBS } from '../../cards';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/** Refresh: re-read the alert from Graph and redraw. Teams' automatic refresh on view only redraws. */
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
