import { noticeCard } from '../../cards';
import { requireAlertId } from './args';
import { recordCommand } from './record';
import type { Command } from './types';

/** /enrich <id>: the Enrich card action, from the keyboard. */
export const enrichCommand: Command = {
  name: 'enrich',
  usage: '/enrich <alert-id>',
  description: 'Comment the DLP context on the Defender alert.',
  analystOnly: true,
  async run(ctx, args) {
    const id = await requireAlertId(ctx, args, this.usage);
    if (!id) return;
    const outcome = await ctx.services.analyst.enrich(id, ctx.actor);
    const text =
      outcome.status === 'commented'
        ? `Enrichment comment added to alert ${id} (${outcome.dlpAlertIds.length} DLP alert(s)).`
        : `Nothing to add to alert ${id}: ${outcome.reason}`;
    await recordCommand(ctx, {
      action: '/enrich',
      alertId: id,
      result: outcome.status === 'commented' ? 'ok' : 'unchanged',
      detail:
        outcome.status === 'commented'
          ? `commented ${outcome.dlpAlertIds.length} DLP alert(s)`
          : outcome.reason,
    });
    await ctx.reply(noticeCard({ kind: 'info', title: 'Enrich', text }));
  },
};
