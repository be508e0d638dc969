/**
 * The key and listing part of the Store contract (see storeContract.ts): odd keys, large values and
 * thousands of keys paged by prefix, limit, after and reverse.
 */
import { compareKeys } from '../../src/store/keys';
import type { Store } from '../../src/store/types';

/** Holds the store of the current test: the suite's beforeEach opens it, each section reads it. */
export interface Current {
  store: Store;
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

/** Writes `keys` with at most 32 writes in flight (Azurite and SQLite both cope; memory does not care). */
export async function putAll(store: Store, keys: string[], value: (key: string) => unknown): Promise<void> {
  for (let i = 0; i < keys.length; i += 32) {
    await Promise.all(keys.slice(i, i + 32).map((key) => store.put(key, value(key))));
  }
}

export function keysAndValues(current: Current, slow: number): void {
  describe('keys and values', () => {
    let store: Store;
    beforeEach(() => {
      store = current.store;
    });

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
}

export function listing(current: Current, slow: number): void {
  describe('listing', () => {
    let store: Store;
    beforeEach(() => {
      store = current.store;
    });

    it(
      'lists 2,000 keys by prefix, with limit, after and reverse',
      async () => {
        const keys = Array.from({ length: 2000 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
        await putAll(store, keys, (key) => ({ key }));
        await store.put('many', 'not under the prefix');
        await store.put('many2/0', 'a neighbouring prefix');
        await store.put('man/0', 'a shorter one');

        // Pages of 700 cover every key once, in order, with its value and etag.
        const pages: Array<{ key: string; value: { key: string }; etag: string }> = [];
        let page: typeof pages = [];
        do {
          const after = page.length > 0 ? page[page.length - 1]!.key : undefined;
          page = await store.list<{ key: string }>('many/', { limit: 700, after });
          pages.push(...page);
        } while (page.length === 700);
        expect(pages.map((i) => i.key)).toEqual(keys);
        expect(pages.every((i) => i.value.key === i.key && /^".+"$/.test(i.etag))).toBe(true);

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
}
