/**
 * One tenant's view of the store. The product's code writes unscoped keys (`alert/<id>`,
 * `poller/watermark`); for the kinds that belong to a tenant (`TENANT_SCOPED_KINDS`) this view stores
 * them as `<kind>/<tenant>/<rest>` and lists only `<kind>/<tenant>/`, so a poller, read model or notifier
 * built on it cannot read or write another tenant's records. Shared kinds (`sub/`, `digest/`, `audit/`…)
 * pass through unchanged.
 */
import { TENANT_SCOPED_KINDS } from '../records';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

/** A tenant's short name as it appears in keys: lower-case letters, digits and `-`, 1–32 characters. */
export const TENANT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

const SCOPED = new Set(TENANT_SCOPED_KINDS);

/** The store view of tenant `tenant` (see the module comment). */
export function tenantStore(store: Store, tenant: string): Store {
  if (!TENANT_NAME_PATTERN.test(tenant))
    throw new RangeError(`Not a tenant name: ${JSON.stringify(tenant)}.`);
  return new TenantStore(store, tenant);
}

/** `alert/x` → `alert/<tenant>/x` for scoped kinds; anything else unchanged. */
export function scopeKey(key: string, tenant: string): string {
  const slash = key.indexOf('/');
  if (slash <= 0 || !SCOPED.has(key.slice(0, slash))) return key;
  return `${key.slice(0, slash)}/${tenant}/${key.slice(slash + 1)}`;
}

class TenantStore implements Store {
  readonly kind: string;
  readonly tenant: string;

  constructor(
    private readonly inner: Store,
    tenant: string,
  ) {
    this.kind = inner.kind;
    this.tenant = tenant;
  }

  get<T = unknown>(key: string): Promise<StoredItem<T> | undefined> {
    return this.inner.get<T>(this.scope(key)).then((item) => item && { ...item, key });
  }

  put<T = unknown>(key: string, value: T, options?: PutOptions): Promise<string> {
    return this.inner.put(this.scope(key), value, options);
  }

  delete(key: string, options?: { ifMatch?: string }): Promise<boolean> {
    return this.inner.delete(this.scope(key), options);
  }

  async list<T = unknown>(prefix: string, options: ListOptions = {}): Promise<StoredItem<T>[]> {
    const kind = kindOf(prefix);
    if (kind === undefined) {
      // A prefix shorter than one kind (`''`, `al`) would mix tenants: refuse it instead of guessing.
      throw new RangeError(
        `A tenant's store lists one kind at a time; got the prefix ${JSON.stringify(prefix)}.`,
      );
    }
    if (!SCOPED.has(kind)) return this.inner.list<T>(prefix, options);
    const scoped = this.scope(prefix);
    const items = await this.inner.list<T>(scoped, {
      ...options,
      ...(options.after !== undefined ? { after: this.scope(options.after) } : {}),
    });
    const cut = this.tenant.length + 1;
    return items.map((item) => ({ ...item, key: kind + '/' + item.key.slice(kind.length + 1 + cut) }));
  }

  batch(ops: BatchOp[]): Promise<void> {
    return this.inner.batch(ops.map((op) => ({ ...op, key: this.scope(op.key) })));
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** The view does not own the store: closing it is the composition root's job. */
  async close(): Promise<void> {}

  private scope(key: string): string {
    return scopeKey(key, this.tenant);
  }
}

/** The kind a prefix names (`alert/…` → `alert`), or undefined when it stops before the first `/`. */
function kindOf(prefix: string): string | undefined {
  const slash = prefix.indexOf('/');
  return slash > 0 ? prefix.slice(0, slash) : undefined;
}
