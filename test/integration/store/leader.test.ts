import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { BlobLeaseLeader } from '../../../src/store';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { spawnChild, type Child } from './children/spawn';

let azurite: Azurite;
let counter = 0;
const electors: BlobLeaseLeader[] = [];
const children: Child[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
});
afterEach(async () => {
  await Promise.all(electors.splice(0).map((e) => e.stop()));
  await Promise.all(children.splice(0).map((c) => c.kill()));
});
afterAll(async () => {
  await azurite?.stop();
});

async function freshContainer(): Promise<ContainerClient> {
  const client = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    `leader-${process.pid}-${++counter}`,
  );
  await client.create();
  return client;
}

/** An elector campaigning every 300 ms (the lease stays 15 s) that records its onChange calls. */
function elector(
  containerClient: ContainerClient,
  replicaId: string,
): { e: BlobLeaseLeader; changes: boolean[] } {
  const e = new BlobLeaseLeader({ containerClient, replicaId, renewEveryMs: 300 });
  electors.push(e);
  return { e, changes: [] };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const start = Date.now(); !check();) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('BlobLeaseLeader on Azurite', () => {
  it('lets exactly one replica lead and every replica name it', async () => {
    const container = await freshContainer();
    const a = elector(container, 'replica-a');
    const b = elector(container, 'replica-b');
    await a.e.start((l) => a.changes.push(l));
    await b.e.start((l) => b.changes.push(l));
    expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);
    expect([a.changes, b.changes]).toEqual([[true], []]);
    expect([a.e.leaderId(), b.e.leaderId()]).toEqual(['replica-a', 'replica-a']);
    const props = await container.getBlobClient('leader.lock').getProperties();
    expect(props).toMatchObject({ leaseState: 'leased', metadata: { leader: 'replica-a' } });
  });

  it('hands over at the next campaign when the leader stops and releases the lease', async () => {
    const container = await freshContainer();
    const a = elector(container, 'replica-a');
    const b = elector(container, 'replica-b');
    await a.e.start((l) => a.changes.push(l));
    await b.e.start((l) => b.changes.push(l));
    await a.e.stop();
    expect(a.changes).toEqual([true, false]);
    await until(() => b.e.isLeader(), 10_000, 'replica-b to lead');
    expect(b.changes).toEqual([true]);
    expect(b.e.leaderId()).toBe('replica-b');
  });

  it('stops leading as soon as a renewal fails, then campaigns again', async () => {
    const container = await freshContainer();
    const a = elector(container, 'replica-a');
    await a.e.start((l) => a.changes.push(l));
    // Someone breaks the lease: the next renewal is refused.
    await container.getBlobClient('leader.lock').getBlobLeaseClient().breakLease(0);
    await until(() => a.changes.length >= 2, 10_000, 'the loss');
    expect(a.changes.slice(0, 2)).toEqual([true, false]);
    await until(() => a.e.isLeader(), 10_000, 'leadership again');
    expect(a.changes).toEqual([true, false, true]);
  });

  it('fails over to another process within the lease period after the leader is killed with SIGKILL', async () => {
    const container = await freshContainer();
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const a = spawnChild('leaderChild.ts', [container.containerName, 'replica-a'], env);
    children.push(a);
    expect(JSON.parse(await a.waitForLine((l) => l.includes('"started"'), 30_000))).toMatchObject({
      leader: true,
      leaderId: 'replica-a',
    });
    const b = spawnChild('leaderChild.ts', [container.containerName, 'replica-b'], env);
    children.push(b);
    expect(JSON.parse(await b.waitForLine((l) => l.includes('"started"'), 30_000))).toEqual({
      event: 'started',
      leader: false,
      leaderId: 'replica-a',
    });

    await a.kill();
    const linesBefore = b.lines.length;
    // 15 s lease + one 5 s campaign interval, and a margin for a loaded machine.
    const takeover = await b.waitForLine((l) => l.includes('"change"'), 15_000 + 5_000 + 10_000);
    expect(b.lines.indexOf(takeover)).toBeGreaterThanOrEqual(linesBefore);
    expect(JSON.parse(takeover)).toEqual({ event: 'change', leader: true, leaderId: 'replica-b' });
  }, 90_000);
});
