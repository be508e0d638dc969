/**
 * Who acted, remembered per replica: a bounded LRU with a TTL keyed by the Entra object id Teams sends,
 * and a per-conversation budget for roster reads. Pure (a `now()` function, no Teams SDK types, no I/O):
 * `actors.ts` puts the Teams and Graph lookups around it.
 *
 * Why a budget of its own: Teams counts roster reads (`TeamsInfo.getMember`) against the bot's
 * per-conversation limits (7 ops/s, 8/2 s, 60/30 s, 1,800/h), the same limits the notifier's card posts
 * and updates spend. Left unbounded, a burst of clicks in one channel would throttle its card updates.
 */

/** What the bot knows of a Teams user. */
export interface KnownUser {
  /** Entra object id (lower-cased). */
  aadObjectId?: string;
  /** Display name, as the roster or Graph gives it. */
  name?: string;
  /** User principal name (or the mail address when Teams shares no UPN). */
  upn?: string;
  /** Teams user id (`29:…`) when the roster gave it (what a mention names). */
  teamsId?: string;
}

export interface RosterCacheOptions {
  /** Epoch ms now (a `Clock`'s `now`). */
  now: () => number;
  /** Users remembered; the least recently used goes first. Default 5,000. */
  maxUsers?: number;
  /** How long a resolved user is reused, ms. Default 1 h. */
  ttlMs?: number;
  /** How long a failed lookup is not retried, ms (bounds the reads a broken roster costs). Default 60 s. */
  failureTtlMs?: number;
  /** Roster reads allowed per conversation per `windowMs`; 0 = none. Default 6. */
  readsPerWindow?: number;
  /** The budget's sliding window, ms. Default 60 s. */
  windowMs?: number;
  /** Conversations whose budget is tracked; the least recently used is forgotten. Default 1,000. */
  maxConversations?: number;
}

interface Entry {
  /** Undefined: the lookup failed or found nobody (remembered for `failureTtlMs`). */
  user: KnownUser | undefined;
  until: number;
}

/** The answer of `get`: a user, a remembered failure, or nothing known. */
export type CacheLookup = { kind: 'user'; user: KnownUser } | { kind: 'failed' } | { kind: 'unknown' };

export class RosterCache {
  private readonly users = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<KnownUser | undefined>>();
  private readonly reads = new Map<string, number[]>();
  private readonly o: Required<RosterCacheOptions>;

  constructor(options: RosterCacheOptions) {
    this.o = {
      maxUsers: 5000,
      ttlMs: 3_600_000,
      failureTtlMs: 60_000,
      readsPerWindow: 6,
      windowMs: 60_000,
      maxConversations: 1000,
      ...options,
    };
  }

  /** Entries held now (expired ones included until they are touched or pushed out). */
  get size(): number {
    return this.users.size;
  }

  get(key: string): CacheLookup {
    const entry = this.users.get(key);
    if (!entry) return { kind: 'unknown' };
    if (entry.until <= this.o.now()) {
      this.users.delete(key);
      return { kind: 'unknown' };
    }
    touch(this.users, key, entry);
    return entry.user ? { kind: 'user', user: entry.user } : { kind: 'failed' };
  }

  /** Remembers `user` under `key`; undefined remembers a failure (for the shorter `failureTtlMs`). */
  set(key: string, user: KnownUser | undefined): void {
    const ttl = user ? this.o.ttlMs : this.o.failureTtlMs;
    touch(this.users, key, { user, until: this.o.now() + ttl });
    evictOldest(this.users, this.o.maxUsers);
  }

  /**
   * The cached answer, or `load()`'s, shared by every concurrent caller for the same key (N clicks at once
   * cost one read). `load` must not throw: it returns undefined for "could not tell", which is remembered.
   */
  fetch(key: string, load: () => Promise<KnownUser | undefined>): Promise<KnownUser | undefined> {
    const cached = this.get(key);
    if (cached.kind !== 'unknown') return Promise.resolve(cached.kind === 'user' ? cached.user : undefined);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const started = load()
      .catch(() => undefined)
      .then((user) => {
        this.set(key, user);
        return user;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  /** Takes one roster read from `conversationId`'s budget; false when the budget is spent. */
  takeRead(conversationId: string): boolean {
    const now = this.o.now();
    const window = (this.reads.get(conversationId) ?? []).filter((t) => t > now - this.o.windowMs);
    const allowed = window.length < this.o.readsPerWindow;
    if (allowed) window.push(now);
    touch(this.reads, conversationId, window);
    evictOldest(this.reads, this.o.maxConversations);
    return allowed;
  }
}

/** Moves `key` to the most recently used end of the map. */
function touch<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
}

function evictOldest<V>(map: Map<string, V>, max: number): void {
  while (map.size > Math.max(1, max)) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
