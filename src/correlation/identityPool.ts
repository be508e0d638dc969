import type { Identity } from './types';

/** Entries per map before the pool starts over (bounded memory whatever the input). */
const MAX_ENTRIES = 50_000;

/**
 * One shared copy of each identity and of each identity list. A user's alerts name the same identities
 * again and again, usually in the same order: sharing them takes 100k tracked alerts' identity lists from
 * about a third of the state to a few MB. Shared objects are never mutated. When a map is full the pool
 * starts over: records keep what they share, later ones share new copies.
 */
export class IdentityPool {
  private one = new Map<string, Identity>();
  private serial = new Map<Identity, number>();
  private lists = new Map<string, Identity[]>();
  private next = 0;

  /** The shared copy of an identity list (its items shared too). */
  share(ids: Identity[]): Identity[] {
    if (ids.length === 0) return EMPTY;
    let sig = '';
    const shared: Identity[] = new Array<Identity>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = this.identity(ids[i] as Identity);
      shared[i] = id;
      sig += (this.serial.get(id) as number) + ',';
    }
    const hit = this.lists.get(sig);
    if (hit !== undefined) return hit;
    if (this.lists.size >= MAX_ENTRIES) this.lists = new Map();
    this.lists.set(sig, shared);
    return shared;
  }

  private identity(id: Identity): Identity {
    const sig = (id.violator ? 'v' : '-') + id.kind + '\u0001' + id.display;
    const hit = this.one.get(sig);
    if (hit !== undefined) return hit;
    if (this.one.size >= MAX_ENTRIES) {
      this.one = new Map();
      this.serial = new Map();
      this.lists = new Map();
    }
    const copy: Identity = { kind: id.kind, key: id.key, display: id.display };
    if (id.violator) copy.violator = true;
    this.one.set(sig, copy);
    this.serial.set(copy, this.next++);
    return copy;
  }
}

const EMPTY: Identity[] = [];
