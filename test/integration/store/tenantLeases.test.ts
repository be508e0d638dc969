import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { FenceLostError, StoreError } from '../../../src/errors';
import { BlobStore, BlobTenantLeases, fencedStore, type Fence } from '../../../src/store';
import { containerClientFor } from '../../../src/store/blob';
import { BlobLeaseFence } from '../../../src/store/fence';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { capturedLogger } from '../../unit/ops/logCapture';

let azurite: Azurite;
let counter = 0;
const replicas: BlobTenantLeases[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
});
afterEach(async () => {
  await Promise.all(replicas.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await azurite?.stop();
});

async function freshContainer(): Promise<ContainerClient> {
  const client = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    `tenants-${process.pid}-${++counter}`,
  );
  await client.create();
  return client;
}

const LEASE_MS = 15_000; // Azure's (and Azurite's) shortest lease; the tests shorten the renew period only
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `tenant-${i}`);

/** A replica renewing and looking every 300 ms that records what its handlers were told. */
interface Replica {
  r: BlobTenantLeases;
  events: string[];
  fences: Map<string, Fence>;
}

function replica(containerClient: ContainerClient, replicaId: string, tenants: string[]): Replica {
  const r = new BlobTenantLeases({ containerClient, replicaId, renewEveryMs: 300 });
  r.setTenants(tenants);
  replicas.push(r);
  return { r, events: [], fences: new Map() };
}

async function start(x: Replica): Promise<Replica> {
  await x.r.start({
    acquired: (name, fence) => {
      x.events.push(`+${name}`);
      x.fences.set(name, fence);
    },
    released: (name) => x.events.push(`-${name}`),
  });
  return x;
}

/**
 * Samples every replica's held set while the test runs and records any tenant two replicas claimed at
 * the same moment (a replica's own view: it never claims past its lease's expiry by its clock).
 */
