import { StoreConflictError } from '../errors';
import type { Store } from './types';

/**
 * Applies `change` to the record at `key` with an eTag-conditional write, re-reading and re-applying on a
 * conflict (another replica, or the notifier, wrote in between). `change` gets undefined for a record that
 * does not exist yet, and returns undefined to give up (nothing to do after seeing the fresh record).
 * Returns the written record, or undefined when given up; throws `StoreConflictError` after `attempts`.
 */
export async function updateConditionally<T>(
  store: Store,
  key: string,
  change: (current: T | undefined) => T | undefined,
  attempts = 8,
): Promise<T | undefined> {
  for (let i = 0; i < attempts; i++) {
    const current = await store.get<T>(key);
    const next = change(current?.value);
    if (next === undefined) return undefined;
    try {
      await store.put(key, next, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return next;
    } catch (err) {
      if (!(err instanceof StoreConflictError)) throw err;
    }
  }
  throw new StoreConflictError(key);
}

/** `updateConditionally` for a record that always changes: `initial()` stands in for a missing one. */
export async function updateRecord<T>(
  store: Store,
  key: string,
  initial: () => T,
  change: (current: T) => T,
  attempts = 8,
): Promise<T> {
  return (await updateConditionally<T>(store, key, (c) => change(c ?? initial()), attempts)) as T;
}
