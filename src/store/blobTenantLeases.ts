/**
 * Who polls which tenant, across replicas, with nothing but Azure blob leases (see tenantLeaseBlobs.ts
 * for the blobs). Two loops, each every renew period:
 * - renew: rewrite this replica's heartbeat and renew every held lease. A renewal refused as lost
 *   (409/412/404) drops the tenant at once (`released(name)`, its fence aborted); one that gets no
 *   answer keeps the tenant until the lease would have expired by this replica's clock;
 * - assign: list the prefix once, count the live replicas, and hold the fair share
 *   (ceil(tenants / live)): give back the tenants rendezvous hashing likes least when above it, take
 *   unheld tenants in this replica's rendezvous order when below it.
 * A replica that dies stops renewing: its leases expire after the lease period and its heartbeat turns
 * stale at the same time. Each listing tells when every other live heartbeat would turn stale (its
 * `Last-Modified` plus the lease period, on the service's clock), so the next look is taken then if that
 * comes before the next period; while tenants are still leased by a replica whose heartbeat is stale
 * (the last renewals of a dying replica can land after its last heartbeat) and this replica is below its
 * share, it looks again every 2 s. So the others see the smaller live set, the larger share and the
 * unheld tenants within about 2 s of the leases' expiry: the takeover is the lease period plus a few
 * seconds (the service's timestamps have a one-second resolution), not plus a whole renew period.
 * Likewise when a replica joins: below its share while a live replica still holds more than the share,
 * it looks every 2 s, so it takes each tenant given back within about 2 s of the release and the handed-
 * over tenant keeps its interval (the giver's last poll time travels with the release).
 * Lease semantics (15-60 s, one active lease id, release, expiry):
 * https://learn.microsoft.com/rest/api/storageservices/lease-blob
 */
import type { BlobClient, BlobLeaseClient } from '@azure/storage-blob';
import { setMaxListeners } from 'node:events';
import { SystemClock, sleepUnlessAborted, type Clock } from '../clock';
import { BotError, FenceLostError, errorMessage } from '../errors';
import type { Logger } from '../log';
import { containerClientFor } from './blob';
import { statusOf } from './blobErrors';
import { BlobLeaseFence } from './fence';
import { checkLeaseOptions, type BlobLeaseLeaderOptions } from './leaderOptions';
import { mapLimit } from './mapLimit';
import { TenantLeaseBlobs, isLeaseLost, type LeaseListing } from './tenantLeaseBlobs';
import type { Acquisition, TenantAssignment, TenantAssignmentHandlers, TenantSnapshot } from './tenantLeases';
import { checkTenantNames, liveReplicas, nextLook, planShare } from './tenantShare';

/** Options of `BlobTenantLeases`: the leader's container and timings (LEADER_LEASE_SECONDS), plus: */
export interface BlobTenantLeasesOptions extends Omit<BlobLeaseLeaderOptions, 'blobName'> {
  /** Where the lease and heartbeat blobs live in the container. Default `lease/`. */
  prefix?: string;
  /** Lease requests in flight at once (renewals, acquisitions). Default 16. */
  concurrency?: number;
}

interface Held {
  blob: BlobClient;
  lease: BlobLeaseClient;
  controller: AbortController;
  fence: BlobLeaseFence;
  /** When the lease lapses at the latest, by this replica's clock (measured from before the request). */
  expiresAt: number;
}

const WHO = 'BlobTenantLeases';

export class BlobTenantLeases implements TenantAssignment {
  readonly replicaId: string;
  private readonly blobs: TenantLeaseBlobs;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly concurrency: number;
  private tenants: string[] = [];
  private readonly held = new Map<string, Held>();
  private handlers: TenantAssignmentHandlers | undefined;
  private readonly stopping = new AbortController();
  private wake = new AbortController();
  private loops: Promise<unknown> | undefined;
  private readonly pending = new Set<Promise<void>>();
  private view: { live: string[]; share: number; holders: Map<string, string | undefined> };

  constructor(o: BlobTenantLeasesOptions) {
    const checked = checkLeaseOptions(o, WHO);
    const prefix = o.prefix ?? 'lease/';
    if (prefix === '' || prefix.length > 200) throw new RangeError(`${WHO} prefix must be 1-200 characters.`);
    this.replicaId = o.replicaId;
    this.clock = o.clock ?? new SystemClock();
    this.logger = o.logger?.child({ component: 'tenant-leases', replicaId: o.replicaId });
    this.leaseMs = checked.leaseSeconds * 1000;
    this.renewEveryMs = checked.renewEveryMs;
    this.concurrency = Math.max(1, Math.floor(o.concurrency ?? 16));
    this.blobs = new TenantLeaseBlobs(o.containerClient ?? containerClientFor(checked.connection!), {
      prefix,
      replicaId: o.replicaId,
      clock: this.clock,
      leaseSeconds: checked.leaseSeconds,
      renewEveryMs: this.renewEveryMs,
      stopping: this.stopping.signal,
      logger: this.logger,
    });
    this.view = { live: [this.replicaId], share: 0, holders: new Map() };
    // Every request in flight listens to it: both loops, each up to `concurrency` requests.
    setMaxListeners(4 * this.concurrency + 8, this.stopping.signal);
  }

