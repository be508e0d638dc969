/**
 * Opens the SQLite file for exactly one process. The guarantee is SQLite's own OS-level file lock, taken
 * at open and held until the connection closes (`locking_mode=EXCLUSIVE` plus a first write): the
 * kernel drops it when the process dies, even on kill -9, so there is never a stale lock to clean up.
 * The `<path>.owner` file next to it only serves the error message (which pid holds the lock).
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { StoreError, errorMessage } from '../errors';
import type { Logger } from '../log';

export interface OpenOptions {
  /**
   * `'normal'` (default): in WAL mode a commit is durable once `put` returns, against a crash or kill -9
   * of this process (the WAL write has reached the OS); only a power loss or OS crash can lose the last
   * commits. `'full'`: also fsync every commit, to survive power loss, at a cost per write.
   */
  synchronous?: 'normal' | 'full';
  /** How long opening waits for another process to release the file, in ms. Default 2000. */
  lockWaitMs?: number;
  logger?: Logger;
}

/** True for SQLite's private in-memory database, which has no file to lock. */
export function isInMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

/** Opens, configures and locks the database; throws StoreError('store_locked') when it is in use. */
export function openLockedDatabase(path: string, o: OpenOptions = {}): Database.Database {
  const file = isInMemoryPath(path) ? ':memory:' : resolve(path);
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
  } catch (err) {
    throw new StoreError('store_unavailable', `Cannot open the database ${file}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(o.lockWaitMs ?? 2000))}`);
    // EXCLUSIVE before WAL: SQLite then keeps the WAL index in process memory (no -shm file) and the
    // first write below takes the file lock for the lifetime of the connection.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    db.pragma(`synchronous = ${o.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw lockedError(file, err);
    throw new StoreError('store_unavailable', `Cannot open the database ${file}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  if (file !== ':memory:') writeOwner(file, o.logger);
  return db;
}

/** Removes the owner note; called after the connection (and so the lock) is closed. */
export function releaseOwner(path: string): void {
  if (isInMemoryPath(path)) return;
  const owner = ownerFile(resolve(path));
  // Only our own note: a successor may already have written its pid.
  if (readOwner(owner)?.pid === process.pid) rmSync(owner, { force: true });
}

function lockedError(file: string, cause: unknown): StoreError {
  const owner = readOwner(ownerFile(file));
  const who = owner ? `pid ${owner.pid} on ${owner.host}` : 'pid unknown';
  return new StoreError(
    'store_locked',
    `The database ${file} is in use by another defender-dlp-bot process (${who}). ` +
      'Stop it or set STORE to another path.',
    { cause },
  );
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

function ownerFile(file: string): string {
  return `${file}.owner`;
}

function writeOwner(file: string, logger: Logger | undefined): void {
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  try {
    writeFileSync(ownerFile(file), JSON.stringify(owner) + '\n');
  } catch (err) {
    // The lock holds without the note; only a refused second process would miss our pid.
    logger?.warn(
      { err: errorMessage(err), path: ownerFile(file) },
      'could not write the database owner note',
    );
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    return typeof parsed.pid === 'number' ? (parsed as Owner) : undefined;
  } catch {
    // No note, or a half-written one: the message only gets less precise ("pid unknown"); the lock
    // itself is SQLite's, and the real error (store_locked) must not be replaced by this one.
    return undefined;
  }
}
