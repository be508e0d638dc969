import { TeamsInfo } from 'botbuilder';
import { noticeCard } from '../../cards';
import { errorMessage } from '../../errors';
import { type BackfillResult } from '../../notify';
import {
  coversTenant,
  describeFilter,
  parseAlertFilter,
  type AlertFilter,
  type Subscription,
} from '../../subscriptions';
import { conversationRefOf } from '../context';
import type { TenantDirectory } from '../services';
import { recordCommand } from './record';
import { describeTenants, parseTenantList, takeOption } from './tenantArgs';
import type { Command, CommandContext } from './types';

/**
 * /subscribe [severity>=…] [sources=…] [sensitive] [tenants=a,b]: this channel (or chat) receives
 * correlated alerts of the named tenants (default all).
 */
export const subscribeCommand: Command = {
  name: 'subscribe',
  usage: '/subscribe [severity>=medium] [sources=endpoint,office365] [sensitive] [tenants=contoso,fabrikam]',
  description: 'Post correlated alerts here, optionally filtered.',
  analystOnly: true,
  async run(ctx, args) {
    const parsed = parseSubscribeArgs(args, ctx.services.tenants);
    if (!parsed.ok) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Not subscribed',
          text: `${parsed.error}\nUsage: ${this.usage}`,
        }),
      );
      return;
    }
    const { filter, sensitive, tenants } = parsed;
    const ref = conversationRefOf(ctx.turn.activity);
    if (ctx.scope === 'channel' && !ref.aadGroupId) ref.aadGroupId = await teamGroupId(ctx);
    const sub = await ctx.services.subscriptions.subscribe(
      ref,
      filter,
      { name: ctx.actor.name, aadObjectId: ctx.actor.aadObjectId },
      { ...(sensitive ? { sensitive } : {}), tenants },
    );
    const backfill = await backfillAcross(ctx, sub);
    const multi = ctx.services.tenants.multiTenant;
    const which = multi ? `; tenants: ${describeTenants(sub.tenants, ctx.services.tenants)}` : '';
    const shown = backfill ? `; backfill: ${backfill.queued} open alert(s) queued` : '';
    await recordCommand(ctx, {
      action: '/subscribe',
      result: 'ok',
      detail: describeFilter(filter) + (sub.sensitive ? '; sensitive route' : '') + which + shown,
    });
    const where = ctx.scope === 'channel' ? 'this channel' : 'this chat';
    const what = sub.sensitive ? 'Sensitive correlated' : 'Correlated';
    const of = multi ? ` of ${describeTenants(sub.tenants, ctx.services.tenants)}` : '';
    const text = `${what} DLP ↔ Defender alerts${of} (${describeFilter(filter)}) will be posted in ${where}. Use /unsubscribe to stop, /routes for the rules.`;
    await ctx.reply(
      noticeCard({
        kind: 'info',
        title: 'Subscribed',
        text: backfill ? `${text}\n${backfillText(backfill)}` : text,
      }),
    );
  },
};

/** The words of /subscribe: the filter, `sensitive`, and `tenants=` checked against the directory. */
export function parseSubscribeArgs(
  args: string,
  directory: Pick<TenantDirectory, 'list'>,
): { ok: true; filter: AlertFilter; sensitive: boolean; tenants?: string[] } | { ok: false; error: string } {
  const option = takeOption(args, 'tenants');
  if ('error' in option) return { ok: false, error: option.error };
  const tenants = parseTenantList(option.value, directory);
  if (!tenants.ok) return tenants;
  // `sensitive` makes this conversation the sensitive route at once, before its backfill is chosen.
  const words = option.rest.split(/\s+/).filter(Boolean);
  const sensitive = words.some((w) => w.toLowerCase() === 'sensitive');
  const parsed = parseAlertFilter(words.filter((w) => w.toLowerCase() !== 'sensitive').join(' '), [
    'severity',
    'sources',
  ]);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    filter: parsed.filter,
    sensitive,
    ...(tenants.tenants ? { tenants: tenants.tenants } : {}),
  };
}

/**
 * The open work of every tenant the subscription covers, each from its own tenant's backfill (its own
 * store and routing), added up. Undefined when backfill is off (SUBSCRIBE_BACKFILL_HOURS=0).
 */
async function backfillAcross(ctx: CommandContext, sub: Subscription): Promise<BackfillResult | undefined> {
  const results: BackfillResult[] = [];
  for (const t of ctx.services.tenants.list()) {
    if (t.backfill && coversTenant(sub, t.name)) results.push(await t.backfill.run(sub));
  }
  if (results.length === 0) return undefined;
  const sum = (k: 'queued' | 'alreadyShown' | 'asCards') => results.reduce((n, r) => n + r[k], 0);
  // The per-minute card limit is the conversation's, not a tenant's: a tenant that hit it shows it.
  const cap = results.find((r) => r.asCards < r.queued)?.asCards;
  return {
    queued: sum('queued'),
    alreadyShown: sum('alreadyShown'),
    lookbackHours: results[0]!.lookbackHours,
    asCards: Math.min(sum('asCards'), cap ?? Infinity),
  };
}

/** "3 open correlated alerts of the last 24 h follow: 2 as cards, 1 in a digest card." */
export function backfillText(b: BackfillResult): string {
  const already = b.alreadyShown ? ` (${b.alreadyShown} already shown here)` : '';
  if (b.queued === 0)
    return `No open correlated alerts of the last ${b.lookbackHours} h are left to show here${already}.`;
  const digest = b.queued - b.asCards;
  const how = digest > 0 ? `up to ${b.asCards} as cards, the rest in one digest card` : 'as cards';
  return `${b.queued} open correlated alert${b.queued === 1 ? '' : 's'} of the last ${b.lookbackHours} h follow${b.queued === 1 ? 's' : ''} ${how}${already}.`;
}

/**
 * The team's Entra group id (Graph's team id), which Teams does not put in every message: asked of the
 * Bot Connector. Without it the notifier cannot read its own posts back to recover an interrupted send.
 */
async function teamGroupId(ctx: CommandContext): Promise<string | undefined> {
  try {
    return (await TeamsInfo.getTeamDetails(ctx.turn)).aadGroupId || undefined;
  } catch (err) {
    ctx.logger.warn(
      { err: errorMessage(err) },
      'could not read the team details (card recovery will be off here)',
    );
    return undefined;
  }
}
