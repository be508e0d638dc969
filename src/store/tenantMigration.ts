/**
 * Stores written before tenants existed keep a tenant's records under unscoped keys (`alert/<id>`,
 * `poller/watermark`, `dlppolicy/default/<id>`). On start they are moved under the first tenant's
 * segment (`alert/<tenant>/<id>`), so an upgrade keeps its watermark, tracked alerts, cards and outbox
 * instead of re-reading 30 days and posting every card again.
 *
 * Safe to run on several replicas at once and to interrupt: each record is copied only if the scoped key
 * does not exist yet (a scoped record is always newer than its legacy copy) and the legacy key is deleted
 * after. A marker record makes later starts cost one read, unless a legacy watermark shows up again (an
 * old replica still running during a rolling upgrade), in which case the move runs again.
 */
import { StoreConflictError } from '../errors';
import type { Logger } from '../log';
import { DEFAULT_TENANT, TENANT_MIGRATION_KEY, TENANT_SCOPED_KINDS, WATERMARK_KEY } from '../records';
import { scopeKey } from './tenantStore';
import type { Store } from './types';

export interface TenantMigrationResult {
  moved: number;
  /** Legacy records whose scoped key already existed (the scoped one is kept). */
  skipped: number;
}

/**
 * Moves legacy records to `tenant`'s segment. `configured` lists every configured tenant: the legacy
 * policy cache (`dlppolicy/default/…`) is moved only when no configured tenant is called `default`.
 */
export async function migrateToTenantKeys(
  store: Store,
  tenant: string,
  configured: readonly string[],
  logger: Logger,
): Promise<TenantMigrationResult> {
  const marker = await store.get(TENANT_MIGRATION_KEY);
  if (marker && !(await store.get(WATERMARK_KEY))) return { moved: 0, skipped: 0 };
  const result: TenantMigrationResult = { moved: 0, skipped: 0 };
  for (const kind of TENANT_SCOPED_KINDS) {
    for (const key of await keysUnder(store, `${kind}/`)) {
      const rest = key.slice(kind.length + 1);
      let target: string | undefined;
      if (!rest.includes('/')) target = scopeKey(key, tenant);
      else if (
        kind === 'dlppolicy' &&
        rest.startsWith(`${DEFAULT_TENANT}/`) &&
        tenant !== DEFAULT_TENANT &&
        !configured.includes(DEFAULT_TENANT)
      )
        target = `${kind}/${tenant}/${rest.slice(DEFAULT_TENANT.length + 1)}`;
      if (target === undefined) continue;
      const item = await store.get(key);
      if (!item) continue; // moved meanwhile by another replica
      try {
        await store.put(target, item.value, { ifNoneMatch: '*' });
        result.moved++;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        result.skipped++;
      }
      await store.delete(key);
    }
  }
  await store.put(TENANT_MIGRATION_KEY, { tenant, at: new Date().toISOString(), ...result });
  if (result.moved + result.skipped > 0)
    logger.info({ tenant, ...result }, 'moved the single-tenant records to their tenant segment');
  return result;
}

/** The keys under `prefix`: without downloading values where the store can (Azure Blob's listing). */
async function keysUnder(store: Store, prefix: string): Promise<string[]> {
  const keysOnly = store as Store & { listKeys?: (prefix: string) => Promise<string[]> };
  if (keysOnly.listKeys) return keysOnly.listKeys(prefix);
  return (await store.list(prefix)).map((i) => i.key);
}
