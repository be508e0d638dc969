/**
 * The synchronous half of the SQLite store: one locked, migrated better-sqlite3 connection and the
 * statements the `Store` port needs, over values the caller has already validated and serialised. It runs
 * on the store's worker thread (sqliteWorker.ts), or on the caller's thread (`thread: 'caller'`).
 */
import type { Database, Statement } from 'better-sqlite3';
import { StoreConflictError, StoreError, errorMessage } from '../errors';
import { openLockedDatabase, releaseOwner, type OpenOptions } from './sqliteOpen';
import { migrate, type MigrationResult } from './sqliteSchema';

/** A write as it crosses to the engine: the key checked, the value already JSON. */
export type EncodedOp =
  | { op: 'put'; key: string; json: string; ifMatch?: string; ifNoneMatch?: '*' }
  | { op: 'delete'; key: string; ifMatch?: string };

/** A row as stored: the value still JSON (parsed by the caller, off this thread). */
export interface Row {
  key: string;
  value: string;
  version: number;
}

/** A list query over the primary key: `[prefix, bound)`, after `after`, at most `limit` rows. */
export interface RangeQuery {
  prefix: string;
  bound?: string;
  after?: string;
  reverse: boolean;
  limit?: number;
}

/** Opens (creating and migrating) the database at `path`; see `openSqliteStore` for the errors. */
export function openEngine(
  path: string,
  o: Pick<OpenOptions, 'synchronous' | 'lockWaitMs'> = {},
): { engine: SqliteEngine; migration: MigrationResult } {
  const db = openLockedDatabase(path, o);
  try {
    return { engine: new SqliteEngine(db, path), migration: migrate(db, path) };
  } catch (err) {
    db.close();
    releaseOwner(path);
    if (err instanceof StoreError) throw err;
    throw new StoreError('store_unavailable', `Cannot migrate the database ${path}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}

/**
 * Etags are `"<n>"` with n from one global sequence; `list` walks the primary-key index over a range; a
 * write (one op or a batch) is one transaction, all or nothing.
 */
export class SqliteEngine {
  private readonly statements = new Map<string, Statement>();
  private readonly writeTx: (ops: EncodedOp[]) => string[];

  constructor(
    private readonly db: Database,
    readonly path: string,
  ) {
    // A write takes its etag versions as one range: one read and one write of the sequence per batch
    // instead of an UPDATE … RETURNING per key (a poll page writes ~1,000 keys; issue 18).
    this.writeTx = db.transaction((ops: EncodedOp[]) => {
      const row = this.sql('SELECT value FROM etag_sequence WHERE id = 1').get() as { value: number };
      let seq = row.value;
      const results = ops.map((op) => this.apply(op, () => ++seq));
      if (seq !== row.value) this.sql('UPDATE etag_sequence SET value = ? WHERE id = 1').run(seq);
      return results;
    });
  }

  get open(): boolean {
    return this.db.open;
  }

  get(key: string): Row | undefined {
    return this.sql('SELECT key, value, version FROM items WHERE key = ?').get(key) as Row | undefined;
  }

  list(q: RangeQuery): Row[] {
    // A half-open range on the primary key, so SQLite walks the index instead of scanning the table.
    const where = ['key >= @prefix'];
    if (q.bound !== undefined) where.push('key < @bound');
    if (q.after !== undefined) where.push(q.reverse ? 'key < @after' : 'key > @after');
    const sql =
      `SELECT key, value, version FROM items WHERE ${where.join(' AND ')} ` +
      `ORDER BY key ${q.reverse ? 'DESC' : 'ASC'} LIMIT @limit`;
    const params: Record<string, unknown> = { prefix: q.prefix, limit: q.limit ?? -1 };
    if (q.bound !== undefined) params.bound = q.bound;
    if (q.after !== undefined) params.after = q.after;
    return this.sql(sql).all(params) as Row[];
  }

  /** Applies `ops` in one transaction; returns each op's new etag, or 'deleted' / 'missing'. */
  write(ops: EncodedOp[]): string[] {
    return this.writeTx(ops);
  }

  ping(): void {
    this.sql('SELECT 1').get();
  }

  /** Checkpoints the WAL into the main file, closes the connection and so releases the lock. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
      releaseOwner(this.path);
    }
  }

  private apply(op: EncodedOp, nextVersion: () => number): string {
    const conditional = op.ifMatch !== undefined || (op.op === 'put' && op.ifNoneMatch !== undefined);
    if (conditional) {
      // Only a conditional op needs the current version; a blind write skips the read.
      const current = this.sql('SELECT version FROM items WHERE key = ?').get(op.key) as Row | undefined;
      if (op.ifMatch !== undefined && (!current || renderEtag(current.version) !== op.ifMatch))
        throw new StoreConflictError(op.key);
      if (op.op === 'put' && op.ifNoneMatch === '*' && current) throw new StoreConflictError(op.key);
    }
    if (op.op === 'delete') {
      return this.sql('DELETE FROM items WHERE key = ?').run(op.key).changes > 0 ? 'deleted' : 'missing';
    }
    const version = nextVersion();
    this.sql(
      'INSERT INTO items (key, value, version) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version',
    ).run(op.key, op.json, version);
    return renderEtag(version);
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
}

export function renderEtag(version: number): string {
  return `"${version}"`;
}
