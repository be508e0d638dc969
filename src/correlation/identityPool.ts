import type { Identity } from './types';

/** Entries per map before the pool starts over (bounded memory whatever the input). */
const MAX_ENTRIES = 50_000;

function sameList(a: readonly Identity[], b: readonly Identity[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One shared copy of each identity and of each identity list. A user's alerts name the same identities
 * again and again, usually in the same order: sharing them takes 100k tracked alerts' identities from
 * about a third of the state to a few MB. Lists are found by a numeric hash of their items' serial
 * numbers (no signature strings to keep). Shared objects are never mutated. When a map is full the pool
 * starts over: records keep what they share, later ones share new copies.
 */
export class IdentityPool {
  private serialOf = new Map<string, number>();
  private bySerial: Identity[] = [];
  private lists = new Map<number, Identity[] | Identity[][]>();

  /** The shared copy of an identity list (its items shared too). */
  share(ids: readonly Identity[]): Identity[] {
    if (ids.length === 0) return EMPTY;
    const items = new Array<Identity>(ids.length);
    let h = ids.length;
    for (let i = 0; i < ids.length; i++) {
      const serial = this.serial(ids[i] as Identity);
      items[i] = this.bySerial[serial] as Identity;
      h = Math.imul(h ^ serial, 0x9e3779b1) ^ (h >>> 15);
    }
    const held = this.lists.get(h);
    if (held === undefined) {
      if (this.lists.size >= MAX_ENTRIES) this.lists = new Map();
      this.lists.set(h, items);
      return items;
    }
    // Usually one list per hash; a collision turns the entry into a list of lists.
    const candidates = (Array.isArray(held[0]) ? held : [held]) as Identity[][];
    for (const c of candidates) if (sameList(c, items)) return c;
    this.lists.set(h, [...candidates, items]);
    return items;
  }

  private serial(id: Identity): number {
    const sig = (id.violator ? 'v' : '-') + id.kind + '\u0001' + id.display;
    const hit = this.serialOf.get(sig);
    if (hit !== undefined) return hit;
    if (this.bySerial.length >= MAX_ENTRIES) {
      this.serialOf = new Map();
      this.bySerial = [];
      this.lists = new Map();
    }
    const copy: Identity = { kind: id.kind, key: id.key, display: id.display };
    if (id.violator) copy.violator = true;
    this.serialOf.set(sig, this.bySerial.length);
    this.bySerial.push(copy);
    return this.bySerial.length - 1;
  }
}

const EMPTY: Identity[] = [];