  setTenants(names: readonly string[]): void {
    this.tenants = checkTenantNames(names, WHO);
    const wanted = new Set(this.tenants);
    for (const [name, h] of this.held) {
      if (!wanted.has(name)) this.track(this.giveBack(name, h, 'tenant removed'));
    }
    this.wake.abort(); // take the added ones now rather than at the next period
  }

  /** Beats and takes a first share before resolving, then keeps both loops running until `stop()`. */
  async start(h: TenantAssignmentHandlers): Promise<void> {
    if (this.handlers || this.stopping.signal.aborted) {
      throw new BotError(
        'usage_invalid',
        `${WHO}.start() can be called once, before stop(); create a new one instead.`,
      );
    }
    this.handlers = h;
    await this.blobs.beat();
    const firstWait = await this.assign();
    const loop = (name: string, body: () => Promise<void>): Promise<void> =>
      body().catch((err: unknown) =>
        this.logger?.error({ err }, `tenant lease ${name} loop ended unexpectedly`),
      );
    this.loops = Promise.all([
      loop('renew', () => this.renewLoop()),
      loop('assign', () => this.assignLoop(firstWait)),
    ]);
  }

  /**
   * Removes the heartbeat, then gives every tenant back (`releasing`/`released` first, then the lease).
   * The heartbeat goes first so that the others see a stopped replica, not a live one handing over:
   * they poll its tenants at once rather than one interval later.
   */
  async stop(): Promise<void> {
    await this.crash();
    await Promise.all(this.pending);
    await this.blobs.removeBeat();
    await mapLimit([...this.held], this.concurrency, ([name, h]) => this.giveBack(name, h, 'stopped'));
  }

  /**
   * For tests: stops both loops WITHOUT releasing anything or telling the handlers, as a killed process
   * would. The leases then expire on the service and the heartbeat goes stale.
   */
  async crash(): Promise<void> {
    this.stopping.abort(new Error(`${WHO} stopped`));
    await this.loops;
  }

  snapshot(): TenantSnapshot {
    const now = this.clock.now();
    const held = [...this.held].filter(([, h]) => h.expiresAt > now).map(([name]) => name);
    const holders: Record<string, string | undefined> = {};
    for (const t of this.tenants) holders[t] = held.includes(t) ? this.replicaId : this.view.holders.get(t);
    return { live: [...this.view.live], share: this.view.share, held: held.sort(), holders };
  }

