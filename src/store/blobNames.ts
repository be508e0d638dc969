/**
 * Store keys ↔ blob names. Every record is `kv/<escaped key>.json`:
 * - `kv/` keeps the product's records apart from turn state (`turn…`) and the leader blob in the
 *   same container, so a `list('')` never sees them;
 * - the escaping is character by character, so the name of a prefix is a prefix of the names of all
 *   keys that start with it, and `listBlobsFlat({ prefix })` still works;
 * - `/` is escaped too (flat names): keys may hold empty or many segments, which Azure's path rules
 *   (≤ 254 segments, no trailing `/` or `.`) would otherwise reject or collapse;
 * - `%` is escaped because @azure/storage-blob treats a `%` in a name as already URL-encoded, and `\`
 *   because some tools turn it into `/`. `~` is the escape character. Everything else (`:`, `;`, `@`,
 *   spaces, unicode) travels as is: the SDK URL-encodes it;
 * - the `.json` suffix means no name ends with `.` and no segment is `.` or `..`.
 */
export const RECORD_PREFIX = 'kv/';
const SUFFIX = '.json';
/** Azure's limit on a blob name, in characters. */
export const MAX_BLOB_NAME = 1024;

const ESCAPED = /[~/\\%]/g;
const ESCAPE = /~([0-9A-F]{2})/g;

/** Escapes `~`, `/`, `\\` and `%` character by character (see above); `unescapeKey` reverses it. */
export function escapeKey(text: string): string {
  return text.replace(ESCAPED, (ch) => `~${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The blob name of a record key. Throws a RangeError when it would exceed Azure's limit. */
export function blobNameOf(key: string): string {
  const name = RECORD_PREFIX + escapeKey(key) + SUFFIX;
  if (name.length > MAX_BLOB_NAME) {
    throw new RangeError(
      `Store key "${key.slice(0, 40)}…" is too long for Azure Blob once escaped (${name.length} > ${MAX_BLOB_NAME}).`,
    );
  }
  return name;
}

/** The listing prefix that matches the blob names of every key starting with `prefix`. */
export function blobPrefixOf(prefix: string): string {
  return RECORD_PREFIX + escapeKey(prefix);
}

/** The record key of a blob name, or undefined for a blob that is not a record. */
export function keyOfBlobName(name: string): string | undefined {
  if (!name.startsWith(RECORD_PREFIX) || !name.endsWith(SUFFIX)) return undefined;
  return unescapeKey(name.slice(RECORD_PREFIX.length, -SUFFIX.length));
}

export function unescapeKey(escaped: string): string {
  return escaped.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
