import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log';
import { createStorage, type StorageSpec } from '../../../src/store';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-factory-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const o = { logger: silentLogger(), replicaId: 'replica-1' };

describe('createStorage', () => {
  it.each<[string, () => StorageSpec]>([
    ['memory', () => ({ kind: 'memory' })],
    ['sqlite', () => ({ kind: 'sqlite', path: join(dir, 'nested', 'bot.db') })],
  ])('builds a %s store, turn state under turn/ and a leader that leads', async (kind, spec) => {
    const storage = await createStorage(spec(), o);
    expect(storage.store.kind).toBe(kind);
    await storage.botStorage.write({ 'msteams/bot/conversations/c1': { n: 1 } });
    expect((await storage.store.list('turn/')).map((i) => i.key)).toEqual([
      'turn/msteams/bot/conversations/c1',
    ]);
    await storage.leader.start();
    expect([storage.leader.isLeader(), storage.leader.leaderId()]).toEqual([true, 'replica-1']);
    await storage.close();
    await storage.close();
    expect(storage.leader.isLeader()).toBe(false);
  });

  it('releases the SQLite file on close so the next process can open it', async () => {
    const spec: StorageSpec = { kind: 'sqlite', path: join(dir, 'reopen.db') };
    await (await createStorage(spec, o)).close();
    const again = await createStorage(spec, o);
    await again.close();
  });

  it('refuses an unknown kind, listing the known ones', async () => {
    await expect(createStorage({ kind: 'redis' } as unknown as StorageSpec, o)).rejects.toThrow(
      /Unknown storage kind "redis": use memory, sqlite or azure-blob/,
    );
  });
});
