export type { BatchOp, LeaderElector, ListOptions, PutOptions, Store, StoredItem } from './types';
export { MemoryStore } from './memory';
export { SqliteStore, openSqliteStore, type SqliteStoreOptions } from './sqlite';
export { BlobStore, openBlobStore, type BlobStoreOptions } from './blob';
export { toBotStorage } from './botStorage';
export { BlobLeaseLeader, SingleProcessLeader, type BlobLeaseLeaderOptions } from './leader';
export {
  AllTenantsHere,
  BlobTenantLeases,
  type BlobTenantLeasesOptions,
  type Fence,
  type TenantAssignment,
  type TenantAssignmentHandlers,
  type TenantSnapshot,
} from './tenantLeases';
export { fencedStore } from './fence';
export {
  createStorage,
  TURN_STATE_PREFIX,
  type CreateStorageOptions,
  type OpenedStorage,
  type StorageSpec,
} from './factory';
export { MAX_KEY_LENGTH, compareKeys } from './keys';
export { updateConditionally, updateRecord } from './update';
export { scopeKey, tenantStore, TENANT_NAME_PATTERN } from './tenantStore';
export { migrateToTenantKeys, type TenantMigrationResult } from './tenantMigration';
