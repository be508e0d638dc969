import { VERBS } from '../../cards';
import { describeSnooze } from '../../analyst';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/**
 * Snooze this user / this detector, in this conversation only. Changes what the bot posts here, so only
 * analysts; the answer goes to the clicking analyst alone (the alert itself did not change).
 */
export const snoozeAction: CardActionHandler<typeof VERBS.snooze> = {
  verb: VERBS.snooze,
  analystOnly: true,
  async run(ctx, data) {
    const snooze = await ctx.services.snoozes.snooze(
      ctx.turn.activity.conversation.id,
      {
        alertId: data.alertId,
        target: data.snoozeTarget,
        duration: data.snoozeFor,
        untilDate: data.snoozeUntil,
        highBreaksThrough: data.snoozeHigh === 'true',
      },
      ctx.actor,
      ctx.scope.alerts,
    );
    const text = `Snoozed ${describeSnooze(snooze)} in this conversation. New alerts are summarised when it ends; /snoozes lists and lifts it.`;
    return {
      card: await alertCardWith(ctx, data.alertId, { kind: 'info', text }),
      audit: { result: 'ok', detail: `snooze ${describeSnooze(snooze)}` },
    };
  },
};
