/**
 * The storage port. Every durable record of the product (subscriptions, conversation references, the
 * poller's watermark, tracked alerts, the alert → card map, the outbox, the audit log) goes through it.
 *
 * Keys are `/`-separated strings (`sub/<id>`, `outbox/<id>`), at most 512 characters. Values are JSON.
 * Every item has an opaque `etag`; writes can be conditional (optimistic concurrency).
 */
export interface StoredItem<T = unknown> {
  key: string;
  value: T;
  etag: string;
}

export interface PutOptions {
  /** Write only if the current etag equals this one (else StoreConflictError). */
  ifMatch?: string;
  /** `'*'`: write only if the key does not exist yet (else StoreConflictError). */
  ifNoneMatch?: '*';
}

export interface ListOptions {
  /** Return at most this many items (default: all). */
  limit?: number;
  /** Only keys strictly greater than this one (for paging). */
  after?: string;
  /** Key order; default ascending. */
  reverse?: boolean;
}

export type BatchOp =
  | { op: 'put'; key: string; value: unknown; ifMatch?: string; ifNoneMatch?: '*' }
  | { op: 'delete'; key: string; ifMatch?: string };

export interface Store {
  /** `memory`, `sqlite` or `azure-blob`. */
  readonly kind: string;
  get<T = unknown>(key: string): Promise<StoredItem<T> | undefined>;
  /** Returns the etag of the new version. Throws StoreConflictError when a condition fails. */
  put<T = unknown>(key: string, value: T, options?: PutOptions): Promise<string>;
  /** Returns false when the key did not exist. Throws StoreConflictError when `ifMatch` fails. */
  delete(key: string, options?: { ifMatch?: string }): Promise<boolean>;
  /** Items whose key starts with `prefix`, in key order. */
  list<T = unknown>(prefix: string, options?: ListOptions): Promise<StoredItem<T>[]>;
  /**
   * Applies the operations in order. SQLite and memory: atomically (all or nothing). Azure Blob: one by
   * one, each conditional; a failure stops the batch (callers order ops so a prefix is always safe).
   */
  batch(ops: BatchOp[]): Promise<void>;
  /** Throws when the backend cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Who polls. Every replica serves Teams traffic; only the leader runs the poller and the notifier.
 * SQLite: the single process is always the leader. Azure Blob: a renewed blob lease.
 */
export interface LeaderElector {
  readonly replicaId: string;
  isLeader(): boolean;
  /** The current leader's replica id when known. */
  leaderId(): string | undefined;
  /** Starts campaigning/renewing; calls `onChange` whenever this replica gains or loses leadership. */
  start(onChange?: (leader: boolean) => void): Promise<void>;
  /** Releases the lease if held. */
  stop(): Promise<void>;
}
