/**
 * The SQLite store's worker thread: it opens (locks, migrates) the database, says how that went through
 * the shared flag the opener waits on, then answers requests in arrival order on its port. One thread,
 * one connection, FIFO: a read sees every write sent before it.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { openEngine } from './sqliteEngine';
import { serve, toWire, type Request } from './sqliteProtocol';
import type { WorkerData } from './sqliteThread';

const data = workerData as WorkerData;
const port: MessagePort = data.port;
const flag = new Int32Array(data.opened);

try {
  const { engine, migration } = openEngine(data.path, data.options);
  port.postMessage({ ok: true, result: migration });
  port.on('message', (m: { id: number; request: Request }) => {
    // After `close` the thread idles until its owner, having read the answer, terminates it.
    port.postMessage({ id: m.id, ...serve(engine, m.request) });
  });
} catch (err) {
  port.postMessage({ ok: false, error: toWire(err) });
  port.close();
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
