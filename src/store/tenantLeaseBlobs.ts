/**
 * The blobs behind `BlobTenantLeases`, under one prefix (default `lease/`) of the store's container:
 * - `lease/tenant/<name>`: an empty blob per tenant; its lease is the right to poll the tenant, its
 *   metadata `holder` names the replica that took it (for `snapshot()` and /status);
 * - `lease/replica/<replicaId>`: each replica's heartbeat, `{replicaId, beatAt}`, rewritten every renew
 *   period. Its `Last-Modified` (the service's clock) is what the others judge liveness by.
 * One listing of the prefix (with metadata) shows every tenant's lease state and every heartbeat, so a
 * round costs one list request whatever the number of tenants.
 * List Blobs returns LeaseState/LeaseStatus per blob and the response's Date header:
 * https://learn.microsoft.com/rest/api/storageservices/list-blobs
 */
import type { BlobClient, BlobLeaseClient, ContainerClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { escapeKey, unescapeKey } from './blobNames';
import { isConflict, statusOf } from './blobErrors';
import { mapLimit } from './mapLimit';
import type { Heartbeat } from './tenantShare';

/** The metadata entry naming the holder (lower case: Azure returns metadata names lower-cased). */
export const HOLDER_METADATA = 'holder';
/** Left by a holder that hands the tenant over: when its last poll of it ended (epoch ms). */
export const LAST_POLL_METADATA = 'lastpoll';

export function tenantBlobName(prefix: string, tenant: string): string {
  return `${prefix}tenant/${tenant}`;
}

/** Replica ids are free text (REPLICA_ID, host-pid): escaped like store keys so `/` stays one segment. */
export function replicaBlobName(prefix: string, replicaId: string): string {
  return `${prefix}replica/${escapeKey(replicaId)}`;
}

export interface ListedBeat extends Heartbeat {
  blobName: string;
  etag: string;
}

export interface LeaseListing {
  /** The service's time when it answered (the `Date` header), or this replica's when absent. */
  serviceNow: number;
  beats: ListedBeat[];
  /**
   * Every tenant blob: whether a lease is on it and, when there is, who recorded taking it;
   * `releasedBy`: the last holder when its lease was released on purpose (state `available`, not
   * `expired` or `broken`).
   */
  tenants: Map<
    string,
    { leased: boolean; holder: string | undefined; releasedBy?: string; lastPollAt?: number }
  >;
}

/** Lists the prefix once (one request per 5,000 blobs). */
export async function listLeases(
  container: ContainerClient,
  prefix: string,
  clock: Clock,
  abortSignal: AbortSignal,
): Promise<LeaseListing> {
  const listing: LeaseListing = { serviceNow: clock.now(), beats: [], tenants: new Map() };
  const pages = container.listBlobsFlat({ prefix, includeMetadata: true, abortSignal }).byPage();
  let first = true;
  for await (const page of pages) {
    if (first && page.date) listing.serviceNow = page.date.getTime();
    first = false;
    for (const item of page.segment.blobItems) {
      const rest = item.name.slice(prefix.length);
      if (rest.startsWith('tenant/')) {
        // `breaking` still blocks an acquisition, so it counts as leased.
        const leased = item.properties.leaseState === 'leased' || item.properties.leaseState === 'breaking';
        const recorded = item.metadata?.[HOLDER_METADATA];
        const holder = leased && recorded ? safeDecode(recorded) : undefined;
        const releasedBy =
          item.properties.leaseState === 'available' && recorded ? safeDecode(recorded) : undefined;
        const lastPoll = Number(item.metadata?.[LAST_POLL_METADATA]);
        const lastPollAt = releasedBy && Number.isFinite(lastPoll) && lastPoll > 0 ? lastPoll : undefined;
        listing.tenants.set(rest.slice('tenant/'.length), { leased, holder, releasedBy, lastPollAt });
      } else if (rest.startsWith('replica/')) {
        listing.beats.push({
          replicaId: unescapeKey(rest.slice('replica/'.length)),
          writtenAt: item.properties.lastModified.getTime(),
          blobName: item.name,
          etag: item.properties.etag,
        });
      }
    }
  }
  return listing;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // written by another tool: shown as is
  }
}

/**
 * A lease operation or a lease-conditioned request that says this lease is not (or no longer) ours:
 * 409 (LeaseIdMismatchWithLeaseOperation, LeaseIsBrokenAndCannotBeRenewed, LeaseAlreadyPresent),
 * 412 (LeaseIdMismatchWithBlobOperation, LeaseNotPresentWithBlobOperation) or 404 (the blob is gone).
 * https://learn.microsoft.com/rest/api/storageservices/lease-blob (outcomes by lease state)
 */
export function isLeaseLost(err: unknown): boolean {
  const status = statusOf(err);
  return status === 409 || status === 412 || status === 404;
}

/**
 * Runs one request, aborting it after `budgetMs` or when `stopping` is aborted. Like the leader's
 * deadline: a request must not outlive the lease it is about (the SDK's own try timeout is 30 s).
 */
export async function within<T>(
  clock: Clock,
  budgetMs: number,
  stopping: AbortSignal,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(stopping.reason);
  if (stopping.aborted) onStop();
  else stopping.addEventListener('abort', onStop, { once: true });
  const budget = Math.max(0, budgetMs);
  void clock.sleep(budget, controller.signal).then(
    () => controller.abort(new Error(`no answer within ${budget} ms`)),
    () => undefined, // the request finished first and cancelled the timer
  );
  try {
    return await request(controller.signal);
  } finally {
    stopping.removeEventListener('abort', onStop);
    controller.abort();
  }
}

/** A heartbeat older than this many lease periods is a replica gone for good: its blob is deleted. */
const FORGET_AFTER_LEASES = 4;

