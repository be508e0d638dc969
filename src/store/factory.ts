import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Logger } from '../log';
import { BLOB_RETRY, openBlobStore } from './blob';
import { prefixedStorage, toBotStorage } from './botStorage';
import { BlobLeaseLeader, SingleProcessLeader } from './leader';
import { MemoryStore } from './memory';
import { openSqliteStore } from './sqlite';
import type { LeaderElector, Store } from './types';
import { AllTenantsHere, BlobTenantLeases, type TenantAssignment } from './tenantLeases';
import { TURN_STATE_PREFIX } from '../records';

/** Which backend holds the durable state. */
export type StorageSpec =
  /** Forgets everything on exit: tests and throwaway demos. */
  | { kind: 'memory' }
  /** One process, one file (the default). Parent directories are created. */
  | { kind: 'sqlite'; path: string }
  /** Several replicas on one container; leadership by blob lease. */
  | { kind: 'azure-blob'; connectionString: string; container: string };

/** Everything stateful the bot needs, built from one spec. */
export interface OpenedStorage {
  store: Store;
  /** teams-ai turn state (`new Application({ storage })`), under keys prefixed `turn/`. */
  botStorage: Storage;
  leader: LeaderElector;
  /** Which tenants this replica polls: all of them with one process, a fair share of blob leases else. */
  assignment: TenantAssignment;
  /** Stops leading (releasing a lease) and closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** The key prefix of teams-ai turn state, apart from the product's own records. */
export { TURN_STATE_PREFIX };

/** Options of `createStorage`. */
export interface CreateStorageOptions {
  logger: Logger;
  /** This replica's name (leader election, logs). */
  replicaId: string;
  /** Blob lease period for leader election, seconds (15-60; LEADER_LEASE_SECONDS). Default 15. Azure Blob only. */
  leaseSeconds?: number;
  /** Blob lease period of each tenant's polling, seconds (15-60). Default `leaseSeconds`. Azure Blob only. */
  tenantLeaseSeconds?: number;
}

export async function createStorage(spec: StorageSpec, o: CreateStorageOptions): Promise<OpenedStorage> {
  const parts = await open(spec, o);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await parts.assignment.stop();
      await parts.leader.stop();
      await parts.store.close();
    })());
  return { ...parts, close };
}

async function open(spec: StorageSpec, o: CreateStorageOptions): Promise<Omit<OpenedStorage, 'close'>> {
  const logger = o.logger.child({ component: 'store' });
  switch (spec?.kind) {
    case 'memory': {
      const store = new MemoryStore();
      return {
        store,
        botStorage: toBotStorage(store, TURN_STATE_PREFIX),
        leader: new SingleProcessLeader(o.replicaId),
        assignment: new AllTenantsHere(o.replicaId),
      };
    }
    case 'sqlite': {
      const store = openSqliteStore(spec.path, { logger });
      return {
        store,
        botStorage: toBotStorage(store, TURN_STATE_PREFIX),
        leader: new SingleProcessLeader(o.replicaId),
        assignment: new AllTenantsHere(o.replicaId),
      };
    }
    case 'azure-blob': {
      const store = await openBlobStore({ ...spec, logger });
      // botbuilder's own blob storage for turn state (same container, keys under `turn/`).
      const blobs = new BlobsStorage(spec.connectionString, spec.container, {
        storagePipelineOptions: { retryOptions: BLOB_RETRY },
      });
      const leader = new BlobLeaseLeader({
        containerClient: store.container,
        replicaId: o.replicaId,
        leaseSeconds: o.leaseSeconds,
        logger,
      });
      // Each tenant's polling goes to the replica holding its lease: a fair share per live replica.
      const assignment = new BlobTenantLeases({
        containerClient: store.container,
        replicaId: o.replicaId,
        leaseSeconds: o.tenantLeaseSeconds ?? o.leaseSeconds,
        logger,
      });
      return { store, botStorage: prefixedStorage(blobs, TURN_STATE_PREFIX), leader, assignment };
    }
    default:
      throw new RangeError(
        `Unknown storage kind ${JSON.stringify((spec as { kind?: unknown })?.kind)}: use memory, sqlite or azure-blob.`,
      );
  }
}
