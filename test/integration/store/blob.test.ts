import { BlobServiceClient } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { StoreError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { createStorage, migrateToTenantKeys, openBlobStore, tenantStore } from '../../../src/store';
import { prefixedStorage } from '../../../src/store/botStorage';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { describeBotStorageContract } from '../../helpers/botStorageContract';
import { describeStoreContract } from '../../helpers/storeContract';

let azurite: Azurite;
let counter = 0;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});
const freshContainer = (): string => `store-${process.pid}-${++counter}`;
const open = (container = freshContainer()) =>
  openBlobStore({ connectionString: azurite.connectionString, container });

describeStoreContract('BlobStore on Azurite', () => open(), { atomicBatch: false, slowTimeoutMs: 240_000 });
describeBotStorageContract('BlobsStorage on Azurite, keys prefixed', async () =>
  prefixedStorage(new BlobsStorage(azurite.connectionString, freshContainer()), 'turn/'),
);

describe('tenant keys on Azurite', () => {
  it('lists keys without values and moves a single-tenant store under its tenant', async () => {
    const store = await open();
    await store.put('alert/a1', { id: 'a1' });
    await store.put('poller/watermark', { watermark: 'w' });
    await store.put('card/a1', { posts: [] });
    await store.put('sub/s1', { id: 's1' });
    expect(await store.listKeys('alert/')).toEqual(['alert/a1']);
    const result = await migrateToTenantKeys(store, 'contoso', ['contoso'], silentLogger());
    expect(result).toEqual({ moved: 3, skipped: 0 });
    const contoso = tenantStore(store, 'contoso');
    expect((await contoso.get('poller/watermark'))?.value).toEqual({ watermark: 'w' });
    expect((await contoso.list('alert/')).map((i) => i.key)).toEqual(['alert/a1']);
    expect(await store.listKeys('alert/')).toEqual(['alert/contoso/a1']);
    expect(await store.get('sub/s1')).toBeDefined();
  });
});

describe('BlobStore on Azurite', () => {
  it('creates a missing container and keeps one JSON block blob per key under kv/', async () => {
    const container = freshContainer();
    const store = await open(container);
    await store.put('sub/19:abc@thread.tacv2/ü', { n: 1 });
    const client = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      container,
    );
    const names: string[] = [];
    for await (const blob of client.listBlobsFlat({ includeMetadata: false })) {
      names.push(blob.name);
      expect(blob.properties.contentType).toBe('application/json; charset=utf-8');
      expect(blob.properties.blobType).toBe('BlockBlob');
    }
    expect(names).toEqual(['kv/sub~2F19:abc@thread.tacv2~2Fü.json']);
    const body = await client.getBlobClient(names[0]!).downloadToBuffer();
    expect(JSON.parse(body.toString('utf8'))).toEqual({ n: 1 });
  });

  it('shares its container with turn state and the leader blob without listing them', async () => {
    const container = freshContainer();
    const storage = await createStorage(
      { kind: 'azure-blob', connectionString: azurite.connectionString, container },
      { logger: silentLogger(), replicaId: 'replica-a' },
    );
    try {
      await storage.leader.start();
      expect(storage.leader.isLeader()).toBe(true);
      await storage.botStorage.write({ 'msteams/bot/conversations/19:x': { count: 1 } });
      await storage.store.put('sub/1', 'record');
      expect((await storage.store.list('')).map((i) => i.key)).toEqual(['sub/1']);
      expect(Object.keys(await storage.botStorage.read(['msteams/bot/conversations/19:x']))).toHaveLength(1);
    } finally {
      await storage.close();
      await storage.close();
    }
  });

  it('reports an unreachable account as store_unavailable, naming the cause', async () => {
    const store = await open();
    const dead = await openBlobStore({
      connectionString: azurite.connectionString.replace(`:${azurite.port}/`, ':9/'),
      container: 'unused',
      retry: { maxTries: 1 },
    }).catch((err: unknown) => err);
    expect(dead).toBeInstanceOf(StoreError);
    expect(dead).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/no answer/) });
    await store.close();
  });

  it('refuses an invalid container name or connection string with a clear error', async () => {
    await expect(
      openBlobStore({ connectionString: azurite.connectionString, container: 'Bad_Name' }),
    ).rejects.toThrow(/container name "Bad_Name" is invalid/);
    await expect(
      openBlobStore({ connectionString: 'AccountName=x', container: 'fine' }),
    ).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringMatching(/connection string rejected/),
    });
  });
});
