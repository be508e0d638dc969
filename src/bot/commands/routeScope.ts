import { routeAlert, routeRulesOf } from '../../subscriptions';
import type { TenantScope } from '../services';
import type { CommandContext } from './types';

/**
 * The routing rules of the conversation a command runs in (the sensitive route, a workloads= rule), and
 * the operator's policy. `/alerts` and `/alert` show only what the rules let into this conversation, so a
 * sensitive correlation never shows outside the sensitive route, whichever way it is asked for.
 */
export async function routeScope(ctx: Pick<CommandContext, 'services' | 'turn'>) {
  const sub = await ctx.services.subscriptions.get(ctx.turn.activity.conversation.id);
  return {
    rules: routeRulesOf(sub),
    policy: ctx.services.routing ?? { insiderRiskCards: false },
  };
}

/**
 * Whether alert `id` of `tenant` may be shown in this conversation (false also for an untracked alert).
 * The tenant's own read model decides: its sensitive DLP policies are its own.
 */
export async function mayShowHere(
  ctx: Pick<CommandContext, 'services' | 'turn'>,
  id: string,
  tenant: Pick<TenantScope, 'alerts'> = ctx.services,
): Promise<boolean> {
  const alert = await tenant.alerts.tracked(id);
  if (!alert) return false;
  const scope = await routeScope(ctx);
  return routeAlert(scope.rules, await tenant.alerts.routable(alert), scope.policy).show;
}
