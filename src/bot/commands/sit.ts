import { noticeCard } from '../../cards';
import { sitCardFor } from '../sitView';
import { requireAlert } from './args';
import { tenantSuffix } from './tenantArgs';
import type { Command } from './types';

/** /sit <id> [tenant=<name>]: the sensitive info types of the alert's correlated DLP events. */
export const sitCommand: Command = {
  name: 'sit',
  usage: '/sit <alert-id> [tenant=<name>]',
  description: 'Show the sensitive info types (types, counts, confidence).',
  async run(ctx, args) {
    const target = await requireAlert(ctx, args, this.usage);
    if (!target) return;
    const { id, scope } = target;
    // Hunting runs in the alert's tenant, with that tenant's consent.
    const unavailable = scope.alerts.featureReason('sit');
    if (unavailable) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Unavailable',
          text: `Sensitive info types are unavailable${tenantSuffix(ctx, scope.name)}: ${unavailable}.`,
        }),
      );
      return;
    }
    await ctx.reply(sitCardFor(await scope.analyst.sensitiveInfo(id)));
  },
};
