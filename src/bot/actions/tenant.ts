/**
 * Which tenant a card action is about, and whether the actor may act on it. The card's `tenant` is
 * untrusted like the rest of its data: it only selects among the configured tenants, and an analyst
 * limited to some tenants (a tenant's `analysts` in TENANTS_FILE) is refused on the others.
 */
import type { CardAction } from '../../cards';
import { CardActionError } from '../../errors';
import type { Actor } from '../context';
import type { BotServices, TenantScope } from '../services';
import { mayActOnTenant, resolveTenant } from '../tenantScope';

export type ScopeResult = { ok: true; scope: TenantScope } | { ok: false; error: string };

/**
 * The tenant the card names. A card without one (posted before tenants) is the only tenant's when there
 * is exactly one; otherwise, like an unknown name, a sentence the analyst can act on.
 */
export function actionScope(services: Pick<BotServices, 'tenants'>, data: CardAction): ScopeResult {
  try {
    return { ok: true, scope: resolveTenant(services, data.tenant) };
  } catch (err) {
    if (!(err instanceof CardActionError)) throw err;
    const hint =
      data.tenant === undefined
        ? ' This card is from before the bot served several tenants: use /alert <id> tenant=<name> for a new one.'
        : ' Refresh the card, or use /alert <id> tenant=<name>.';
    return { ok: false, error: `${err.message}${hint}` };
  }
}

/** Why `actor` may not act on `scope`'s alerts (a per-tenant analyst list leaves them out), or undefined. */
export function tenantRefusal(
  services: Pick<BotServices, 'tenants'>,
  scope: TenantScope,
  actor: Actor,
): string | undefined {
  if (mayActOnTenant(scope, actor)) return undefined;
  const theirs = services.tenants
    .list()
    .filter((t) => mayActOnTenant(t, actor))
    .map((t) => t.name);
  const who = actor.upn ?? actor.name;
  const allowed = theirs.length
    ? `you may act on tenants ${theirs.join(', ')}`
    : 'you may act on no tenant (the operator lists who may in TENANTS_FILE)';
  const unknownUpn =
    actor.upn === undefined ? ' (your user principal name could not be read yet; try again)' : '';
  return `${who} may not act on ${scope.displayName}'s alerts: ${allowed}${unknownUpn}.`;
}
