import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../../src/errors';
import { openSqliteStore, toBotStorage } from '../../../src/store';
import { MIGRATIONS } from '../../../src/store/sqliteSchema';
import { describeBotStorageContract } from '../../helpers/botStorageContract';
import { describeStoreContract } from '../../helpers/storeContract';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const freshPath = (): string => join(dir, `db${++counter}`, 'bot.db');

describeStoreContract('SqliteStore', async () => openSqliteStore(freshPath()), { atomicBatch: true });
describeBotStorageContract('toBotStorage(SqliteStore)', async () =>
  toBotStorage(openSqliteStore(':memory:')),
);

describe('SqliteStore', () => {
  it('creates parent directories, keeps data across a reopen, and never reuses an etag', async () => {
    const path = freshPath();
    const first = openSqliteStore(path);
    const etag = await first.put('wm', { at: 1 });
    await first.delete('wm');
    await first.close();
    const second = openSqliteStore(path);
    await second.put('sub/1', 'kept');
    const again = await second.put('wm', { at: 2 });
    expect(again).not.toBe(etag);
    await second.close();
    const third = openSqliteStore(path);
    expect((await third.get('sub/1'))?.value).toBe('kept');
    await third.close();
  });

  it('runs each migration once and records it in user_version and schema_migrations', async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    await openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('refuses a database written by a newer schema, saying what to do', async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/schema version 99.*only knows up to/);
  });

  it('is in WAL mode with an exclusive lock, and checkpoints the WAL away on close', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.put('outbox/1', 'x');
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(existsSync(`${path}.owner`)).toBe(true);
    await store.close();
    expect(existsSync(`${path}.owner`)).toBe(false);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a second open of the same file in this process too, with the clear message', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    let error: unknown;
    try {
      openSqliteStore(path, { lockWaitMs: 0 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'store_locked' });
    expect((error as Error).message).toContain(
      `is in use by another defender-dlp-bot process (pid ${process.pid}`,
    );
    expect((error as Error).message).toContain('Stop it or set STORE to another path.');
    await store.close();
  });

  it('reports use after close as store_unavailable, and close twice is harmless', async () => {
    const store = openSqliteStore(freshPath());
    await store.close();
    await store.close();
    await expect(store.get('sub/1')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.ping()).rejects.toThrow(/is closed/);
  });

  it('reports a path it cannot create as store_unavailable', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    expect(() => openSqliteStore(join(file, 'sub', 'bot.db'))).toThrow(
      expect.objectContaining({ code: 'store_unavailable', message: expect.stringContaining('Cannot open') }),
    );
  });
});
