/**
 * The default durable store: one SQLite file (better-sqlite3), WAL journal, one process at a time. The
 * connection lives on a worker thread of its own (sqliteThread.ts); this side checks keys and
 * serialises values on the caller's thread, so bad input fails here, before anything is sent, and the
 * worker only runs statements. Every write is its own transaction; a batch is one transaction.
 */
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { EncodedOp, Row } from './sqliteEngine';
import { renderEtag } from './sqliteEngine';
import {
  assertValidKey,
  assertValidPrefix,
  checkConditions,
  checkListOptions,
  encodeValue,
  prefixUpperBound,
} from './keys';
import type { OpenOptions } from './sqliteOpen';
import { callerChannel, workerChannel, type EngineChannel } from './sqliteThread';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions extends OpenOptions {
  /**
   * Where the statements run: `'worker'` (default), a worker thread that owns the connection, so a
   * batch's SQLite work overlaps the caller's next page; `'caller'`, this thread (tools, no thread).
   */
  thread?: 'worker' | 'caller';
}

/**
 * Opens (creating the file, its parent directories and the schema when missing) the SQLite store at
 * `path` (`:memory:` for a private in-memory database). Throws StoreError('store_locked') when another
 * process has it open, StoreError('store_unavailable') when it cannot be opened or migrated.
 */
export function openSqliteStore(path: string, o: SqliteStoreOptions = {}): SqliteStore {
  const options = { synchronous: o.synchronous, lockWaitMs: o.lockWaitMs };
  const channel = o.thread === 'caller' ? callerChannel(path, options) : workerChannel(path, options);
  const { to, applied } = channel.migration;
  o.logger?.info(
    { path, schemaVersion: to, migrationsApplied: applied, thread: o.thread ?? 'worker' },
    'sqlite store opened',
  );
  return new SqliteStore(channel, path, o.logger);
}

/**
 * Etags are `"<n>"` with n from one global sequence; `list` walks the primary-key index over the range
 * `[prefix, prefixUpperBound(prefix))`; a batch is one transaction (all or nothing). Requests reach the
 * connection in the order they are made, so a read sees every write made before it.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';

  /** Use `openSqliteStore`. */
  constructor(
    private readonly channel: EngineChannel,
    readonly path: string,
    private readonly logger?: Logger,
  ) {}

  async get<T>(key: string): Promise<StoredItem<T> | undefined> {
    assertValidKey(key);
    const row = await this.channel.call({ method: 'get', key });
    return row ? toItem<T>(row) : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    const [etag] = await this.write([{ op: 'put', key, value, ...options }]);
    return etag as string;
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    const [outcome] = await this.write([{ op: 'delete', key, ...options }]);
    return outcome === 'deleted';
  }

  async list<T>(prefix: string, options: ListOptions = {}): Promise<StoredItem<T>[]> {
    assertValidPrefix(prefix);
    const { limit, after, reverse } = checkListOptions(options);
    const query = { prefix, bound: prefixUpperBound(prefix), after, reverse, limit };
    const rows = await this.channel.call({ method: 'list', query });
    return rows.map((row) => toItem<T>(row));
  }

  async batch(ops: BatchOp[]): Promise<void> {
    if (!Array.isArray(ops)) throw new RangeError('Store batch expects an array of operations.');
    await this.write(ops);
  }

  async ping(): Promise<void> {
    await this.channel.call({ method: 'ping' });
  }

  /** Checkpoints the WAL into the main file, closes the connection and so releases the lock. */
  async close(): Promise<void> {
    if (!this.channel.open) return;
    try {
      await this.channel.close();
    } catch (err) {
      this.logger?.warn({ path: this.path, err: errorMessage(err) }, 'sqlite store close failed');
      throw err;
    }
    this.logger?.info({ path: this.path }, 'sqlite store closed');
  }

  /** Checks and serialises every op here (all or nothing: a bad op sends nothing), then writes them. */
  private write(ops: BatchOp[]): Promise<string[]> {
    const encoded = ops.map(encodeOp);
    return this.channel.call({ method: 'write', ops: encoded });
  }
}

function encodeOp(op: BatchOp): EncodedOp {
  assertValidKey(op.key);
  checkConditions(op.key, op);
  const conditions = {
    ...(op.ifMatch !== undefined ? { ifMatch: op.ifMatch } : {}),
    ...(op.op === 'put' && op.ifNoneMatch !== undefined ? { ifNoneMatch: op.ifNoneMatch } : {}),
  };
  if (op.op === 'delete') return { op: 'delete', key: op.key, ...conditions };
  return { op: 'put', key: op.key, json: encodeValue(op.key, op.value), ...conditions };
}

function toItem<T>(row: Row): StoredItem<T> {
  return { key: row.key, value: JSON.parse(row.value) as T, etag: renderEtag(row.version) };
}
