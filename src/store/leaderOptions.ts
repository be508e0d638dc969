import type { ContainerClient } from '@azure/storage-blob';
import type { Clock } from '../clock';
import type { Logger } from '../log';

/** Options of `BlobLeaseLeader`: a container (client, or connection string + name) and timings. */
export interface BlobLeaseLeaderOptions {
  /** The container holding the leader blob (e.g. `BlobStore.container`). */
  containerClient?: ContainerClient;
  /** Used when no `containerClient` is given. Never logged. */
  connectionString?: string;
  /** Used with `connectionString`. */
  container?: string;
  /** The blob whose lease is leadership. Default `leader.lock`. */
  blobName?: string;
  /**
   * Lease duration in seconds, 15..60 (Azure's range). Default 15. A dead leader is replaced within
   * this time plus one `renewEveryMs`.
   */
  leaseSeconds?: number;
  /**
   * How often the leader renews, and a follower campaigns, in ms. Default a third of the lease, so two
   * renewals can fail before the lease lapses. Must be shorter than the lease.
   */
  renewEveryMs?: number;
  /** This replica's id, recorded in the blob's metadata so every replica can name the leader. */
  replicaId: string;
  clock?: Clock;
  logger?: Logger;
}

export interface CheckedLeaseOptions {
  blobName: string;
  leaseSeconds: number;
  renewEveryMs: number;
  connection?: { connectionString: string; container: string };
}

/**
 * Validates the options and fills in defaults; throws a RangeError naming the bad option. `who` names
 * the class in the messages (`BlobTenantLeases` shares these options and their ranges).
 */
export function checkLeaseOptions(o: BlobLeaseLeaderOptions, who = 'BlobLeaseLeader'): CheckedLeaseOptions {
  if (typeof o.replicaId !== 'string' || o.replicaId.trim() === '') {
    throw new RangeError(`${who} needs a non-empty replicaId.`);
  }
  const leaseSeconds = o.leaseSeconds ?? 15;
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 15 || leaseSeconds > 60) {
    throw new RangeError(`${who} leaseSeconds must be an integer from 15 to 60, got ${leaseSeconds}.`);
  }
  const renewEveryMs = o.renewEveryMs ?? Math.floor((leaseSeconds * 1000) / 3);
  if (!Number.isFinite(renewEveryMs) || renewEveryMs <= 0 || renewEveryMs >= leaseSeconds * 1000) {
    throw new RangeError(
      `${who} renewEveryMs must be above 0 and below the lease (${leaseSeconds * 1000} ms), got ${renewEveryMs}.`,
    );
  }
  const blobName = o.blobName ?? 'leader.lock';
  if (blobName === '' || blobName.length > 1024)
    throw new RangeError(`${who} blobName must be 1-1024 characters.`);
  if (o.containerClient) return { blobName, leaseSeconds, renewEveryMs };
  if (!o.connectionString || !o.container) {
    throw new RangeError(`${who} needs a containerClient, or a connectionString and a container.`);
  }
  return {
    blobName,
    leaseSeconds,
    renewEveryMs,
    connection: { connectionString: o.connectionString, container: o.container },
  };
}
