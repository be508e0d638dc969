import { StoreConflictError } from '../errors';
import { assertValidKey, assertValidPrefix, checkConditions, encodeValue, selectKeys } from './keys';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

interface Row {
  json: string;
  etag: string;
}

/**
 * An in-process store for unit tests and throwaway runs. Values are deep-copied in and out (JSON), keys
 * are validated and ordered exactly as the durable stores do, and a batch is all-or-nothing.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  private items = new Map<string, Row>();
  private counter = 0;

  async get<T>(key: string): Promise<StoredItem<T> | undefined> {
    assertValidKey(key);
    const item = this.items.get(key);
    return item ? { key, value: JSON.parse(item.json) as T, etag: item.etag } : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    return this.apply(this.items, { op: 'put', key, value, ...options });
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    const existed = this.items.has(key);
    this.apply(this.items, { op: 'delete', key, ...options });
    return existed;
  }

  async list<T>(prefix: string, options: ListOptions = {}): Promise<StoredItem<T>[]> {
    assertValidPrefix(prefix);
    return selectKeys(this.items.keys(), prefix, options).map((key) => {
      const item = this.items.get(key)!;
      return { key, value: JSON.parse(item.json) as T, etag: item.etag };
    });
  }

  /** Applies the ops in order to a copy, each seeing the previous ones; commits only if all succeed. */
  async batch(ops: BatchOp[]): Promise<void> {
    const staged = new Map(this.items);
    for (const op of ops) this.apply(staged, op);
    this.items = staged;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  /** Checks one op's key, conditions and value, then applies it to `items`; returns the new etag. */
  private apply(items: Map<string, Row>, op: BatchOp): string {
    assertValidKey(op.key);
    checkConditions(op.key, op);
    const current = items.get(op.key);
    if (op.ifMatch !== undefined && current?.etag !== op.ifMatch) throw new StoreConflictError(op.key);
    if (op.op === 'delete') {
      items.delete(op.key);
      return '';
    }
    if (op.ifNoneMatch === '*' && current) throw new StoreConflictError(op.key);
    const etag = `"m${++this.counter}"`;
    items.set(op.key, { json: encodeValue(op.key, op.value), etag });
    return etag;
  }
}
