import { noticeCard } from '../../cards';
import { CardActionError } from '../../errors';
import type { TenantScope } from '../services';
import { mayActOnTenant } from '../tenantScope';
import { recordCommand } from './record';
import { tenantOfAlert } from './tenantArgs';
import type { CommandContext } from './types';

const ALERT_ID = /^[A-Za-z0-9_\-:.]{1,128}$/;
const TENANT = /^tenant=/i;

/**
 * `<id> [tenant=<name>] [rest…]` or `tenant=<name> <id> [rest…]`. `tenant=` is read only next to the
 * id, so a comment's text may say "tenant=" freely.
 */
export function splitAlertArgs(args: string): { id: string; tenant?: string; rest: string } {
  let rest = args.trim();
  const take = (): string => {
    const m = /^(\S+)\s*/.exec(rest);
    rest = rest.slice(m?.[0].length ?? 0);
    return m?.[1] ?? '';
  };
  const peekTenant = (): boolean => TENANT.test(/^\S*/.exec(rest)![0]);
  let tenant: string | undefined;
  if (peekTenant()) tenant = take().slice('tenant='.length);
  const id = take();
  if (tenant === undefined && peekTenant()) tenant = take().slice('tenant='.length);
  // The rest keeps its own spacing (a comment's line breaks).
  return { id, ...(tenant !== undefined ? { tenant } : {}), rest };
}

/**
 * The alert a command is about and its tenant (`tenant=`, the only tenant, or the tenant tracking the id),
 * or undefined after replying: the usage, an unknown or ambiguous tenant, or an id no tenant tracks.
 */
export async function requireAlert(
  ctx: CommandContext,
  args: string,
  usage: string,
): Promise<{ id: string; scope: TenantScope; rest: string } | undefined> {
  const { id, tenant, rest } = splitAlertArgs(args);
  if (!ALERT_ID.test(id)) {
    const text = id ? `"${id.slice(0, 40)}" is not an alert id.` : 'Which alert?';
    await ctx.reply(noticeCard({ kind: 'warning', title: 'Usage', text: `${text} Usage: ${usage}` }));
    return undefined;
  }
  let scope: TenantScope | undefined;
  try {
    scope = await tenantOfAlert(ctx.services, id, tenant);
  } catch (err) {
    if (!(err instanceof CardActionError)) throw err;
    await ctx.reply(noticeCard({ kind: 'warning', title: 'Which tenant?', text: err.message }));
    return undefined;
  }
  if (!scope) {
    await ctx.reply(unknownAlert(id, true));
    return undefined;
  }
  return { id, scope, rest };
}

/** The answer for an alert the bot does not track (or may not show here: the same words, on purpose). */
export function unknownAlert(id: string, anyTenant = false): Record<string, unknown> {
  return noticeCard({
    kind: 'warning',
    title: 'Unknown alert',
    text: `Alert ${id} is not a correlated alert this bot tracks${anyTenant ? ' in any tenant' : ''}. Use /alerts to list them.`,
  });
}

/**
 * An analyst limited to some tenants (TENANTS_FILE `analysts`) may act only on those: otherwise the
 * refusal is audited and explained, and nothing changes. True when the actor may go on.
 */
export async function mayActHere(ctx: CommandContext, scope: TenantScope, action: string, alertId: string) {
  if (mayActOnTenant(scope, ctx.actor)) return true;
  const allowed = ctx.services.tenants
    .list()
    .filter((t) => mayActOnTenant(t, ctx.actor))
    .map((t) => t.name);
  const reason =
    `You may not act on tenant ${scope.name}'s alerts` +
    (allowed.length ? `; you may act on: ${allowed.join(', ')}.` : '.') +
    ' Ask the operator to add you to its analysts in TENANTS_FILE.';
  await recordCommand(ctx, {
    action,
    alertId,
    tenant: scope.name,
    result: 'refused',
    detail: `tenant ${scope.name}: not allowed`,
  });
  await ctx.reply(noticeCard({ kind: 'warning', title: 'Not allowed', text: reason }));
  return false;
}
