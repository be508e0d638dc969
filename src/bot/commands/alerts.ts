import { toListItem } from '../../alerts';
import { alertListCard, noticeCard, type AlertListItemView } from '../../cards';
import { CardActionError } from '../../errors';
import { describeFilter, parseAlertFilter, routeAlert, type AlertFilter } from '../../subscriptions';
import type { TenantScope } from '../services';
import { routeScope } from './routeScope';
import { conversationTenants, takeOption } from './tenantArgs';
import type { Command, CommandContext } from './types';

const LIMIT = 15;

/**
 * /alerts [severity>=…] [status=…] [since=24h] [tenant=<name>]: the latest correlated alerts of the
 * tenants this conversation covers (its subscription's, else all), or of one tenant.
 */
export const alertsCommand: Command = {
  name: 'alerts',
  usage: '/alerts [severity>=medium] [status=new] [since=24h] [tenant=<name>]',
  description: 'List the latest correlated alerts.',
  async run(ctx, args) {
    const now = ctx.services.clock.now();
    const option = takeOption(args, 'tenant');
    const parsed =
      'error' in option
        ? { ok: false as const, error: option.error }
        : parseAlertFilter(option.rest, ['severity', 'status', 'since', 'sources']);
    if (!parsed.ok) {
      await ctx.reply(
        noticeCard({ kind: 'warning', title: 'Bad filter', text: `${parsed.error}\nUsage: ${this.usage}` }),
      );
      return;
    }
    let tenants: TenantScope[];
    try {
      tenants = await conversationTenants(ctx, 'error' in option ? undefined : option.value);
    } catch (err) {
      if (!(err instanceof CardActionError)) throw err;
      await ctx.reply(noticeCard({ kind: 'warning', title: 'Which tenant?', text: err.message }));
      return;
    }
    await ctx.reply(await listAcross(ctx, tenants, parsed.filter, now));
  },
};

/** Each tenant's matching alerts through its own read model and routing, merged, most severe first. */
async function listAcross(ctx: CommandContext, tenants: TenantScope[], filter: AlertFilter, now: number) {
  const route = await routeScope(ctx);
  const named = ctx.services.tenants.multiTenant;
  let total = 0;
  const items: Array<AlertListItemView & { end: number }> = [];
  for (const t of tenants) {
    const visible = async (a: Parameters<TenantScope['alerts']['routable']>[0]) =>
      routeAlert(route.rules, await t.alerts.routable(a), route.policy).show;
    const listed = await t.alerts.listCorrelated(filter, now, LIMIT, visible);
    total += listed.total;
    for (const a of listed.alerts) {
      const item = toListItem(a);
      // The list item has no tenant field of its own: the tenant leads the title when there are several.
      items.push({
        ...item,
        end: a.end,
        ...(named ? { title: `${t.displayName} · ${item.title ?? ''}` } : {}),
      });
    }
  }
  // Newest activity first across tenants, as one tenant's list is; the card then orders by severity.
  const shown = items
    .sort((a, b) => b.end - a.end)
    .slice(0, LIMIT)
    .map(({ end: _end, ...item }) => item);
  const scope = named
    ? ` · ${tenants.length === 1 ? `tenant ${tenants[0]!.displayName}` : `${tenants.length} tenants`}`
    : '';
  return alertListCard({ total, alerts: shown, filter: describeFilter(filter) + scope }, now);
}
