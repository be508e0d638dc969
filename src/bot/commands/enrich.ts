import { noticeCard } from '../../cards';
import { mayActHere, requireAlert } from './args';
import { recordCommand } from './record';
import { tenantSuffix } from './tenantArgs';
import type { Command } from './types';

/** /enrich <id> [tenant=<name>]: the Enrich card action, from the keyboard. */
export const enrichCommand: Command = {
  name: 'enrich',
  usage: '/enrich <alert-id> [tenant=<name>]',
  description: 'Comment the DLP context on the Defender alert.',
  analystOnly: true,
  async run(ctx, args) {
    const target = await requireAlert(ctx, args, this.usage);
    if (!target) return;
    const { id, scope } = target;
    if (!(await mayActHere(ctx, scope, '/enrich', id))) return;
    const outcome = await scope.analyst.enrich(id, ctx.actor);
    const where = tenantSuffix(ctx, scope.name);
    const text =
      outcome.status === 'commented'
        ? `Enrichment comment added to alert ${id}${where} (${outcome.dlpAlertIds.length} DLP alert(s)).`
        : `Nothing to add to alert ${id}${where}: ${outcome.reason}`;
    await recordCommand(ctx, {
      action: '/enrich',
      alertId: id,
      tenant: scope.name,
      result: outcome.status === 'commented' ? 'ok' : 'unchanged',
      detail:
        (outcome.status === 'commented'
          ? `commented ${outcome.dlpAlertIds.length} DLP alert(s)`
          : outcome.reason) + (where ? `;${where}` : ''),
    });
    await ctx.reply(noticeCard({ kind: 'info', title: 'Enrich', text }));
  },
};
