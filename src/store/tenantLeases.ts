/**
 * Who polls which tenant (issue 21). Every replica serves Teams traffic; the tenants' polling is spread:
 * - AllTenantsHere: SQLite and memory. One process holds every tenant at once; its fences never fail.
 * - BlobTenantLeases (blobTenantLeases.ts): Azure Blob. One lease blob per tenant, one heartbeat blob
 *   per replica; each replica holds its fair share and takes over the tenants of a replica that died.
 * A holder gets a `Fence` with each tenant; `fencedStore(store, fence)` (fence.ts) refuses the writes
 * of a replica that lost the tenant.
 */
import { BotError } from '../errors';
import { OpenFence } from './fence';
import { checkTenantNames } from './tenantShare';

export { BlobTenantLeases, type BlobTenantLeasesOptions } from './blobTenantLeases';

export interface Fence {
  /** Rejects with FenceLostError when this replica no longer holds the tenant's lease. */
  check(): Promise<void>;
  /** Aborted when the lease is lost or released. */
  readonly signal: AbortSignal;
}

/** How a tenant came to this replica. */
export interface Acquisition {
  /**
   * True when a live replica gave the tenant back on purpose (it released down to its share): it polled
   * the tenant moments ago, so the new holder keeps the tenant's interval instead of polling at once.
   * False for a tenant nobody held, or whose holder died or stopped (its lease expired or was released
   * with its heartbeat): the new holder polls at once.
   */
  handover: boolean;
  /** On a handover: when the giver's last list request for the tenant was over (epoch ms), if it said. */
  lastPollAt?: number;
}

export interface TenantAssignmentHandlers {
  /** This replica now polls `name`; stop when `fence.signal` aborts. Called once per acquisition. */
  acquired(name: string, fence: Fence, how?: Acquisition): void;
  /** This replica no longer polls `name` (released, lost, removed or stopping). */
  released(name: string): void;
  /**
   * Optional: this replica is about to give `name` back on purpose (above its share, removed, stopping).
   * The lease is released only once the promise settles (the poller stopped; bounded by one renew
   * period), so the next holder never polls while this one still does; the `lastPollAt` it resolves with
   * is left on the lease blob for the next holder (`Acquisition.lastPollAt`). `released` follows.
   */
  releasing?(name: string): Promise<{ lastPollAt?: number } | void>;
}

/** For /status and /tenants. */
export interface TenantSnapshot {
  /** The replicas seen live at the last look, this one included. */
  live: string[];
  /** How many tenants this replica may hold: ceil(tenants / live). */
  share: number;
  /** The tenants this replica holds. */
  held: string[];
  /** Every tenant → the replica holding it as last seen (undefined: nobody, or not known yet). */
  holders: Record<string, string | undefined>;
}

export interface TenantAssignment {
  readonly replicaId: string;
  /** The tenants to spread (at start and whenever TENANTS_FILE changes). Throws a RangeError on bad names. */
  setTenants(names: readonly string[]): void;
  start(h: TenantAssignmentHandlers): Promise<void>;
  /** Releases every lease (and the heartbeat). */
  stop(): Promise<void>;
  /** For /status and /tenants. */
  snapshot(): TenantSnapshot;
}

/** One process holds every tenant: acquired at start and when added, released when removed or stopped. */
export class AllTenantsHere implements TenantAssignment {
  private tenants: string[] = [];
  private readonly held = new Map<string, AbortController>();
  private handlers: TenantAssignmentHandlers | undefined;
  private stopped = false;

  constructor(readonly replicaId: string) {}

  setTenants(names: readonly string[]): void {
    this.tenants = checkTenantNames(names, 'AllTenantsHere');
    if (!this.handlers || this.stopped) return;
    const wanted = new Set(this.tenants);
    for (const name of [...this.held.keys()]) if (!wanted.has(name)) this.release(name);
    for (const name of this.tenants) if (!this.held.has(name)) this.acquire(name);
  }

  async start(h: TenantAssignmentHandlers): Promise<void> {
    if (this.handlers || this.stopped) {
      throw new BotError(
        'usage_invalid',
        'AllTenantsHere.start() can be called once, before stop(); create a new one instead.',
      );
    }
    this.handlers = h;
    for (const name of this.tenants) this.acquire(name);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const name of [...this.held.keys()]) this.release(name);
  }

  snapshot(): TenantSnapshot {
    const held = [...this.held.keys()].sort();
    const holders: Record<string, string | undefined> = {};
    for (const t of this.tenants) holders[t] = this.held.has(t) ? this.replicaId : undefined;
    return { live: this.stopped ? [] : [this.replicaId], share: this.tenants.length, held, holders };
  }

  private acquire(name: string): void {
    const controller = new AbortController();
    this.held.set(name, controller);
    this.handlers!.acquired(name, new OpenFence(controller));
  }

  private release(name: string): void {
    this.held.get(name)?.abort(new Error(`tenant "${name}" released`));
    this.held.delete(name);
    this.handlers!.released(name);
  }
}
