import fc from 'fast-check';
import { blobNameOf, blobPrefixOf, keyOfBlobName } from '../../../src/store/blobNames';
import { storeKey } from '../../../src/store/botStorage';
import { assertValidKey, compareKeys, prefixUpperBound, selectKeys } from '../../../src/store/keys';

// Keys as the store accepts them: well-formed unicode without control characters, 1..60 characters,
// drawn from an alphabet dense in the characters that matter for escaping and ordering.
const char = fc.constantFrom(
  'a',
  'b',
  '/',
  '~',
  '%',
  '\\',
  ':',
  ';',
  '@',
  ' ',
  '.',
  'ü',
  '\ue000',
  '\uffee',
  '😀',
  '\u{10ffff}',
);
const key = fc.array(char, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));

describe('compareKeys', () => {
  it('orders by code point, like UTF-8 bytes and SQLite, not by UTF-16 units', () => {
    expect(compareKeys('\uffee', '😀')).toBeLessThan(0);
    expect('\uffee' < '😀').toBe(false); // JavaScript's own order disagrees
    fc.assert(
      fc.property(key, key, (a, b) => {
        const bytes = Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
        expect(Math.sign(compareKeys(a, b))).toBe(bytes);
      }),
    );
  });
});

describe('prefixUpperBound', () => {
  it('bounds exactly the keys that start with the prefix', () => {
    fc.assert(
      fc.property(key, key, (prefix, candidate) => {
        const bound = prefixUpperBound(prefix);
        const inRange =
          compareKeys(candidate, prefix) >= 0 && (bound === undefined || compareKeys(candidate, bound) < 0);
        expect(inRange).toBe(candidate.startsWith(prefix));
      }),
    );
  });

  it('has no bound for the empty prefix or a prefix of only U+10FFFF', () => {
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('\u{10ffff}\u{10ffff}')).toBeUndefined();
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\ud7ff')).toBe('\ue000');
  });
});

describe('blob names', () => {
  it('round-trip every key and keep prefixes as prefixes', () => {
    fc.assert(
      fc.property(key, key, (k, prefix) => {
        const name = blobNameOf(k);
        expect(keyOfBlobName(name)).toBe(k);
        expect(name.startsWith(blobPrefixOf(prefix))).toBe(k.startsWith(prefix));
        expect(name).not.toMatch(/[%\\]/);
        expect(name.slice('kv/'.length)).not.toContain('/');
      }),
    );
  });

  it('ignores blobs that are not records, and refuses a name over 1024 characters', () => {
    expect(keyOfBlobName('leader.lock')).toBeUndefined();
    expect(keyOfBlobName('turn%2Fmsteams')).toBeUndefined();
    expect(() => blobNameOf('/'.repeat(400))).toThrow(/too long for Azure Blob/);
  });
});

describe('assertValidKey and selectKeys', () => {
  it('names the problem with a key', () => {
    expect(() => assertValidKey(42)).toThrow(/non-empty string, got 42/);
    expect(() => assertValidKey('a\nb')).toThrow(/control character/);
    expect(() => assertValidKey('😀'.repeat(257))).toThrow(/514 characters long; the limit is 512/);
  });

  it('pages backwards with after meaning "after in listing order"', () => {
    expect(selectKeys(['a', 'b', 'c', 'd'], '', { reverse: true, after: 'c' })).toEqual(['b', 'a']);
    expect(() => selectKeys([], '', { limit: 1.5 })).toThrow(/non-negative integer/);
  });
});

describe('storeKey (turn state)', () => {
  it('prefixes ordinary bot keys and hashes ones the store would refuse', () => {
    expect(storeKey('turn/', 'msteams/bot/conversations/19:x')).toBe('turn/msteams/bot/conversations/19:x');
    const long = 'msteams/bot/conversations/' + 'a'.repeat(600);
    expect(storeKey('turn/', long)).toMatch(/^turn\/#sha256\/[0-9a-f]{64}$/);
    expect(storeKey('turn/', long)).toBe(storeKey('turn/', long));
    expect(storeKey('turn/', long + 'b')).not.toBe(storeKey('turn/', long));
  });
});