/** The requests of one replica on the lease blobs, each bounded in time and cut short by `stopping`. */
export class TenantLeaseBlobs {
  constructor(
    private readonly container: ContainerClient,
    private readonly o: {
      prefix: string;
      replicaId: string;
      clock: Clock;
      leaseSeconds: number;
      renewEveryMs: number;
      stopping: AbortSignal;
      logger: Logger | undefined;
    },
  ) {}

  list(): Promise<LeaseListing> {
    return this.within(this.o.leaseSeconds * 1000, (signal) =>
      listLeases(this.container, this.o.prefix, this.o.clock, signal),
    );
  }

  /** Rewrites the heartbeat; false when it failed (logged). */
  async beat(): Promise<boolean> {
    const body = JSON.stringify({
      replicaId: this.o.replicaId,
      beatAt: new Date(this.o.clock.now()).toISOString(),
    });
    const blob = this.container.getBlockBlobClient(replicaBlobName(this.o.prefix, this.o.replicaId));
    try {
      // A heartbeat later than one period is useless (the next one is due) and must not hold up renewals.
      await this.within(this.o.renewEveryMs, (abortSignal) =>
        blob.upload(body, Buffer.byteLength(body), { abortSignal }),
      );
      return true;
    } catch (err) {
      if (!this.o.stopping.aborted) this.o.logger?.warn({ err: errorMessage(err) }, 'heartbeat not written');
      return false;
    }
  }

  /** Not bounded by `stopping`: it runs while stopping. */
  async removeBeat(): Promise<void> {
    try {
      await this.container.deleteBlob(replicaBlobName(this.o.prefix, this.o.replicaId));
    } catch (err) {
      if (statusOf(err) !== 404)
        this.o.logger?.warn({ err: errorMessage(err) }, 'could not remove the heartbeat');
    }
  }

  /**
   * Acquires the tenant's lease with a fresh lease id (so fences of earlier acquisitions never pass
   * again), creating the blob first when the listing had none. Rejects with the SDK's 409 when another
   * replica holds it.
   */
  async take(
    tenant: string,
    exists: boolean,
  ): Promise<{ blob: BlobClient; lease: BlobLeaseClient; sentAt: number }> {
    const blob = this.container.getBlobClient(tenantBlobName(this.o.prefix, tenant));
    const lease = blob.getBlobLeaseClient(randomUUID());
    if (!exists) {
      try {
        await this.within(this.o.leaseSeconds * 1000, (abortSignal) =>
          blob.getBlockBlobClient().upload('', 0, { conditions: { ifNoneMatch: '*' }, abortSignal }),
        );
      } catch (err) {
        if (!isConflict(err)) throw err; // 409: it exists (maybe leased), which is fine
      }
    }
    const sentAt = this.o.clock.now();
    await this.within(this.o.leaseSeconds * 1000, (abortSignal) =>
      lease.acquireLease(this.o.leaseSeconds, { abortSignal }),
    );
    await this.recordHolder(blob, lease.leaseId);
    return { blob, lease, sentAt };
  }

  /** Renews within `budgetMs` (the time left on the lease: a later answer is of no use). */
  renew(lease: BlobLeaseClient, budgetMs: number): Promise<unknown> {
    return this.within(budgetMs, (abortSignal) => lease.renewLease({ abortSignal }));
  }

  /**
   * Before a handover: leaves when this replica last polled the tenant on its blob (under the lease), so
   * the next holder keeps the tenant's interval. Best effort: without it the next holder waits a whole
   * interval from its acquisition.
   */
  async noteLastPoll(blob: BlobClient, leaseId: string, lastPollAt: number): Promise<void> {
    try {
      const metadata = {
        [HOLDER_METADATA]: encodeURIComponent(this.o.replicaId),
        [LAST_POLL_METADATA]: String(Math.round(lastPollAt)),
      };
      await this.within(this.o.renewEveryMs, (abortSignal) =>
        blob.setMetadata(metadata, { conditions: { leaseId }, abortSignal }),
      );
    } catch (err) {
      this.o.logger?.debug({ err: errorMessage(err) }, 'could not note the last poll of a tenant');
    }
  }

  /** Names this replica on the blob, for the others' snapshots; without it only the name is missing. */
  private async recordHolder(blob: BlobClient, leaseId: string): Promise<void> {
    try {
      const metadata = { [HOLDER_METADATA]: encodeURIComponent(this.o.replicaId) };
      await this.within(this.o.leaseSeconds * 1000, (abortSignal) =>
        blob.setMetadata(metadata, { conditions: { leaseId }, abortSignal }),
      );
    } catch (err) {
      this.o.logger?.debug({ err: errorMessage(err) }, 'could not record the holder of a tenant lease');
    }
  }

  /** Deletes heartbeats of replicas gone for several lease periods (only if unchanged since listed). */
  async forgetGone(listing: LeaseListing, concurrency: number): Promise<void> {
    const limit = FORGET_AFTER_LEASES * this.o.leaseSeconds * 1000;
    const gone = listing.beats.filter(
      (b) => b.replicaId !== this.o.replicaId && listing.serviceNow - b.writtenAt > limit,
    );
    await mapLimit(gone, concurrency, async (b) => {
      try {
        await this.container.deleteBlob(b.blobName, { conditions: { ifMatch: b.etag } });
        this.o.logger?.info({ gone: b.replicaId }, 'removed the heartbeat of a replica gone for good');
      } catch (err) {
        this.o.logger?.debug({ err: errorMessage(err) }, 'could not remove a stale heartbeat');
      }
    });
  }

  private within<T>(budgetMs: number, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return within(this.o.clock, budgetMs, this.o.stopping, request);
  }
}
