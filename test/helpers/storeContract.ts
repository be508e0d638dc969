/**
 * The behaviour every `Store` must have, written once and run against MemoryStore, SqliteStore
 * (test/unit/store) and BlobStore on Azurite (test/integration/store).
 */
import type { Storage } from 'botbuilder';
import { StoreConflictError } from '../../src/errors';
import { compareKeys } from '../../src/store/keys';
import type { Store } from '../../src/store/types';

export interface StoreContractOptions {
  /** True when a failing op leaves nothing of the batch written (SQLite, memory). */
  atomicBatch: boolean;
  /** Timeout of the tests that write thousands of keys or megabytes, in ms. */
  slowTimeoutMs?: number;
}

/** Keys that stress encoders: separators, URL syntax, spaces, unicode beyond the BMP, deep nesting. */
export const ODD_KEYS = [
  'odd/19:abc@thread.tacv2;messageid=1712345678901',
  'odd/a:b;c@d e',
  'odd/ leading and trailing ',
  'odd/percent%2F%25literal',
  'odd/tilde~7E~2F',
  'odd/back\\slash',
  'odd/query?x=1&y=2#frag',
  'odd/quote\'double"plus+',
  'odd/ünïcödé/日本語/עברית',
  'odd/emoji😀/🛡️',
  'odd/\uffee-halfwidth',
  'odd/dots/..',
  'odd/dots/.',
  'odd/trailing/',
  'odd//empty//segments',
  'odd/' + Array.from({ length: 40 }, (_, i) => `n${i}`).join('/'),
];

async function expectConflict(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(StoreConflictError);
}

/** Writes `keys` with at most 32 writes in flight (Azurite and SQLite both cope; memory does not care). */
export async function putAll(store: Store, keys: string[], value: (key: string) => unknown): Promise<void> {
  for (let i = 0; i < keys.length; i += 32) {
    await Promise.all(keys.slice(i, i + 32).map((key) => store.put(key, value(key))));
  }
}

