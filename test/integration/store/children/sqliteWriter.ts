/**
 * Child: opens the SQLite store at argv[2] and appends `outbox/<n>` records as fast as it can, printing
 * each n only after its `put` resolved. The test SIGKILLs it mid-way.
 */
import { openSqliteStore } from '../../../../src/store';

async function main(): Promise<void> {
  const store = openSqliteStore(process.argv[2]!);
  console.log('ready');
  // A bound, so a test that fails to kill it does not fill the disk.
  for (let n = 0; n < 1_000_000; n++) {
    await store.put(`outbox/${String(n).padStart(7, '0')}`, { n, card: 'x'.repeat(200) });
    console.log(n);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
