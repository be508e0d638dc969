/**
 * The per-request log the multi-tenant tests and the `tenants` benchmark read: which tenant, which
 * replica (`x-dlpbot-replica`, sent by the product on every Graph request), which operation, when.
 * Bounded: a ring of the last `capacity` entries (300 tenants polled every minute for 10 minutes is
 * ~3,000 list requests) plus counters per (tenant, replica, operation) that are never trimmed.
 */

/** What a request did, named by route (`list` is the alerts_v2 listing: one poll is one or more). */
export type RequestOp =
  | 'list'
  | 'get'
  | 'patch'
  | 'comment'
  | 'incidents'
  | 'hunting'
  | 'users'
  | 'memberGroups'
  | 'teamsMessages'
  | 'token'
  | 'other';

export interface RequestLogEntry {
  /** Arrival time (simulator clock, epoch ms). */
  at: number;
  /** The tenant the token (or token request) named; undefined when none could be read. */
  tenantId: string | undefined;
  /** The `x-dlpbot-replica` header; undefined when absent. */
  replica: string | undefined;
  op: RequestOp;
  method: string;
  path: string;
  /** The status answered (0 until answered, or when the connection was dropped). */
  status: number;
}

export interface RequestLogFilter {
  tenantId?: string;
  replica?: string;
  op?: RequestOp;
  /** Entries at or after this time (epoch ms). */
  since?: number;
}

export interface RequestCount {
  tenantId: string | undefined;
  replica: string | undefined;
  op: RequestOp;
  count: number;
}

const OPS: Record<string, RequestOp> = {
  'GET /v1.0/security/alerts_v2': 'list',
  'GET /v1.0/security/alerts_v2/{id}': 'get',
  'PATCH /v1.0/security/alerts_v2/{id}': 'patch',
  'POST /v1.0/security/alerts_v2/{id}/comments': 'comment',
  'GET /v1.0/security/incidents': 'incidents',
  'GET /v1.0/security/incidents/{id}': 'incidents',
  'POST /v1.0/security/runHuntingQuery': 'hunting',
  'GET /v1.0/users/{id}': 'users',
  'POST /v1.0/users/{id}/checkMemberGroups': 'memberGroups',
  'POST /v1.0/directoryObjects/{id}/checkMemberGroups': 'memberGroups',
  'GET /v1.0/teams/{teamId}/channels/{channelId}/messages/delta': 'teamsMessages',
  'GET /v1.0/chats/{chatId}/messages': 'teamsMessages',
  'POST /_sim/token': 'token',
  'POST /{tenant}/oauth2/v2.0/token': 'token',
};

/** The operation a route serves (`other` for an unknown path or method). */
export function opOf(method: string, pattern: string | undefined): RequestOp {
  return (pattern && OPS[`${method} ${pattern}`]) || 'other';
}

export class RequestLog {
  private readonly ring: Array<RequestLogEntry | undefined>;
  private next = 0;
  private size = 0;
  private readonly counters = new Map<string, RequestCount>();

  constructor(readonly capacity = 50_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`RequestLog: capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<RequestLogEntry | undefined>(capacity);
  }

  /** Adds an entry; the caller fills in `tenantId` and `status` once known (see `settle`). */
  record(e: Omit<RequestLogEntry, 'status'>): RequestLogEntry {
    const entry: RequestLogEntry = { ...e, status: 0 };
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    return entry;
  }

  /** Completes an entry once answered and counts it (counted once, by its final tenant). */
  settle(entry: RequestLogEntry, tenantId: string | undefined, status: number): void {
    entry.tenantId = tenantId;
    entry.status = status;
    const key = `${tenantId ?? ''}\u0000${entry.replica ?? ''}\u0000${entry.op}`;
    const c = this.counters.get(key);
    if (c) c.count += 1;
    else this.counters.set(key, { tenantId, replica: entry.replica, op: entry.op, count: 1 });
  }

  /** Retained entries, oldest first (copies). */
  entries(f: RequestLogFilter = {}): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const e = this.ring[(start + i) % this.capacity] as RequestLogEntry;
      if (f.tenantId !== undefined && e.tenantId?.toLowerCase() !== f.tenantId.toLowerCase()) continue;
      if (f.replica !== undefined && e.replica !== f.replica) continue;
      if (f.op !== undefined && e.op !== f.op) continue;
      if (f.since !== undefined && e.at < f.since) continue;
      out.push({ ...e });
    }
    return out;
  }

  /** Answered requests per (tenant, replica, operation) since the start or the last `clear`. */
  counts(): RequestCount[] {
    return [...this.counters.values()].map((c) => ({ ...c }));
  }

  /**
   * Listing requests of a tenant answered while another replica had listed the same tenant within the
   * previous `intervalMs` (the benchmark's `doublePolls`), over the retained entries. A request without
   * the replica header counts as its own replica.
   */
  doublePolls(intervalMs: number): number {
    const last = new Map<string, Map<string | undefined, number>>();
    let doubles = 0;
    for (const e of this.entries({ op: 'list' })) {
      const t = e.tenantId ?? '';
      const byReplica = last.get(t) ?? new Map<string | undefined, number>();
      last.set(t, byReplica);
      for (const [replica, at] of byReplica) {
        if (replica !== e.replica && e.at - at < intervalMs) {
          doubles += 1;
          break;
        }
      }
      byReplica.set(e.replica, e.at);
    }
    return doubles;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
    this.counters.clear();
  }
}
