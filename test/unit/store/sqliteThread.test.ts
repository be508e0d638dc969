/**
 * The SQLite store's two homes for its connection: the worker thread (the default, whose Store contract
 * runs in sqlite.test.ts) and the caller's thread; and what the worker adds: requests answered in the
 * order they were made, bad input refused before anything is sent, a dead thread reported, not hung on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { StoreConflictError } from '../../../src/errors';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite';
import { describeStoreContract } from '../../helpers/storeContract';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-thread-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const freshPath = (): string => join(dir, `db${++counter}`, 'bot.db');

describeStoreContract(
  'SqliteStore on the caller thread',
  async () => openSqliteStore(freshPath(), { thread: 'caller' }),
  { atomicBatch: true },
);

describe('SqliteStore on its worker thread', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore(freshPath());
  });
  afterEach(() => store.close());

  it('answers a read sent before an earlier batch resolved with that batch written', async () => {
    const ops = Array.from({ length: 2000 }, (_, i) => ({
      op: 'put' as const,
      key: `alert/${String(i).padStart(5, '0')}`,
      value: { i, text: 'x'.repeat(100) },
    }));
    const written = store.batch(ops);
    const listed = store.list('alert/');
    const last = store.get<{ i: number }>('alert/01999');
    await written;
    expect(await listed).toHaveLength(2000);
    expect((await last)?.value.i).toBe(1999);
  });

  it('refuses a batch with a bad key or value before sending it, and writes none of it', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      store.batch([
        { op: 'put', key: 'sub/1', value: 1 },
        { op: 'put', key: 'sub/\u0000', value: 2 },
      ]),
    ).rejects.toThrow(/control character/);
    await expect(store.batch([{ op: 'put', key: 'sub/2', value: cyclic }])).rejects.toThrow(
      /"sub\/2" is not JSON-serialisable/,
    );
    expect(await store.list('sub/')).toEqual([]);
  });

  it('brings a conflict back as StoreConflictError naming the key, and leaves the batch unwritten', async () => {
    const etag = await store.put('card/a', { v: 1 });
    await store.put('card/a', { v: 2 });
    const batch = store.batch([
      { op: 'put', key: 'card/b', value: 'new' },
      { op: 'put', key: 'card/a', value: { v: 3 }, ifMatch: etag },
    ]);
    await expect(batch).rejects.toBeInstanceOf(StoreConflictError);
    await expect(batch).rejects.toMatchObject({ key: 'card/a' });
    expect(await store.get('card/b')).toBeUndefined();
  });

  it('fails waiting and later requests as store_unavailable when its thread dies, instead of hanging', async () => {
    const worker = (store as unknown as { channel: { worker: Worker } }).channel.worker;
    const stopping = worker.terminate();
    const waiting = store.list('sub/');
    await stopping;
    await expect(waiting).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.put('sub/1', 1)).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('is closed'),
    });
  });
});
