import { auditCard, noticeCard } from '../../cards';
import { firstWord } from './parse';
import { conversationTenants, takeOption } from './tenantArgs';
import type { Command } from './types';

/**
 * /audit [alert-id] [tenant=<name>]: recent analyst actions (analysts only). With several tenants, the
 * actions on alerts of the tenants this conversation covers (or the one named), each with its tenant:
 * a customer's channel does not see what was done on another customer's alerts. Entries that name no
 * tenant (subscriptions, routes, and actions recorded before entries named one) are listed everywhere.
 */
export const auditCommand: Command = {
  name: 'audit',
  usage: '/audit [alert-id] [tenant=<name>]',
  description: 'Show recent analyst actions.',
  analystOnly: true,
  async run(ctx, args) {
    const option = takeOption(args, 'tenant');
    if ('error' in option) {
      await ctx.reply(
        noticeCard({ kind: 'warning', title: 'Usage', text: `${option.error} Usage: ${this.usage}` }),
      );
      return;
    }
    const alertId = firstWord(option.rest).word || undefined;
    const multiTenant = ctx.services.tenants.multiTenant;
    const covered = multiTenant
      ? new Set((await conversationTenants(ctx, option.value)).map((t) => t.name))
      : undefined;
    const entries = await ctx.services.audit.recent(
      alertId,
      20,
      covered ? (e) => e.tenant === undefined || covered.has(e.tenant) : undefined,
    );
    const RESULT = { ok: 'ok', unchanged: 'ok', refused: 'denied', failed: 'error' } as const;
    const views = entries.map((e) => ({
      at: e.at,
      actor: e.actor.upn ? `${e.actor.name} (${e.actor.upn})` : e.actor.name,
      action: e.action,
      alertId: e.alertId ?? null,
      tenant: multiTenant ? (e.tenant ?? null) : null,
      result: RESULT[e.result],
      detail: e.detail ?? null,
    }));
    await ctx.reply(auditCard({ entries: views, alertId: alertId ?? null }, ctx.services.clock.now()));
  },
};
