import { StoreConflictError } from '../errors';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

/** An in-process store for unit tests and throwaway runs. Values are deep-copied in and out. */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  private items = new Map<string, { json: string; etag: string }>();
  private counter = 0;

  async get<T>(key: string): Promise<StoredItem<T> | undefined> {
    const item = this.items.get(key);
    return item ? { key, value: JSON.parse(item.json) as T, etag: item.etag } : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    this.check(key, options);
    return this.write(key, value);
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    const item = this.items.get(key);
    if (options.ifMatch !== undefined && item?.etag !== options.ifMatch) throw new StoreConflictError(key);
    return this.items.delete(key);
  }

  async list<T>(prefix: string, options: ListOptions = {}): Promise<StoredItem<T>[]> {
    let keys = [...this.items.keys()].filter((k) => k.startsWith(prefix)).sort();
    if (options.reverse) keys.reverse();
    if (options.after !== undefined) {
      const after = options.after;
      keys = keys.filter((k) => (options.reverse ? k < after : k > after));
    }
    if (options.limit !== undefined) keys = keys.slice(0, options.limit);
    return keys.map((key) => {
      const item = this.items.get(key)!;
      return { key, value: JSON.parse(item.json) as T, etag: item.etag };
    });
  }

  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) {
      if (op.op === 'put') this.check(op.key, op);
      else if (op.ifMatch !== undefined && this.items.get(op.key)?.etag !== op.ifMatch)
        throw new StoreConflictError(op.key);
    }
    for (const op of ops) {
      if (op.op === 'put') this.write(op.key, op.value);
      else this.items.delete(op.key);
    }
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private check(key: string, options: PutOptions): void {
    const item = this.items.get(key);
    if (options.ifNoneMatch === '*' && item) throw new StoreConflictError(key);
    if (options.ifMatch !== undefined && item?.etag !== options.ifMatch) throw new StoreConflictError(key);
  }

  private write(key: string, value: unknown): string {
    const etag = `"m${++this.counter}"`;
    this.items.set(key, { json: JSON.stringify(value ?? null), etag });
    return etag;
  }
}
