/**
 * The default durable store: one SQLite file (better-sqlite3, synchronous and in-process), WAL journal,
 * one process at a time. Every write is its own transaction; a batch is one transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import { StoreConflictError, StoreError, errorMessage } from '../errors';
import type { Logger } from '../log';
import {
  assertValidKey,
  assertValidPrefix,
  checkConditions,
  checkListOptions,
  encodeValue,
  prefixUpperBound,
} from './keys';
import { openLockedDatabase, releaseOwner, type OpenOptions } from './sqliteOpen';
import { migrate } from './sqliteSchema';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

/** Options of `openSqliteStore`. */
export type SqliteStoreOptions = OpenOptions;

interface Row {
  key: string;
  value: string;
  version: number;
}

/**
 * Opens (creating the file, its parent directories and the schema when missing) the SQLite store at
 * `path` (`:memory:` for a private in-memory database). Throws StoreError('store_locked') when another
 * process has it open, StoreError('store_unavailable') when it cannot be opened or migrated.
 */
export function openSqliteStore(path: string, o: SqliteStoreOptions = {}): SqliteStore {
  const db = openLockedDatabase(path, o);
  try {
    const migration = migrate(db, path);
    o.logger?.info(
      { path, schemaVersion: migration.to, migrationsApplied: migration.applied },
      'sqlite store opened',
    );
  } catch (err) {
    db.close();
    releaseOwner(path);
    if (err instanceof StoreError) throw err;
    throw new StoreError('store_unavailable', `Cannot migrate the database ${path}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  return new SqliteStore(db, path, o.logger);
}

/**
 * Etags are `"<n>"` with n from one global sequence; `list` walks the primary-key index over the range
 * `[prefix, prefixUpperBound(prefix))`; a batch is one transaction (all or nothing).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly statements = new Map<string, Statement>();
  private readonly putTx: (op: BatchOp) => string;
  private readonly batchTx: (ops: BatchOp[]) => void;

  /** Use `openSqliteStore`; the constructor expects an already locked and migrated database. */
  constructor(
    private readonly db: Database,
    readonly path: string,
    private readonly logger?: Logger,
  ) {
    this.putTx = db.transaction((op: BatchOp) => this.apply(op));
    // A batch takes its etag versions as one range: one read and one write of the sequence per batch
    // instead of an UPDATE … RETURNING per key (a poll page writes ~1,000 keys; issue 18).
    this.batchTx = db.transaction((ops: BatchOp[]) => {
      const row = this.sql('SELECT value FROM etag_sequence WHERE id = 1').get() as { value: number };
      let seq = row.value;
      for (const op of ops) this.apply(op, () => ++seq);
      if (seq !== row.value) this.sql('UPDATE etag_sequence SET value = ? WHERE id = 1').run(seq);
    });
  }

  async get<T>(key: string): Promise<StoredItem<T> | undefined> {
    assertValidKey(key);
    const row = this.run(() => this.sql('SELECT key, value, version FROM items WHERE key = ?').get(key));
    return row ? toItem<T>(row as Row) : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    const op: BatchOp = { op: 'put', key, value, ...options };
    return this.run(() => this.putTx(op));
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    const op: BatchOp = { op: 'delete', key, ...options };
    return this.run(() => this.putTx(op)) === 'deleted';
  }

  async list<T>(prefix: string, options: ListOptions = {}): Promise<StoredItem<T>[]> {
    assertValidPrefix(prefix);
    const { limit, after, reverse } = checkListOptions(options);
    const bound = prefixUpperBound(prefix);
    // A half-open range on the primary key, so SQLite walks the index instead of scanning the table.
    const where = ['key >= @prefix'];
    if (bound !== undefined) where.push('key < @bound');
    if (after !== undefined) where.push(reverse ? 'key < @after' : 'key > @after');
    const sql =
      `SELECT key, value, version FROM items WHERE ${where.join(' AND ')} ` +
      `ORDER BY key ${reverse ? 'DESC' : 'ASC'} LIMIT @limit`;
    const params = { prefix, bound, after, limit: limit ?? -1 };
    const rows = this.run(() => this.sql(sql).all(stripUndefined(params))) as Row[];
    return rows.map((row) => toItem<T>(row));
  }

  async batch(ops: BatchOp[]): Promise<void> {
    if (!Array.isArray(ops)) throw new RangeError('Store batch expects an array of operations.');
    this.run(() => this.batchTx(ops));
  }

  async ping(): Promise<void> {
    this.run(() => this.sql('SELECT 1').get());
  }

  /** Checkpoints the WAL into the main file, closes the connection and so releases the lock. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
      releaseOwner(this.path);
    }
    this.logger?.info({ path: this.path }, 'sqlite store closed');
  }

  /** One op inside the caller's transaction. Returns the new etag, or 'deleted' / 'missing'. */
  private apply(op: BatchOp, nextVersion: () => number = () => this.nextVersion()): string {
    assertValidKey(op.key);
    checkConditions(op.key, op);
    const conditional = op.ifMatch !== undefined || (op.op === 'put' && op.ifNoneMatch !== undefined);
    if (!conditional) return this.applyBlind(op, nextVersion);
    const current = this.sql('SELECT version FROM items WHERE key = ?').get(op.key) as Row | undefined;
    const etag = current ? renderEtag(current.version) : undefined;
    if (op.ifMatch !== undefined && etag !== op.ifMatch) throw new StoreConflictError(op.key);
    if (op.op === 'delete') {
      return this.sql('DELETE FROM items WHERE key = ?').run(op.key).changes > 0 ? 'deleted' : 'missing';
    }
    if (op.ifNoneMatch === '*' && current) throw new StoreConflictError(op.key);
    return this.upsert(op.key, encodeValue(op.key, op.value), nextVersion());
  }

  /** An unconditional op: no need to read the current version first. */
  private applyBlind(op: BatchOp, nextVersion: () => number): string {
    if (op.op === 'delete') {
      return this.sql('DELETE FROM items WHERE key = ?').run(op.key).changes > 0 ? 'deleted' : 'missing';
    }
    return this.upsert(op.key, encodeValue(op.key, op.value), nextVersion());
  }

  private upsert(key: string, json: string, version: number): string {
    this.sql(
      'INSERT INTO items (key, value, version) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version',
    ).run(key, json, version);
    return renderEtag(version);
  }

  private nextVersion(): number {
    const next = this.sql(
      'UPDATE etag_sequence SET value = value + 1 WHERE id = 1 RETURNING value',
    ).get() as {
      value: number;
    };
    return next.value;
  }

  /** Prepared statements are cached by their text: each distinct query is compiled once. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `fn`, passing conflicts and bad input through and turning SQLite failures into StoreError. */
  private run<R>(fn: () => R): R {
    if (!this.db.open) {
      throw new StoreError('store_unavailable', `The SQLite store ${this.path} is closed.`);
    }
    try {
      return fn();
    } catch (err) {
      if (err instanceof StoreConflictError || err instanceof RangeError || err instanceof TypeError)
        throw err;
      throw new StoreError('store_unavailable', `SQLite store ${this.path} failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }
}

function renderEtag(version: number): string {
  return `"${version}"`;
}

function toItem<T>(row: Row): StoredItem<T> {
  return { key: row.key, value: JSON.parse(row.value) as T, etag: renderEtag(row.version) };
}

function stripUndefined(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}