  private async renewLoop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await sleepUnlessAborted(this.clock, this.renewEveryMs, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      const renewals = mapLimit([...this.held], this.concurrency, ([name, h]) => this.renew(name, h));
      await Promise.all([this.blobs.beat(), renewals]);
    }
  }

  /** Looks again after what the previous look asked for (one renew period, or sooner: see `assign`). */
  private async assignLoop(firstWait: number): Promise<void> {
    let wait = firstWait;
    while (!this.stopping.signal.aborted) {
      this.wake = new AbortController();
      const signal = AbortSignal.any([this.stopping.signal, this.wake.signal]);
      await sleepUnlessAborted(this.clock, wait, signal);
      if (this.stopping.signal.aborted) return;
      wait = await this.assign();
    }
  }

  private async renew(name: string, h: Held): Promise<void> {
    const sentAt = this.clock.now();
    try {
      await this.blobs.renew(h.lease, h.expiresAt - sentAt);
      h.expiresAt = sentAt + this.leaseMs;
    } catch (err) {
      if (this.stopping.signal.aborted || this.held.get(name) !== h) return;
      if (isLeaseLost(err)) this.drop(name, h, `renewal refused: ${errorMessage(err)}`);
      else if (this.clock.now() >= h.expiresAt)
        this.drop(name, h, `not renewed in time: ${errorMessage(err)}`);
      else
        this.logger?.warn({ tenant: name, err: errorMessage(err) }, 'tenant lease not renewed; trying again');
    }
  }

  /** One listing, then hold the fair share. Resolves with how long to wait before the next look (ms). */
  private async assign(): Promise<number> {
    let listing: LeaseListing;
    try {
      listing = await this.blobs.list();
    } catch (err) {
      if (!this.stopping.signal.aborted)
        this.logger?.warn({ err: errorMessage(err) }, 'could not list the tenant leases');
      return this.renewEveryMs;
    }
    const live = liveReplicas(listing.beats, listing.serviceNow, this.leaseMs, this.replicaId);
    const unheld = new Set(this.tenants.filter((t) => listing.tenants.get(t)?.leased !== true));
    const held = new Set(this.held.keys());
    const plan = planShare({
      replicaId: this.replicaId,
      tenants: this.tenants,
      held,
      unheld,
      live: live.length,
    });
    if (live.join() !== this.view.live.join() || plan.share !== this.view.share) {
      this.logger?.info({ live, share: plan.share, held: held.size }, 'tenant share changed');
    }
    const holders = new Map([...listing.tenants].map(([t, s]) => [t, s.holder]));
    this.view = { live, share: plan.share, holders };
    for (const name of plan.release) await this.giveBack(name, this.held.get(name)!, 'above the fair share');
    let needed = plan.want;
    for (let i = 0; needed > 0 && i < plan.acquire.length && !this.stopping.signal.aborted;) {
      const batch = plan.acquire.slice(i, i + needed);
      i += batch.length;
      const got = await mapLimit(batch, this.concurrency, (t) => {
        // Given back by a replica still alive: it polled the tenant moments ago (see Acquisition).
        const seen = listing.tenants.get(t);
        const from = seen?.releasedBy;
        const handover = from !== undefined && from !== this.replicaId && live.includes(from);
        return this.acquire(t, listing.tenants.has(t), handover ? { handover, lastPollAt: seen?.lastPollAt } : { handover }); // prettier-ignore
      });
      needed -= got.filter(Boolean).length;
    }
    await this.blobs.forgetGone(listing, this.concurrency);
    return nextLook({
      listing,
      live,
      self: this.replicaId,
      leaseMs: this.leaseMs,
      renewEveryMs: this.renewEveryMs,
      short: needed > 0,
      share: plan.share,
    });
  }

  private async acquire(name: string, exists: boolean, how: Acquisition): Promise<boolean> {
    try {
      const { blob, lease, sentAt } = await this.blobs.take(name, exists);
      if (this.stopping.signal.aborted || !this.tenants.includes(name)) {
        await lease.releaseLease(); // stopped or removed meanwhile: never announced, simply given back
        return false;
      }
      const controller = new AbortController();
      const lost = (): void => this.fenceLost(name, controller);
      const fence = new BlobLeaseFence(name, blob, lease.leaseId, controller, lost);
      this.held.set(name, { blob, lease, controller, fence, expiresAt: sentAt + this.leaseMs });
      this.logger?.info({ tenant: name, ...how }, 'tenant lease acquired');
      this.tell((x) => x.acquired(name, fence, how));
      return true;
    } catch (err) {
      // 409 LeaseAlreadyPresent: another replica was faster, the normal outcome of a race.
      if (statusOf(err) !== 409 && !this.stopping.signal.aborted) {
        this.logger?.warn({ tenant: name, err: errorMessage(err) }, 'could not take a tenant lease');
      }
      return false;
    }
  }

  /**
   * Stops counting the tenant as ours, waits (up to one renew period) for the handlers to stop polling
   * it, then releases the lease for the next holder: a request of ours never overlaps the next holder's.
   */
  private async giveBack(name: string, h: Held, reason: string): Promise<void> {
    if (this.held.get(name) !== h) return;
    if (this.handlers?.releasing) {
      const stopped = this.tellAsync((x) => x.releasing!(name));
      const waited = new AbortController();
      const said = await Promise.race([stopped, sleepUnlessAborted(this.clock, this.renewEveryMs, waited.signal)]); // prettier-ignore
      waited.abort();
      if (this.held.get(name) !== h) return; // lost meanwhile: already forgotten
      const lastPollAt = said ? said.lastPollAt : undefined;
      if (lastPollAt !== undefined) await this.blobs.noteLastPoll(h.blob, h.lease.leaseId, lastPollAt);
    }
    this.forget(name, h, reason);
    this.logger?.info({ tenant: name, reason }, 'tenant lease released');
    try {
      await h.lease.releaseLease();
    } catch (err) {
      // The lease then simply expires; the next holder waits at most the lease period.
      if (!isLeaseLost(err))
        this.logger?.warn({ tenant: name, err: errorMessage(err) }, 'could not release a tenant lease');
    }
  }

  private drop(name: string, h: Held, reason: string): void {
    this.forget(name, h, reason);
    this.logger?.warn({ tenant: name, reason }, 'tenant lease lost');
  }

  private fenceLost(name: string, controller: AbortController): void {
    const h = this.held.get(name);
    if (h?.controller === controller) this.drop(name, h, 'a fence check found the lease gone');
  }

  private forget(name: string, h: Held, reason: string): void {
    this.held.delete(name);
    h.controller.abort(new FenceLostError(name, { cause: new Error(reason) }));
    this.tell((x) => x.released(name));
  }

  /** Like `tell`, waiting for what the handler returned (a rejection is logged, not thrown). */
  private async tellAsync<T>(call: (h: TenantAssignmentHandlers) => Promise<T>): Promise<T | undefined> {
    try {
      return await call(this.handlers!);
    } catch (err) {
      this.logger?.error({ err }, 'tenant assignment handler threw');
      return undefined;
    }
  }

  private tell(call: (h: TenantAssignmentHandlers) => void): void {
    if (!this.handlers) return;
    try {
      call(this.handlers);
    } catch (err) {
      this.logger?.error({ err }, 'tenant assignment handler threw');
    }
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
