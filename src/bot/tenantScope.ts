/**
 * Which customer tenant a card action or a command is about. Cards carry the tenant's short name in
 * their data (`tenant`); commands take `tenant=`. Both are untrusted input: the name is checked against
 * the configured tenants, and an analyst limited to some tenants may act only on those.
 */
import { CardActionError } from '../errors';
import type { BotServices, TenantScope } from './services';

/**
 * The tenant named by `name`, or the only tenant when none is named and there is exactly one. Anything
 * else is a `CardActionError` saying what to do (name a tenant, or a known one).
 */
export function resolveTenant(services: Pick<BotServices, 'tenants'>, name: unknown): TenantScope {
  const { tenants } = services;
  if (name === undefined || name === null || name === '') {
    const all = tenants.list();
    if (all.length === 1) return all[0]!;
    throw new CardActionError(
      `Name the tenant (tenant=${all.map((t) => t.name).join('|') || '…'}): this bot serves ${all.length} tenants.`,
      'invalid',
    );
  }
  if (typeof name !== 'string' || name.length > 64)
    throw new CardActionError('The tenant must be a tenant\u2019s short name (see /tenants).', 'invalid');
  const scope = tenants.get(name.trim().toLowerCase());
  if (!scope)
    throw new CardActionError(
      `Unknown tenant "${name.slice(0, 64)}". Known tenants: ${tenants
        .list()
        .map((t) => t.name)
        .join(', ')}.`,
      'not_found',
    );
  return scope;
}

/**
 * True when the actor may act on `scope`'s alerts: no per-tenant list, or the actor's UPN or Entra
 * object id is on it (case-insensitive).
 */
export function mayActOnTenant(
  scope: Pick<TenantScope, 'analysts'>,
  actor: { upn?: string; aadObjectId?: string },
): boolean {
  if (!scope.analysts || scope.analysts.length === 0) return true;
  const allowed = new Set(scope.analysts.map((a) => a.toLowerCase()));
  return (
    (actor.upn !== undefined && allowed.has(actor.upn.toLowerCase())) ||
    (actor.aadObjectId !== undefined && allowed.has(actor.aadObjectId.toLowerCase()))
  );
}