function watchForDoubleHolds(all: () => Replica[]): { stop(): string[] } {
  const doubles: string[] = [];
  const timer = setInterval(() => {
    const seen = new Map<string, string>();
    for (const x of all()) {
      for (const t of x.r.snapshot().held) {
        const other = seen.get(t);
        if (other) doubles.push(`${t}: ${other} and ${x.r.replicaId}`);
        seen.set(t, x.r.replicaId);
      }
    }
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return doubles;
    },
  };
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  for (const start = Date.now(); !(await check());) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const heldBy = (xs: Replica[]): string[][] => xs.map((x) => x.r.snapshot().held);
const allHeldOnce = (xs: Replica[], tenants: string[]): boolean => {
  const held = heldBy(xs).flat();
  return held.length === tenants.length && new Set(held).size === tenants.length;
};

describe('BlobTenantLeases on Azurite', () => {
  it('spreads 10 tenants over 3 replicas: every tenant held once, none above the share of 4', async () => {
    const container = await freshContainer();
    const tenants = names(10);
    const xs: Replica[] = [];
    const watch = watchForDoubleHolds(() => xs);
    for (const id of ['replica-a', 'replica-b', 'replica-c'])
      xs.push(await start(replica(container, id, tenants)));
    await until(
      () =>
        allHeldOnce(xs, tenants) &&
        xs.every((x) => x.r.snapshot().live.length === 3 && x.r.snapshot().held.length <= 4),
      20_000,
      'a fair spread',
    );
    for (const x of xs) {
      const s = x.r.snapshot();
      expect(s).toMatchObject({ live: ['replica-a', 'replica-b', 'replica-c'], share: 4 });
      // Every replica names the holder of each tenant, from the blobs' metadata.
      for (const t of s.held) expect(s.holders[t]).toBe(x.r.replicaId);
    }
    const blobs: Record<string, string | undefined> = {};
    for await (const b of container.listBlobsFlat({ prefix: 'lease/tenant/' }))
      blobs[b.name] = b.properties.leaseState;
    expect(Object.keys(blobs).sort()).toEqual(tenants.map((t) => `lease/tenant/${t}`).sort());
    expect(new Set(Object.values(blobs))).toEqual(new Set(['leased']));
    expect(watch.stop()).toEqual([]);
  });

  it('hands tenants to a replica that joins: the others release down to their share', async () => {
    const container = await freshContainer();
    const tenants = names(10);
    const xs = [
      await start(replica(container, 'replica-a', tenants)),
      await start(replica(container, 'replica-b', tenants)),
    ];
    const watch = watchForDoubleHolds(() => xs);
    await until(() => allHeldOnce(xs, tenants) && heldBy(xs).every((h) => h.length === 5), 20_000, '5 and 5');
    xs.push(await start(replica(container, 'replica-c', tenants)));
    await until(
      () => allHeldOnce(xs, tenants) && heldBy(xs).every((h) => h.length >= 1 && h.length <= 4),
      20_000,
      'a share for the newcomer',
    );
    // a and b each gave one back (told through released) and c took what they gave.
    const releasedBy = xs.slice(0, 2).map((x) => x.events.filter((e) => e.startsWith('-')).length);
    expect(releasedBy.every((n) => n >= 1)).toBe(true);
    expect(xs[2]!.events.every((e) => e.startsWith('+'))).toBe(true);
    expect(watch.stop()).toEqual([]);
  });

  it('hands a tenant over only once its giver stopped polling it, and says handover; a crashed replica’s tenants are takeovers', async () => {
    const container = await freshContainer();
    const tenants = names(4);
    const settled = new Set<string>();
    const a = replica(container, 'replica-a', tenants);
    await a.r.start({
      acquired: (name) => a.events.push(`+${name}`),
      released: (name) => a.events.push(`-${name}`),
      // The poller takes a moment to stop: the lease must stay ours until it has.
      releasing: (name) =>
        new Promise((done) =>
          setTimeout(() => {
            settled.add(name);
            done({ lastPollAt: 1_700_000_000_000 });
          }, 50),
        ),
    });
    await until(() => a.r.snapshot().held.length === 4, 20_000, 'a holding all 4');
    const how = new Map<string, { handover: boolean; lastPollAt?: number; giverStopped: boolean }>();
    const b = replica(container, 'replica-b', tenants);
    await b.r.start({
      acquired: (name, _fence, h) => how.set(name, { ...h!, giverStopped: settled.has(name) }),
      released: () => undefined,
    });
    await until(() => allHeldOnce([a, b], tenants) && heldBy([a, b]).every((h) => h.length === 2), 20_000, '2 and 2'); // prettier-ignore
    const given = b.r.snapshot().held;
    // ...and the giver's last poll, left on the lease blob, so that b keeps the tenant's interval.
    for (const t of given)
      expect(how.get(t)).toEqual({ handover: true, lastPollAt: 1_700_000_000_000, giverStopped: true });

    await a.r.crash();
    await until(() => b.r.snapshot().held.length === 4, 2 * LEASE_MS, 'the takeover');
    for (const t of tenants.filter((x) => !given.includes(x)))
      expect(how.get(t)).toEqual({ handover: false, giverStopped: false });
    // A takeover is announced without a last poll: the new holder polls at once.
  }, 60_000);

  it('takes over a crashed replica’s tenants within 2 lease periods, and the crashed one’s fences fail', async () => {
    const container = await freshContainer();
    const tenants = names(9);
    const xs: Replica[] = [];
    const watch = watchForDoubleHolds(() => xs);
    for (const id of ['replica-a', 'replica-b', 'replica-c'])
      xs.push(await start(replica(container, id, tenants)));
    await until(() => allHeldOnce(xs, tenants) && heldBy(xs).every((h) => h.length === 3), 20_000, '3 each');
    const [a, b, c] = xs as [Replica, Replica, Replica];
    const orphan = a.r.snapshot().held[0]!;
    const fence = a.fences.get(orphan)!;
    const store = new BlobStore(container);
    await fencedStore(store, fence).put(`alert/${orphan}/1`, { by: 'replica-a' });

    await a.r.crash(); // no release, no more renewals or heartbeats
    // The lease period plus one renew period (and the service timestamps' 1 s) is the design's bound.
    await until(() => allHeldOnce([b, c], tenants), 2 * LEASE_MS, 'the takeover');
    expect(
      heldBy([b, c])
        .map((h) => h.length)
        .sort(),
    ).toEqual([4, 5]);
    for (const x of [b, c])
      expect(x.r.snapshot()).toMatchObject({ live: ['replica-b', 'replica-c'], share: 5 });
    expect(a.r.snapshot().held).toEqual([]); // its leases expired by its own clock too

    // The crashed replica's fence fails, and a fenced write of it changes nothing.
    await expect(fence.check()).rejects.toBeInstanceOf(FenceLostError);
    expect(fence.signal.aborted).toBe(true);
    await expect(fencedStore(store, fence).put(`alert/${orphan}/1`, { by: 'late' })).rejects.toMatchObject({
      code: 'fence_lost',
      tenant: orphan,
    });
    await expect(fencedStore(store, fence).delete(`alert/${orphan}/1`)).rejects.toBeInstanceOf(
      FenceLostError,
    );
    expect((await store.get(`alert/${orphan}/1`))?.value).toEqual({ by: 'replica-a' });
    expect(watch.stop()).toEqual([]);
  }, 60_000);

  it('drops a tenant at once when a renewal finds the lease lost, then takes it again while unheld', async () => {
    const container = await freshContainer();
    const x = await start(replica(container, 'replica-a', ['contoso', 'fabrikam']));
    expect(x.r.snapshot().held).toEqual(['contoso', 'fabrikam']);
    const first = x.fences.get('contoso')!;
    await first.check(); // held: passes
    // Someone breaks the lease (an operator, or a lease that lapsed and was taken): the renewal is refused.
    await container.getBlobClient('lease/tenant/contoso').getBlobLeaseClient().breakLease(0);
    await until(() => x.events.includes('-contoso'), 10_000, 'the loss');
    expect(first.signal.aborted).toBe(true);
    await expect(first.check()).rejects.toBeInstanceOf(FenceLostError);
    await until(() => x.events.filter((e) => e === '+contoso').length === 2, 10_000, 'the new acquisition');
    // A new acquisition has a new lease id: the old fence never passes again.
    await expect(first.check()).rejects.toBeInstanceOf(FenceLostError);
    await x.fences.get('contoso')!.check();
    expect(x.events).toEqual(expect.arrayContaining(['+contoso', '+fabrikam', '-contoso']));
  });

  it('follows setTenants: a removed tenant is released, an added one taken', async () => {
    const container = await freshContainer();
    const x = await start(replica(container, 'replica-a', ['contoso', 'fabrikam']));
    x.r.setTenants(['fabrikam', 'northwind']);
    expect(x.events).toContain('-contoso'); // at once, before its lease is even given back
    expect(x.fences.get('contoso')!.signal.aborted).toBe(true);
    await until(() => x.events.includes('+northwind'), 10_000, 'the added tenant');
    expect(x.r.snapshot()).toMatchObject({
      held: ['fabrikam', 'northwind'],
      share: 2,
      holders: { fabrikam: 'replica-a', northwind: 'replica-a' },
    });
    await until(
      async () =>
        (await container.getBlobClient('lease/tenant/contoso').getProperties()).leaseState === 'available',
      10_000,
      'contoso given back',
    );
    expect(() => x.r.setTenants(['Contoso', 'fabrikam', 'fabrikam'])).toThrow(
      /"Contoso" is not a tenant name.*"fabrikam" is listed twice/,
    );
    expect(x.r.snapshot().held).toEqual(['fabrikam', 'northwind']); // a refused list changes nothing
  });

  it('gives every lease back and removes its heartbeat on stop, so another replica takes over at once', async () => {
    const container = await freshContainer();
    const tenants = names(4);
    const a = await start(replica(container, 'replica/a', tenants)); // a '/' stays inside one blob name
    const b = await start(replica(container, 'replica-b', tenants));
    await until(
      () => allHeldOnce([a, b], tenants) && heldBy([a, b]).every((h) => h.length === 2),
      20_000,
      '2 and 2',
    );
    const heartbeats = async (): Promise<string[]> => {
      const found: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix: 'lease/replica/' })) found.push(blob.name);
      return found.sort();
    };
    expect(await heartbeats()).toEqual(['lease/replica/replica-b', 'lease/replica/replica~2Fa']);
    const fences = [...a.fences.values()];
    await a.r.stop();
    expect(a.r.snapshot().held).toEqual([]);
    expect(a.events.filter((e) => e.startsWith('-')).sort()).toEqual(tenants.map((t) => `-${t}`).sort());
    expect(fences.every((f) => f.signal.aborted)).toBe(true);
    expect(await heartbeats()).toEqual(['lease/replica/replica-b']);
    // Well within one lease period: nothing had to expire.
    await until(() => b.r.snapshot().held.length === 4, LEASE_MS / 2, 'replica-b to hold all four');
    expect(b.r.snapshot().live).toEqual(['replica-b']);
  });

  it('keeps a handler that throws from stopping the assignment (logged)', async () => {
    const container = await freshContainer();
    const { logger, lines } = capturedLogger();
    const r = new BlobTenantLeases({
      containerClient: container,
      replicaId: 'replica-a',
      renewEveryMs: 300,
      logger,
    });
    replicas.push(r);
    r.setTenants(['contoso']);
    await r.start({
      acquired: () => {
        throw new Error('handler bug');
      },
      released: () => undefined,
    });
    expect(r.snapshot().held).toEqual(['contoso']);
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'tenant assignment handler threw' }),
    );
  });

  it('holds nothing and says why while the storage account cannot be reached; a fence check then fails as unavailable, not lost', async () => {
    const dead = containerClientFor({
      connectionString: azurite.connectionString.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1'),
      container: 'unreachable',
      retry: { maxTries: 1 },
    });
    const { logger, lines } = capturedLogger();
    const r = new BlobTenantLeases({
      containerClient: dead,
      replicaId: 'replica-a',
      renewEveryMs: 300,
      logger,
    });
    replicas.push(r);
    r.setTenants(['contoso']);
    const events: string[] = [];
    await r.start({ acquired: (n) => events.push(`+${n}`), released: (n) => events.push(`-${n}`) });
    expect(r.snapshot()).toMatchObject({ held: [], live: ['replica-a'] });
    const warnings = lines()
      .filter((l) => l.level === 40)
      .map((l) => l.msg);
    expect(warnings).toEqual(
      expect.arrayContaining(['heartbeat not written', 'could not list the tenant leases']),
    );
    expect(events).toEqual([]);

    const controller = new AbortController();
    const lost: string[] = [];
    const fence = new BlobLeaseFence(
      'contoso',
      dead.getBlobClient('lease/tenant/contoso'),
      'id',
      controller,
      (t) => lost.push(t),
    );
    await expect(fence.check()).rejects.toBeInstanceOf(StoreError);
    expect([fence.signal.aborted, lost]).toEqual([false, []]);
  });
});