export function describeStoreContract(
  name: string,
  factory: () => Promise<Store>,
  options: StoreContractOptions,
): void {
  const slow = options.slowTimeoutMs ?? 30_000;

  describe(`${name} (Store contract)`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('reads and writes', () => {
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

    describe('conditional writes', () => {
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

    describe('keys and values', () => {
      it('round-trips keys with odd characters and lists them in code point order', async () => {
        for (const key of ODD_KEYS) await store.put(key, { key });
        for (const key of ODD_KEYS) expect((await store.get(key))?.value).toEqual({ key });
        const listed = (await store.list('odd/')).map((i) => i.key);
        expect(listed).toEqual([...ODD_KEYS].sort(compareKeys));
        expect((await store.list('odd/dots/')).map((i) => i.key)).toEqual(['odd/dots/.', 'odd/dots/..']);
      });

      it('rejects invalid keys with a RangeError that says why', async () => {
        await expect(store.put('', 1)).rejects.toThrow(/non-empty/);
        await expect(store.put('k'.repeat(513), 1)).rejects.toThrow(/limit is 512/);
        await expect(store.get('bad\u0000key')).rejects.toThrow(RangeError);
        await expect(store.put('bad\ud800', 1)).rejects.toThrow(/lone surrogate/);
        await expect(store.list('x', { limit: -1 })).rejects.toThrow(/limit/);
      });

      it('accepts a key of exactly 512 characters', async () => {
        const key = 'k/' + 'x'.repeat(510);
        await store.put(key, 1);
        expect((await store.get(key))?.value).toBe(1);
      });

      it(
        'stores and lists a value over 2 MB intact',
        async () => {
          const text = 'ünï 😀 '.repeat(300_000); // ~2.7 MB in UTF-8
          const etag = await store.put('audit/big', { text });
          const read = await store.get<{ text: string }>('audit/big');
          expect(read?.etag).toBe(etag);
          expect(read?.value.text).toBe(text);
          expect((await store.list<{ text: string }>('audit/'))[0]?.value.text.length).toBe(text.length);
        },
        slow,
      );

      it('rejects a value that is not JSON with a TypeError naming the key', async () => {
        await expect(store.put('sub/bigint', { n: BigInt(1) })).rejects.toThrow(/sub\/bigint/);
      });
    });

    describe('listing', () => {
      it(
        'lists 2,000 keys by prefix, with limit, after and reverse',
        async () => {
          const keys = Array.from({ length: 2000 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
          await putAll(store, keys, (key) => ({ key }));
          await store.put('many', 'not under the prefix');
          await store.put('many2/0', 'a neighbouring prefix');
          await store.put('man/0', 'a shorter one');

          const all = await store.list<{ key: string }>('many/');
          expect(all.map((i) => i.key)).toEqual(keys);
          expect(all.every((i) => i.value.key === i.key && /^".+"$/.test(i.etag))).toBe(true);

          const pages: string[] = [];
          let page: Array<{ key: string }> = [];
          do {
            const after = page.length > 0 ? page[page.length - 1]!.key : undefined;
            page = await store.list('many/', { limit: 700, after });
            pages.push(...page.map((i) => i.key));
          } while (page.length === 700);
          expect(pages).toEqual(keys);

          // Few items per call from here on: with BlobStore every item listed is one download.
          const tail = await store.list('many/', { reverse: true, after: 'many/0005', limit: 3 });
          expect(tail.map((i) => i.key)).toEqual(['many/0004', 'many/0003', 'many/0002']);
          const head = await store.list('man', { limit: 3 });
          expect(head.map((i) => i.key)).toEqual(['man/0', 'many', 'many/0000']);
          const last = await store.list('man', { reverse: true, limit: 2 });
          expect(last.map((i) => i.key)).toEqual(['many2/0', 'many/1999']);
        },
        slow,
      );

      it('pages in both directions, with limit 0 and an after beyond the end', async () => {
        await putAll(store, ['p/a', 'p/b', 'p/c', 'p/d', 'q'], () => 1);
        expect((await store.list('p/', { reverse: true })).map((i) => i.key)).toEqual([
          'p/d',
          'p/c',
          'p/b',
          'p/a',
        ]);
        expect((await store.list('p/', { reverse: true, after: 'p/c' })).map((i) => i.key)).toEqual([
          'p/b',
          'p/a',
        ]);
        expect((await store.list('p/', { after: 'p/b', limit: 1 })).map((i) => i.key)).toEqual(['p/c']);
        expect((await store.list('p/', { after: 'p/' })).length).toBe(4);
        expect(await store.list('p/', { after: 'p/d' })).toEqual([]);
        expect(await store.list('p/', { limit: 0 })).toEqual([]);
        expect((await store.list('')).map((i) => i.key)).toEqual(['p/a', 'p/b', 'p/c', 'p/d', 'q']);
      });
    });

    describe('batch', () => {
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
        if (options.atomicBatch) expect(await store.get('b/first')).toBeUndefined();
        else expect((await store.get('b/first'))?.value).toBe(1);
      });

      it('accepts an empty batch', async () => {
        await expect(store.batch([])).resolves.toBeUndefined();
      });
    });
  });
}

/**
 * botbuilder `Storage` semantics as teams-ai uses them for turn state: items carry an `eTag`; a missing or
 * `'*'` eTag writes unconditionally, any other eTag only over that exact version.
 */
export function describeBotStorageContract(name: string, factory: () => Promise<Storage>): void {
  const conversation = 'msteams/28:bot-id/conversations/19:abc@thread.tacv2;messageid=1712345678901';
  const user = 'msteams/28:bot-id/users/29:1aBc-Ünïcode';

  describe(`${name} (botbuilder Storage contract)`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await factory();
    });

    it('reads nothing for unknown keys', async () => {
      expect(await storage.read([conversation, user])).toEqual({});
    });

    it('reads back what was written, with an eTag and without storing the eTag inside', async () => {
      await storage.write({ [conversation]: { count: 1, text: 'héllo 😀' }, [user]: { name: 'Ana' } });
      const items = await storage.read([conversation, user, 'msteams/other']);
      expect(Object.keys(items).sort()).toEqual([conversation, user].sort());
      expect(items[conversation]).toEqual({ count: 1, text: 'héllo 😀', eTag: expect.any(String) });
      await storage.write({ [conversation]: { ...items[conversation], count: 2 } });
      const again = (await storage.read([conversation]))[conversation];
      expect(again).toEqual({ count: 2, text: 'héllo 😀', eTag: expect.any(String) });
      expect(again.eTag).not.toBe(items[conversation].eTag);
    });

    it('refuses a write carrying a stale eTag and keeps the newer state', async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      const read = (await storage.read([conversation]))[conversation];
      await storage.write({ [conversation]: { ...read, turn: 2 } });
      await expect(storage.write({ [conversation]: { ...read, turn: 3 } })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await storage.read([conversation]))[conversation].turn).toBe(2);
    });

    it("treats a missing or '*' eTag as last write wins", async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      await storage.write({ [conversation]: { turn: 2 } });
      await storage.write({ [conversation]: { turn: 3, eTag: '*' } });
      expect((await storage.read([conversation]))[conversation].turn).toBe(3);
    });

    it('refuses a specific eTag for an item that no longer exists', async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      const read = (await storage.read([conversation]))[conversation];
      await storage.delete([conversation]);
      await expect(storage.write({ [conversation]: { ...read, turn: 2 } })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
    });

    it('deletes items, and deleting a missing one is not an error', async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      await storage.delete([conversation, user]);
      expect(await storage.read([conversation])).toEqual({});
    });
  });
}
