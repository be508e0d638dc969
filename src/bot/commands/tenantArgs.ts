/**
 * The tenant part of a command: `tenant=<name>` on commands about one alert or user, `tenants=a,b` on
 * /subscribe, and which tenants a conversation covers. Names are untrusted input, checked against the
 * configured tenants (`TenantDirectory`); an unknown one is a clear error listing the known ones.
 */
import { CardActionError } from '../../errors';
import { coversTenant } from '../../subscriptions';
import type { TenantDirectory, TenantScope } from '../services';
import { resolveTenant } from '../tenantScope';
import type { CommandContext } from './types';

/**
 * Takes one `key=value` word out of a command's arguments (any position, key case-insensitive).
 * `value` is undefined when the word is absent; a second occurrence is an error.
 */
export function takeOption(args: string, key: string): { value?: string; rest: string } | { error: string } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const prefix = `${key.toLowerCase()}=`;
  const found = words.filter((w) => w.toLowerCase().startsWith(prefix));
  if (found.length > 1) return { error: `Give ${key}= once.` };
  const rest = words.filter((w) => !w.toLowerCase().startsWith(prefix)).join(' ');
  return found[0] === undefined ? { rest } : { value: found[0].slice(prefix.length), rest };
}

/**
 * `tenants=contoso,fabrikam` checked against the directory: the names in configuration order, each once.
 * `all`, or every tenant named, is `[]` (every tenant, so tenants added to TENANTS_FILE later are covered
 * too); no value is `undefined` (a new subscription gets every tenant, a re-subscribe keeps its list).
 */
export function parseTenantList(
  value: string | undefined,
  directory: Pick<TenantDirectory, 'list'>,
): { ok: true; tenants?: string[] } | { ok: false; error: string } {
  if (value === undefined) return { ok: true };
  if (value.trim().toLowerCase() === 'all') return { ok: true, tenants: [] };
  const known = directory.list().map((t) => t.name);
  const asked = value
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  if (asked.length === 0)
    return { ok: false, error: `Name at least one tenant: tenants=${known.join(',')}.` };
  const unknown = asked.filter((n) => !known.includes(n));
  if (unknown.length > 0)
    return {
      ok: false,
      error: `Unknown tenant${unknown.length === 1 ? '' : 's'} ${unknown
        .map((n) => `"${n.slice(0, 40)}"`)
        .join(', ')}. Known tenants: ${known.join(', ')}.`,
    };
  // Every tenant named: stored as "all", so the subscription follows TENANTS_FILE's later additions.
  const chosen = known.filter((n) => asked.includes(n));
  return { ok: true, tenants: chosen.length === known.length ? [] : chosen };
}

/** "all tenants" or "contoso, fabrikam" (display names when they differ). */
export function describeTenants(tenants: readonly string[] | undefined, directory: TenantDirectory): string {
  if (!tenants || tenants.length === 0) return 'all tenants';
  return tenants
    .map((n) => {
      const d = directory.get(n)?.displayName;
      return d && d !== n ? `${d} (${n})` : n;
    })
    .join(', ');
}

/**
 * The tenants a conversation sees: `tenant=` when given (checked), else the ones its subscription covers
 * (every tenant without a subscription or a tenant list). Unknown names in an old subscription are
 * skipped: a tenant removed from TENANTS_FILE has no parts to read.
 */
export async function conversationTenants(
  ctx: Pick<CommandContext, 'services' | 'turn'>,
  named: string | undefined,
): Promise<TenantScope[]> {
  if (named !== undefined) return [resolveTenant(ctx.services, named)];
  const sub = await ctx.services.subscriptions.get(ctx.turn.activity.conversation?.id ?? '');
  return ctx.services.tenants.list().filter((t) => !sub || coversTenant(sub, t.name));
}

/**
 * The tenant an alert id belongs to. Named: that tenant (checked). One tenant: it. Several: the tenants
 * that track the id; none -> undefined (an unknown alert), two or more -> a `CardActionError` asking to
 * name the tenant (the same id in two tenants is two alerts).
 */
export async function tenantOfAlert(
  services: Pick<CommandContext['services'], 'tenants'>,
  id: string,
  named: string | undefined,
): Promise<TenantScope | undefined> {
  if (named !== undefined || services.tenants.list().length === 1) return resolveTenant(services, named);
  const all = services.tenants.list();
  const found = await Promise.all(all.map(async (t) => ((await t.alerts.tracked(id)) ? t : undefined)));
  const holders = found.filter((t): t is TenantScope => t !== undefined);
  if (holders.length > 1)
    throw new CardActionError(
      `Alert ${id} exists in ${holders.length} tenants (${holders.map((t) => t.name).join(', ')}): ` +
        `name one with tenant=${holders[0]!.name}.`,
      'invalid',
    );
  return holders[0];
}

/** " in tenant contoso" when the bot serves several tenants. */
export function tenantSuffix(ctx: { services: { tenants: { multiTenant: boolean } } }, name: string): string {
  return ctx.services.tenants.multiTenant ? ` in tenant ${name}` : '';
}
