/**
 * Rules every backend shares: which keys are valid, how keys sort, how values are serialised. Keeping them
 * in one place is what makes MemoryStore, SqliteStore and BlobStore interchangeable behind the port.
 */
import type { ListOptions } from './types';

/** The longest key the port accepts, in UTF-16 code units (see `Store`). */
export const MAX_KEY_LENGTH = 512;

// Control characters and the two non-characters cannot travel in Azure's XML listings (a CR would even be
// normalised to LF), and have no business in a record key anyway.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws a RangeError naming the problem when `key` cannot be stored by every backend. */
export function assertValidKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new RangeError(`Store key must be a non-empty string, got ${JSON.stringify(key)}.`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`Store key is ${key.length} characters long; the limit is ${MAX_KEY_LENGTH}.`);
  }
  if (FORBIDDEN.test(key) || LONE_SURROGATE.test(key)) {
    throw new RangeError(
      `Store key ${JSON.stringify(key)} contains a control character, a non-character or a lone surrogate.`,
    );
  }
}

/** Throws a RangeError when a list prefix could never match a valid key. */
export function assertValidPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string')
    throw new RangeError(`Store list prefix must be a string, got ${typeof prefix}.`);
  if (prefix.length > 0) assertValidKey(prefix);
}

/**
 * Key order of every backend: Unicode code point order, which is also UTF-8 byte order (SQLite's BINARY
 * collation). JavaScript's default string order (UTF-16 code units) differs for characters above U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * The smallest string that sorts after every string starting with `prefix` (code point order), or
 * undefined when there is none. Turns a prefix match into an index-friendly range `[prefix, bound)`.
 * `prefix + '\uffff'` is not enough: characters above U+FFFF sort after U+FFFF in UTF-8.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: those code points cannot appear in a valid key.
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}

/** Serialises a value for storage; `undefined` becomes `null`. Throws a TypeError naming the key. */
export function encodeValue(key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value ?? null);
  } catch (err) {
    throw new TypeError(`Store value for "${key}" is not JSON-serialisable: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // JSON.stringify returns undefined for a bare function or symbol.
  if (json === undefined) throw new TypeError(`Store value for "${key}" is not JSON-serialisable.`);
  return json;
}

/** Checks list options and returns them with defaults; throws a RangeError on nonsense. */
export function checkListOptions(
  options: ListOptions = {},
): Required<Pick<ListOptions, 'reverse'>> & ListOptions {
  const { limit, after, reverse = false } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`Store list limit must be a non-negative integer, got ${String(limit)}.`);
  }
  if (after !== undefined && typeof after !== 'string') {
    throw new RangeError(`Store list "after" must be a key string, got ${typeof after}.`);
  }
  return { limit, after, reverse };
}

/**
 * Applies prefix/after/reverse/limit to a set of keys in memory (MemoryStore, and BlobStore after it has
 * listed blob names). With `reverse`, `after` means "after in the listing order", i.e. smaller keys.
 */
export function selectKeys(keys: Iterable<string>, prefix: string, options: ListOptions = {}): string[] {
  const { limit, after, reverse } = checkListOptions(options);
  let selected = [...keys].filter((k) => k.startsWith(prefix)).sort(compareKeys);
  if (reverse) selected.reverse();
  if (after !== undefined) {
    selected = selected.filter((k) => (reverse ? compareKeys(k, after) < 0 : compareKeys(k, after) > 0));
  }
  return limit === undefined ? selected : selected.slice(0, limit);
}

/** Rejects conditions no backend can honour (a non-string etag, `ifNoneMatch` other than `'*'`). */
export function checkConditions(key: string, options: { ifMatch?: unknown; ifNoneMatch?: unknown }): void {
  if (options.ifMatch !== undefined && (typeof options.ifMatch !== 'string' || options.ifMatch === '')) {
    throw new RangeError(`Store ifMatch for "${key}" must be a non-empty etag string.`);
  }
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== '*') {
    throw new RangeError(`Store ifNoneMatch for "${key}" must be '*' (create only).`);
  }
}
