import { auditCard } from '../../cards';
import { firstWord } from './parse';
import type { Command } from './types';

/** /audit [alert-id]: recent analyst actions (analysts only). */
export const auditCommand: Command = {
  name: 'audit',
  usage: '/audit [alert-id]',
  description: 'Show recent analyst actions.',
  analystOnly: true,
  async run(ctx, args) {
    const alertId = firstWord(args).word || undefined;
    const entries = await ctx.services.audit.recent(alertId, 20);
    const RESULT = { ok: 'ok', unchanged: 'ok', refused: 'denied', failed: 'error' } as const;
    const views = entries.map((e) => ({
      at: e.at,
      actor: e.actor.upn ? `${e.actor.name} (${e.actor.upn})` : e.actor.name,
      action: e.action,
      alertId: e.alertId ?? null,
      result: RESULT[e.result],
      detail: e.detail ?? null,
    }));
    await ctx.reply(auditCard({ entries: views, alertId: alertId ?? null }, ctx.services.clock.now()));
  },
};
