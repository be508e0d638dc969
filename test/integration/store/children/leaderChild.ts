/**
 * Child: one replica campaigning with BlobLeaseLeader (default timings: 15 s lease, renew every 5 s) on the
 * container named by argv[2], as replica argv[3]. The connection string comes in the environment. Prints
 * one JSON line when started and one per leadership change.
 */
import { BlobLeaseLeader } from '../../../../src/store';

async function main(): Promise<void> {
  const leader = new BlobLeaseLeader({
    connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING!,
    container: process.argv[2]!,
    replicaId: process.argv[3]!,
  });
  const report = (event: string): void =>
    console.log(JSON.stringify({ event, leader: leader.isLeader(), leaderId: leader.leaderId() ?? null }));
  await leader.start(() => report('change'));
  report('started');
  process.on('SIGTERM', () => void leader.stop().then(() => process.exit(0)));
  setInterval(() => undefined, 60_000); // stay alive until killed
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
