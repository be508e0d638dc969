import { noticeCard } from '../../cards';
import { sitCardFor } from '../sitView';
import { requireAlertId } from './args';
import type { Command } from './types';

/** /sit <id>: the sensitive info types of the alert's correlated DLP events. */
export const sitCommand: Command = {
  name: 'sit',
  usage: '/sit <alert-id>',
  description: 'Show the sensitive info types (types, counts, confidence).',
  async run(ctx, args) {
    const id = await requireAlertId(ctx, args, this.usage);
    if (!id) return;
    const unavailable = ctx.services.alerts.featureReason('sit');
    if (unavailable) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Unavailable',
          text: `Sensitive info types are unavailable: ${unavailable}.`,
        }),
      );
      return;
    }
    await ctx.reply(sitCardFor(await ctx.services.analyst.sensitiveInfo(id)));
  },
};
