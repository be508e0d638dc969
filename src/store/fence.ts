/**
 * Fences: a replica that lost a tenant's lease (paused, partitioned, slow to notice) must not change
 * that tenant's state. Every write of a fenced store first asks the storage service whether this
 * replica's lease on the tenant's blob is still the active one.
 */
import type { BlobClient } from '@azure/storage-blob';
import { FenceLostError } from '../errors';
import { toStoreError } from './blobErrors';
import { isLeaseLost } from './tenantLeaseBlobs';
import type { Fence } from './tenantLeases';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

/**
 * The fence of one acquisition of a tenant's blob lease. `check()` is one Get Blob Properties with
 * `x-ms-lease-id`: the service answers 412 (LeaseIdMismatchWithBlobOperation, or
 * LeaseNotPresentWithBlobOperation once the lease expired, was released or broken) unless this exact
 * lease is active at that moment (https://learn.microsoft.com/rest/api/storageservices/get-blob-properties).
 * A read: it costs no write and changes no ETag. Every acquisition has its own lease id, so a fence of an
 * earlier acquisition never passes again, even when this replica holds the tenant anew.
 *
 * Not cached: a cached "yes" would stay safe only until the lease could have expired, which a paused
 * process cannot judge by its own clock; one request per write is the price of the guarantee.
 */
export class BlobLeaseFence implements Fence {
  constructor(
    readonly tenant: string,
    private readonly blob: BlobClient,
    private readonly leaseId: string,
    private readonly controller: AbortController,
    /** Told when a check finds the lease gone, so the holder stops counting the tenant as its own. */
    private readonly onLost: (tenant: string) => void,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async check(): Promise<void> {
    if (this.controller.signal.aborted) throw new FenceLostError(this.tenant);
    try {
      await this.blob.getProperties({ conditions: { leaseId: this.leaseId } });
    } catch (err) {
      if (!isLeaseLost(err)) throw toStoreError(err, `check the lease of tenant "${this.tenant}"`);
      this.onLost(this.tenant);
      throw new FenceLostError(this.tenant, { cause: err });
    }
    // The lease may have been released while the request was in flight.
    if (this.controller.signal.aborted) throw new FenceLostError(this.tenant);
  }
}

/** A fence that never fails (one process holds every tenant); its signal aborts on release. */
export class OpenFence implements Fence {
  constructor(private readonly controller: AbortController) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async check(): Promise<void> {}
}

/**
 * A view of `store` whose writes (put, delete, batch) each await `fence.check()` first: a refused check
 * rejects with FenceLostError and nothing is written. Reads are not fenced (a stale read changes
 * nothing). The check and the write are two requests: a write already past its check when the lease
 * is lost still lands, which is why the poller also stops at once on `fence.signal` and why records are
 * written with their own eTag conditions.
 */
export function fencedStore(store: Store, fence: Fence): Store {
  return new FencedStore(store, fence);
}

class FencedStore implements Store {
  readonly kind: string;

  constructor(
    private readonly store: Store,
    private readonly fence: Fence,
  ) {
    this.kind = store.kind;
  }

  get<T>(key: string): Promise<StoredItem<T> | undefined> {
    return this.store.get<T>(key);
  }

  list<T>(prefix: string, options?: ListOptions): Promise<StoredItem<T>[]> {
    return this.store.list<T>(prefix, options);
  }

  async put<T>(key: string, value: T, options?: PutOptions): Promise<string> {
    await this.fence.check();
    return this.store.put(key, value, options);
  }

  async delete(key: string, options?: { ifMatch?: string }): Promise<boolean> {
    await this.fence.check();
    return this.store.delete(key, options);
  }

  async batch(ops: BatchOp[]): Promise<void> {
    await this.fence.check();
    return this.store.batch(ops);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  /** The view does not own the store: closing it leaves the shared store open for the other tenants. */
  async close(): Promise<void> {}
}
