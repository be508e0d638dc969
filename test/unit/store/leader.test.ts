import { BlobServiceClient } from '@azure/storage-blob';
import { BlobLeaseLeader, SingleProcessLeader } from '../../../src/store';

describe('SingleProcessLeader', () => {
  it('is the leader from the start until stopped, and says so through onChange', async () => {
    const leader = new SingleProcessLeader('only');
    const changes: boolean[] = [];
    expect(leader.isLeader()).toBe(true);
    await leader.start((l) => changes.push(l));
    expect(leader.leaderId()).toBe('only');
    await leader.stop();
    await leader.stop();
    expect([leader.isLeader(), leader.leaderId(), changes]).toEqual([false, undefined, [true, false]]);
  });
});

describe('BlobLeaseLeader options', () => {
  // Never contacted: the constructor only builds clients.
  const containerClient = BlobServiceClient.fromConnectionString(
    'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;',
  ).getContainerClient('leader');

  it.each([
    [{ leaseSeconds: 14 }, /leaseSeconds must be an integer from 15 to 60, got 14/],
    [{ leaseSeconds: 61 }, /from 15 to 60/],
    [{ leaseSeconds: 20.5 }, /from 15 to 60/],
    [{ renewEveryMs: 15_000 }, /renewEveryMs must be above 0 and below the lease \(15000 ms\)/],
    [{ renewEveryMs: 0 }, /renewEveryMs/],
    [{ replicaId: ' ' }, /non-empty replicaId/],
    [{ containerClient: undefined }, /needs a containerClient, or a connectionString and a container/],
  ])('refuses %j with a clear message', (bad, message) => {
    expect(() => new BlobLeaseLeader({ containerClient, replicaId: 'r1', ...bad })).toThrow(message);
  });

  it('is not the leader, and knows no leader, before it starts', () => {
    const leader = new BlobLeaseLeader({ containerClient, replicaId: 'r1' });
    expect([leader.isLeader(), leader.leaderId()]).toEqual([false, undefined]);
  });
});
