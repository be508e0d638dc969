/**
 * Turn state for teams-ai: botbuilder's `Storage` (read/write/delete of objects carrying an `eTag`) on
 * top of our stores. eTag semantics follow botbuilder's: a missing or `'*'` eTag writes unconditionally
 * (last write wins), any other eTag writes only if the stored item still has it (else
 * StoreConflictError; a specific eTag for an item that no longer exists is a conflict too).
 */
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { createHash } from 'node:crypto';
import { StoreConflictError } from '../errors';
import { assertValidKey } from './keys';
import type { BatchOp, Store } from './types';

/** Turn state through any `Store` (memory, sqlite). Writes and deletes of one call are one batch. */
export function toBotStorage(store: Store, prefix = 'turn/'): Storage {
  const keyOf = (key: string): string => storeKey(prefix, key);
  return {
    async read(keys: string[]): Promise<StoreItems> {
      assertKeys(keys);
      const items = await Promise.all(keys.map((key) => store.get<Record<string, unknown>>(keyOf(key))));
      const result: StoreItems = {};
      items.forEach((item, i) => {
        if (item) result[keys[i]!] = { ...item.value, eTag: item.etag };
      });
      return result;
    },
    async write(changes: StoreItems): Promise<void> {
      const ops = Object.entries(assertChanges(changes)).map(([key, item]): BatchOp => {
        const { eTag, ...value } = item;
        const conditional = typeof eTag === 'string' && eTag !== '*' && eTag !== '';
        return { op: 'put', key: keyOf(key), value, ...(conditional ? { ifMatch: eTag } : {}) };
      });
      if (ops.length > 0) await store.batch(ops);
    },
    async delete(keys: string[]): Promise<void> {
      assertKeys(keys);
      if (keys.length > 0) await store.batch(keys.map((key): BatchOp => ({ op: 'delete', key: keyOf(key) })));
    },
  };
}

/**
 * Prefixes every key of another `Storage` (used for botbuilder-azure-blobs' BlobsStorage, so turn state
 * and the product's records share a container without clashing), and reports its eTag conflicts, which
 * it throws as plain Errors, as StoreConflictError like `toBotStorage` does.
 */
export function prefixedStorage(inner: Storage, prefix: string): Storage {
  return {
    async read(keys: string[]): Promise<StoreItems> {
      assertKeys(keys);
      const found = await inner.read(keys.map((key) => prefix + key));
      const result: StoreItems = {};
      for (const key of keys) if (found[prefix + key] !== undefined) result[key] = found[prefix + key];
      return result;
    },
    async write(changes: StoreItems): Promise<void> {
      const prefixed = Object.fromEntries(
        Object.entries(assertChanges(changes)).map(([k, v]) => [prefix + k, v]),
      );
      try {
        await inner.write(prefixed);
      } catch (err) {
        const conflict = /error writing "(.*)" due to eTag conflict/.exec((err as Error)?.message ?? '');
        if (conflict) throw new StoreConflictError(conflict[1]!.slice(prefix.length));
        throw err;
      }
    },
    async delete(keys: string[]): Promise<void> {
      assertKeys(keys);
      await inner.delete(keys.map((key) => prefix + key));
    },
  };
}

/**
 * The store key of a turn-state key. Bot keys embed channel, bot and conversation ids of any length and
 * alphabet; one the store would refuse (too long, control characters) is replaced by a hash, stable and
 * collision-resistant, under the same prefix.
 */
export function storeKey(prefix: string, key: string): string {
  const candidate = prefix + key;
  try {
    assertValidKey(candidate);
    return candidate;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return `${prefix}#sha256/${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  }
}

function assertKeys(keys: unknown): asserts keys is string[] {
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new TypeError('Storage keys must be an array of non-empty strings.');
  }
}

function assertChanges(changes: unknown): Record<string, StoreItem> {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new TypeError('Storage changes must be an object of { key: item }.');
  }
  for (const [key, item] of Object.entries(changes)) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TypeError(
        `Storage item "${key}" must be an object, got ${Array.isArray(item) ? 'array' : typeof item}.`,
      );
    }
  }
  return changes as Record<string, StoreItem>;
}
