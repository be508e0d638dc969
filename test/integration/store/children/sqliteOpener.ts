/** Child: tries to open the SQLite store at argv[2] and prints the outcome as one JSON line. */
import { openSqliteStore } from '../../../../src/store';

async function main(): Promise<void> {
  try {
    const store = openSqliteStore(process.argv[2]!, { lockWaitMs: 200 });
    await store.close();
    console.log(JSON.stringify({ opened: true }));
  } catch (err) {
    const e = err as { code?: string; message?: string };
    console.log(JSON.stringify({ opened: false, code: e.code, message: e.message }));
  }
}

void main();
