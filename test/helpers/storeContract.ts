/**
 * The behaviour every `Store` must have, written once and run against MemoryStore, SqliteStore
 * (test/unit/store) and BlobStore on Azurite (test/integration/store).
 */
import { StoreConflictError } from '../../src/errors';
import type { Store } from '../../src/store/types';
import { keysAndValues, listing, type Current } from './storeContractKeys';

export { ODD_KEYS, putAll } from './storeContractKeys';

export interface StoreContractOptions {
  /** True when a failing op leaves nothing of the batch written (SQLite, memory). */
  atomicBatch: boolean;
  /** Timeout of the tests that write thousands of keys or megabytes, in ms. */
  slowTimeoutMs?: number;
}

async function expectConflict(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(StoreConflictError);
}

export function describeStoreContract(
  name: string,
  factory: () => Promise<Store>,
  options: StoreContractOptions,
): void {
  const slow = options.slowTimeoutMs ?? 30_000;
  describe(`${name} (Store contract)`, () => {
    const current = {} as Current;
    beforeEach(async () => {
      current.store = await factory();
    });
    afterEach(async () => {
      await current.store.close();
    });
    readsAndWrites(current);
    conditionalWrites(current);
    keysAndValues(current, slow);
    listing(current, slow);
    batch(current, options.atomicBatch);
  });
}

function readsAndWrites(current: Current): void {
  describe('reads and writes', () => {
    let store: Store;
    beforeEach(() => {
      store = current.store;
    });

    it('returns undefined for a missing key and false when deleting it', async () => {
      expect(await store.get('sub/missing')).toBeUndefined();
      expect(await store.delete('sub/missing')).toBe(false);
    });

    it('returns what was put, with the etag the put returned', async () => {
      const value = {
        id: 'a',
        n: 1.5,
        ok: true,
        none: null,
        list: [1, 'two', { three: 3 }],
        text: 'ünï 😀',
      };
      const etag = await store.put('sub/a', value);
      expect(await store.get('sub/a')).toEqual({ key: 'sub/a', value, etag });
    });

    it('stores an undefined value as null', async () => {
      await store.put('sub/undefined', undefined);
      expect((await store.get('sub/undefined'))?.value).toBeNull();
    });

    it('hands out copies: changing a returned value does not change the stored one', async () => {
      const value = { list: [1] };
      await store.put('sub/copy', value);
      value.list.push(2);
      const read = await store.get<{ list: number[] }>('sub/copy');
      read!.value.list.push(3);
      expect((await store.get('sub/copy'))?.value).toEqual({ list: [1] });
    });

    it('gives a new quoted etag on every write, even of the same value', async () => {
      const etags = [await store.put('sub/e', 1), await store.put('sub/e', 1), await store.put('sub/e', 1)];
      expect(new Set(etags).size).toBe(3);
      for (const etag of etags) expect(etag).toMatch(/^".+"$/);
    });

    it('deletes a key so that it reads as missing', async () => {
      await store.put('sub/d', 'x');
      expect(await store.delete('sub/d')).toBe(true);
      expect(await store.get('sub/d')).toBeUndefined();
      expect(await store.list('sub/')).toEqual([]);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

function conditionalWrites(current: Current): void {
  describe('conditional writes', () => {
    let store: Store;
    beforeEach(() => {
      store = current.store;
    });

    it('writes with ifMatch when the etag is current, and refuses a stale one leaving the value alone', async () => {
      const first = await store.put('wm', { at: 1 });
      const second = await store.put('wm', { at: 2 }, { ifMatch: first });
      await expectConflict(store.put('wm', { at: 3 }, { ifMatch: first }));
      expect(await store.get('wm')).toEqual({ key: 'wm', value: { at: 2 }, etag: second });
    });

    it('refuses ifMatch on a key that does not exist', async () => {
      const etag = await store.put('wm/gone', 1);
      await store.delete('wm/gone');
      await expectConflict(store.put('wm/gone', 2, { ifMatch: etag }));
      expect(await store.get('wm/gone')).toBeUndefined();
    });

    it('creates with ifNoneMatch only once', async () => {
      const etag = await store.put('card/1', 'first', { ifNoneMatch: '*' });
      await expectConflict(store.put('card/1', 'second', { ifNoneMatch: '*' }));
      expect(await store.get('card/1')).toEqual({ key: 'card/1', value: 'first', etag });
    });

    it('refuses a delete with a stale etag and keeps the item', async () => {
      const first = await store.put('outbox/1', 'a');
      const second = await store.put('outbox/1', 'b');
      await expectConflict(store.delete('outbox/1', { ifMatch: first }));
      expect((await store.get('outbox/1'))?.value).toBe('b');
      expect(await store.delete('outbox/1', { ifMatch: second })).toBe(true);
      await expectConflict(store.delete('outbox/1', { ifMatch: second }));
    });

    it('never lets an etag from before a delete match the key created again', async () => {
      const old = await store.put('track/1', 'v1');
      await store.delete('track/1');
      const fresh = await store.put('track/1', 'v2');
      expect(fresh).not.toBe(old);
      await expectConflict(store.put('track/1', 'v3', { ifMatch: old }));
    });

    it('lets exactly one of many concurrent conditional writers win', async () => {
      const etag = await store.put('race/update', { winner: null });
      const writers = Array.from({ length: 12 }, (_, i) =>
        store.put('race/update', { winner: i }, { ifMatch: etag }),
      );
      const results = await Promise.allSettled(writers);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
      }
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      expect((await store.get('race/update'))?.value).toEqual({ winner });
    });

    it('lets exactly one of many concurrent creators win', async () => {
      const creators = Array.from({ length: 12 }, (_, i) =>
        store.put('race/create', i, { ifNoneMatch: '*' }),
      );
      const results = await Promise.allSettled(creators);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  });
}

function batch(current: Current, atomicBatch: boolean): void {
  describe('batch', () => {
    let store: Store;
    beforeEach(() => {
      store = current.store;
    });

    it('applies puts and deletes in order, each seeing the previous ones', async () => {
      const etag = await store.put('b/keep', 0);
      await store.batch([
        { op: 'put', key: 'b/new', value: 1, ifNoneMatch: '*' },
        { op: 'put', key: 'b/keep', value: 2, ifMatch: etag },
        { op: 'put', key: 'b/temp', value: 3 },
        { op: 'delete', key: 'b/temp' },
      ]);
      expect((await store.list('b/')).map((i) => [i.key, i.value])).toEqual([
        ['b/keep', 2],
        ['b/new', 1],
      ]);
    });

    it('stops at the first failing op and reports the conflict', async () => {
      const etag = await store.put('b/x', 'old');
      await store.put('b/x', 'newer');
      const batch = store.batch([
        { op: 'put', key: 'b/first', value: 1 },
        { op: 'put', key: 'b/x', value: 'mine', ifMatch: etag },
        { op: 'put', key: 'b/last', value: 3 },
      ]);
      await expectConflict(batch);
      expect((await store.get('b/x'))?.value).toBe('newer');
      expect(await store.get('b/last')).toBeUndefined();
      if (atomicBatch) expect(await store.get('b/first')).toBeUndefined();
      else expect((await store.get('b/first'))?.value).toBe(1);
    });

    it('accepts an empty batch', async () => {
      await expect(store.batch([])).resolves.toBeUndefined();
    });
  });
}
