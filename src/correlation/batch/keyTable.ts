import * as keys from '../keys';
import type { RawIdentities } from '../walk';

// Module-local copies (see walk.ts: imported bindings are getter calls under tsx).
const K_ACCOUNT = keys.K_ACCOUNT;
const S_ACCOUNT = keys.S_ACCOUNT;
const SPACE_COUNT = keys.SPACE_COUNT;
const SPACE_OF_KIND = keys.SPACE_OF_KIND;
const SPACE_PREFIX = keys.SPACE_PREFIX;

/**
 * The batch path's identity keys as small integers. Each key space has a Map from the lower-cased value
 * to the key. While keys are created (the Defender side), a cache of the exact spellings already seen sits
 * in front of it (the same address usually comes back spelled the same way), so a repeated spelling costs
 * one lookup and no `toLowerCase` allocation. Lookups only (the 200k DLP alerts) skip that cache: filling
 * it with every DLP spelling cost more (a large Map, and the GC work of growing it) than the lower-casing
 * it saved. Accounts are always cached by domain then name (short strings, mostly interned by JSON.parse,
 * so cheap to look up), which also avoids joining `domain\name` again.
 */
export class KeyTable {
  private readonly canonical: Array<Map<string, number>> = [];
  private readonly exact: Array<Map<string, number>> = [];
  private readonly accounts = new Map<string, Map<string, number>>();
  /** Key → its space and lower-cased value (for explanations). */
  readonly spaceOf: number[] = [];
  readonly valueOf: string[] = [];

  constructor() {
    for (let s = 0; s < SPACE_COUNT; s++) {
      this.canonical.push(new Map());
      this.exact.push(new Map());
    }
  }

  get size(): number {
    return this.valueOf.length;
  }

  /** The full match key (`email:alice@contoso.com`) of a key number. */
  keyString(key: number): string {
    return (SPACE_PREFIX[this.spaceOf[key] as number] as string) + (this.valueOf[key] as string);
  }

  /** The key of raw identity `r`; a new one when `create`, else -1 for a value never indexed. */
  resolve(raw: RawIdentities, r: number, create: boolean): number {
    const kind = raw.kinds[r] as number;
    const value = raw.values[r] as string;
    if (kind === K_ACCOUNT) return this.resolveAccount(raw.domains[r] as string, value, create);
    const space = SPACE_OF_KIND[kind] as number;
    if (!create) return this.canonicalKey(space, value.toLowerCase(), false);
    const exact = this.exact[space] as Map<string, number>;
    const hit = exact.get(value);
    if (hit !== undefined) return hit;
    const key = this.canonicalKey(space, value.toLowerCase(), create);
    exact.set(value, key);
    return key;
  }

  private resolveAccount(domain: string, name: string, create: boolean): number {
    let names = this.accounts.get(domain);
    if (names === undefined) {
      names = new Map();
      this.accounts.set(domain, names);
    }
    const hit = names.get(name);
    if (hit !== undefined && (hit >= 0 || !create)) return hit;
    const key = this.canonicalKey(S_ACCOUNT, domain.toLowerCase() + '\\' + name.toLowerCase(), create);
    names.set(name, key);
    return key;
  }

  private canonicalKey(space: number, lower: string, create: boolean): number {
    const map = this.canonical[space] as Map<string, number>;
    const found = map.get(lower);
    if (found !== undefined || !create) return found ?? -1;
    const key = this.valueOf.length;
    map.set(lower, key);
    this.spaceOf.push(space);
    this.valueOf.push(lower);
    return key;
  }
}
