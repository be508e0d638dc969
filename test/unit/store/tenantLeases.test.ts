import { BlobServiceClient } from '@azure/storage-blob';
import { FenceLostError } from '../../../src/errors';
import { AllTenantsHere, BlobTenantLeases, MemoryStore, fencedStore, type Fence } from '../../../src/store';

/** A fence of our own port that a test withdraws by hand, counting its checks. */
class ManualFence implements Fence {
  checks = 0;
  private readonly controller = new AbortController();
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  async check(): Promise<void> {
    this.checks++;
    if (this.controller.signal.aborted) throw new FenceLostError('contoso');
  }
  lose(): void {
    this.controller.abort();
  }
}

describe('AllTenantsHere', () => {
  it('holds every tenant from start, follows setTenants, and releases all on stop', async () => {
    const here = new AllTenantsHere('only');
    const events: string[] = [];
    const fences = new Map<string, Fence>();
    here.setTenants(['contoso', 'fabrikam']);
    await here.start({
      acquired: (name, fence) => {
        events.push(`+${name}`);
        fences.set(name, fence);
      },
      released: (name) => events.push(`-${name}`),
    });
    expect(here.snapshot()).toEqual({
      live: ['only'],
      share: 2,
      held: ['contoso', 'fabrikam'],
      holders: { contoso: 'only', fabrikam: 'only' },
    });
    await expect(fences.get('contoso')!.check()).resolves.toBeUndefined();

    here.setTenants(['fabrikam', 'northwind']);
    expect(events).toEqual(['+contoso', '+fabrikam', '-contoso', '+northwind']);
    expect(fences.get('contoso')!.signal.aborted).toBe(true);
    expect(() => here.setTenants(['UPPER'])).toThrow(/AllTenantsHere.setTenants refused/);
    expect(here.snapshot().held).toEqual(['fabrikam', 'northwind']);

    await here.stop();
    expect(events.slice(4).sort()).toEqual(['-fabrikam', '-northwind']);
    expect(here.snapshot()).toEqual({
      live: [],
      share: 2,
      held: [],
      holders: { fabrikam: undefined, northwind: undefined },
    });
    await expect(here.start({ acquired: () => undefined, released: () => undefined })).rejects.toMatchObject({
      code: 'usage_invalid',
    });
  });

  it('only records the tenants before start', () => {
    const here = new AllTenantsHere('only');
    here.setTenants(['contoso']);
    expect(here.snapshot()).toMatchObject({ held: [], holders: { contoso: undefined } });
  });
});

describe('fencedStore', () => {
  it('checks the fence once before every put, delete and batch, and passes reads through unchecked', async () => {
    const store = new MemoryStore();
    const fence = new ManualFence();
    const fenced = fencedStore(store, fence);
    expect(fenced.kind).toBe(store.kind);
    await fenced.put('alert/contoso/1', { n: 1 });
    await fenced.batch([{ op: 'put', key: 'alert/contoso/2', value: { n: 2 } }]);
    expect(await fenced.delete('alert/contoso/2')).toBe(true);
    expect(fence.checks).toBe(3);
    expect((await fenced.get('alert/contoso/1'))?.value).toEqual({ n: 1 });
    expect((await fenced.list('alert/')).map((i) => i.key)).toEqual(['alert/contoso/1']);
    await fenced.ping();
    expect(fence.checks).toBe(3);
  });

  it('refuses every write once the fence is lost and leaves the data unchanged', async () => {
    const store = new MemoryStore();
    const fence = new ManualFence();
    const fenced = fencedStore(store, fence);
    const etag = await fenced.put('alert/contoso/1', { n: 1 });
    fence.lose();
    await expect(fenced.put('alert/contoso/1', { n: 2 })).rejects.toBeInstanceOf(FenceLostError);
    await expect(fenced.delete('alert/contoso/1')).rejects.toMatchObject({
      code: 'fence_lost',
      tenant: 'contoso',
    });
    await expect(
      fenced.batch([
        { op: 'put', key: 'alert/contoso/3', value: {} },
        { op: 'delete', key: 'alert/contoso/1' },
      ]),
    ).rejects.toThrow(/no longer holds the lease of tenant "contoso"; the write was refused/);
    expect(await store.list('alert/')).toEqual([{ key: 'alert/contoso/1', value: { n: 1 }, etag }]);
  });

  it('does not close the shared store it views', async () => {
    const store = new MemoryStore();
    await fencedStore(store, new ManualFence()).close();
    await expect(store.put('k', 1)).resolves.toEqual(expect.any(String));
  });
});

describe('BlobTenantLeases options', () => {
  // Never contacted: the constructor only builds clients.
  const containerClient = BlobServiceClient.fromConnectionString(
    'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;',
  ).getContainerClient('leases');

  it.each([
    [{ leaseSeconds: 14 }, /BlobTenantLeases leaseSeconds must be an integer from 15 to 60, got 14/],
    [{ renewEveryMs: 15_000 }, /BlobTenantLeases renewEveryMs must be above 0 and below the lease/],
    [{ replicaId: '' }, /BlobTenantLeases needs a non-empty replicaId/],
    [{ prefix: '' }, /BlobTenantLeases prefix must be 1-200 characters/],
    [
      { containerClient: undefined },
      /BlobTenantLeases needs a containerClient, or a connectionString and a container/,
    ],
  ])('refuses %j with a clear message', (bad, message) => {
    expect(() => new BlobTenantLeases({ containerClient, replicaId: 'r1', ...bad })).toThrow(message);
  });

  it('holds nothing and knows only itself before it starts', () => {
    const leases = new BlobTenantLeases({ containerClient, replicaId: 'r1' });
    leases.setTenants(['contoso']);
    expect(leases.snapshot()).toEqual({ live: ['r1'], share: 0, held: [], holders: { contoso: undefined } });
  });
});
