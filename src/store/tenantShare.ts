/**
 * The arithmetic of spreading tenants over replicas (pure: no I/O, no clock). `BlobTenantLeases` feeds it
 * what one listing of the lease blobs showed and carries out the plan.
 */
import { createHash } from 'node:crypto';

/** A tenant's short name (the shape `TENANTS_FILE` enforces): it is used as is in a blob name. */
export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Throws a RangeError naming every bad or repeated name; returns the names in their given order. */
export function checkTenantNames(names: readonly string[], who: string): string[] {
  if (!Array.isArray(names)) throw new RangeError(`${who}.setTenants expects an array of tenant names.`);
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string' || !TENANT_NAME.test(name)) {
      problems.push(`${JSON.stringify(name)} is not a tenant name (${TENANT_NAME.source})`);
    } else if (seen.has(name)) problems.push(`"${name}" is listed twice`);
    seen.add(name);
  }
  if (problems.length > 0) throw new RangeError(`${who}.setTenants refused: ${problems.join('; ')}.`);
  return [...names];
}

/** How many tenants one replica may hold: every tenant spread over the live replicas, rounded up. */
export function fairShare(tenants: number, liveReplicas: number): number {
  if (tenants <= 0) return 0;
  return Math.ceil(tenants / Math.max(1, liveReplicas));
}

/**
 * How much `replicaId` likes `tenant` (rendezvous hashing): every replica ranks the tenants in its own
 * stable order, so replicas looking for work try different blobs first instead of racing for the same
 * ones, and a replica that must give some up gives up the ones it likes least.
 */
export function rendezvousScore(replicaId: string, tenant: string): number {
  // 48 bits of SHA-256: exact in a double, spread evenly, the same on every replica and platform.
  return createHash('sha256').update(replicaId).update('\u0000').update(tenant).digest().readUIntBE(0, 6);
}

/** The tenants, the ones `replicaId` likes best first (ties, which are astronomically rare, by name). */
export function rendezvousOrder(replicaId: string, tenants: Iterable<string>): string[] {
  return [...tenants]
    .map((name) => ({ name, score: rendezvousScore(replicaId, name) }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => t.name);
}

/** What one listing of the lease blobs showed, from one replica's point of view. */
export interface ShareView {
  replicaId: string;
  /** Every tenant to spread. */
  tenants: readonly string[];
  /** The tenants this replica holds. */
  held: ReadonlySet<string>;
  /** The tenants whose lease no replica holds (available, expired, broken, or no blob yet). */
  unheld: ReadonlySet<string>;
  /** How many replicas are live (this one included). */
  live: number;
}

export interface SharePlan {
  share: number;
  /** Held tenants to give back, the least liked first. */
  release: string[];
  /** Unheld tenants to try, the best liked first; take them in order until holding `share`. */
  acquire: string[];
  /** How many of `acquire` to take at most. */
  want: number;
}

/** Hold `share` tenants: give back the surplus, or try unheld tenants for the shortfall. */
export function planShare(v: ShareView): SharePlan {
  const share = fairShare(v.tenants.length, v.live);
  const wanted = new Set(v.tenants);
  const held = [...v.held].filter((t) => wanted.has(t));
  if (held.length > share) {
    const release = rendezvousOrder(v.replicaId, held)
      .reverse()
      .slice(0, held.length - share);
    return { share, release, acquire: [], want: 0 };
  }
  const candidates = v.tenants.filter((t) => v.unheld.has(t) && !v.held.has(t));
  const want = share - held.length;
  return { share, release: [], acquire: want > 0 ? rendezvousOrder(v.replicaId, candidates) : [], want };
}

/** A heartbeat blob as listed: whose it is, and when the storage service last wrote it (ms). */
export interface Heartbeat {
  replicaId: string;
  writtenAt: number;
}

/**
 * The live replicas (sorted; `self` always, since it is running): a heartbeat is live while it is
 * younger than the lease period. `serviceNow` and `writtenAt` both come from the storage service's clock
 * (the listing's `Date` header and each blob's `Last-Modified`), so the replicas' own clocks, however
 * skewed, never decide who is alive. Both have a resolution of one second.
 */
export function liveReplicas(
  beats: readonly Heartbeat[],
  serviceNow: number,
  leaseMs: number,
  self: string,
): string[] {
  const live = new Set([self]);
  for (const b of beats) if (serviceNow - b.writtenAt < leaseMs) live.add(b.replicaId);
  return [...live].sort();
}

/** Between two looks while tenants wait for a dead replica's leases to expire or a live one to give some back. */
const ORPHAN_LOOK_MS = 2000;

/**
 * When to look again: at the next renew period, or when the first other live heartbeat of this listing
 * would turn stale (its `Last-Modified` + the lease period, plus the timestamps' 1 s resolution) if that
 * is sooner, or within 2 s while this replica is below its share and some tenant is still leased by a
 * replica no longer live (its leases expire any moment now) or a live one holds more than the share (it
 * gives tenants back at its next look: taken within 2 s, a handed-over tenant keeps its interval instead
 * of waiting up to a renew period after the giver's release). Both clocks are the service's.
 */
export function nextLook(o: {
  listing: {
    serviceNow: number;
    beats: readonly Heartbeat[];
    tenants: ReadonlyMap<string, { leased: boolean; holder: string | undefined }>;
  };
  live: readonly string[];
  self: string;
  leaseMs: number;
  renewEveryMs: number;
  short: boolean;
  /** The fair share of this listing (tenants ÷ live replicas, rounded up). */
  share: number;
}): number {
  let wait = o.renewEveryMs;
  const live = new Set(o.live);
  for (const b of o.listing.beats) {
    if (b.replicaId === o.self || !live.has(b.replicaId)) continue;
    wait = Math.min(wait, b.writtenAt + o.leaseMs - o.listing.serviceNow + 1000);
  }
  if (o.short) {
    const heldBy = new Map<string, number>();
    for (const t of o.listing.tenants.values()) {
      if (!t.leased || t.holder === undefined) continue;
      if (!live.has(t.holder)) {
        wait = Math.min(wait, ORPHAN_LOOK_MS);
        break;
      }
      const n = (heldBy.get(t.holder) ?? 0) + 1;
      heldBy.set(t.holder, n);
      if (t.holder !== o.self && n > o.share) {
        wait = Math.min(wait, ORPHAN_LOOK_MS);
        break;
      }
    }
  }
  return Math.max(0, wait);
}
