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
import type { ContainerClient } from '@azure/storage-blob';
import type { Clock } from '../clock';
import { escapeKey, unescapeKey } from './blobNames';
import { statusOf } from './blobErrors';
import type { Heartbeat } from './tenantShare';

/** The metadata entry naming the holder (lower case: Azure returns metadata names lower-cased). */
export const HOLDER_METADATA = 'holder';

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
  /** Every tenant blob: whether a lease is on it and, when there is, who recorded taking it. */
  tenants: Map<string, { leased: boolean; holder: string | undefined }>;
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
        listing.tenants.set(rest.slice('tenant/'.length), { leased, holder });
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
