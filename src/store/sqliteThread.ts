/**
 * Where the SQLite engine runs. By default on a worker thread of its own (sqliteWorker.ts), so that the
 * statements, the B-tree work and the WAL writes of a poll page's batch do not take the one JavaScript
 * thread the poller correlates the next page on (issue 18: SQLite was 28% of a first poll's CPU). The
 * caller's thread is kept for tools and tests that want no thread (`thread: 'caller'`).
 *
 * Opening stays synchronous (the opener blocks on a shared flag until the worker has locked and migrated
 * the file, so `store_locked` is thrown by `openSqliteStore` itself), and the one connection keeps
 * `locking_mode=EXCLUSIVE`: the single-process guarantee is unchanged.
 *
 * One worker owning the connection and answering messages is better-sqlite3's own recipe
 * (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/threads.md); a pool would need several
 * connections, which the exclusive lock rules out. `receiveMessageOnPort` + `Atomics.wait` for the
 * synchronous open: https://nodejs.org/api/worker_threads.html#workerreceivemessageonportport
 */
import { extname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { StoreError } from '../errors';
import { openEngine, type SqliteEngine } from './sqliteEngine';
import type { OpenOptions } from './sqliteOpen';
import { fromWire, serve, type Answer, type Request, type Results } from './sqliteProtocol';
import type { MigrationResult } from './sqliteSchema';

/** What the worker is started with. */
export interface WorkerData {
  path: string;
  options: Pick<OpenOptions, 'synchronous' | 'lockWaitMs'>;
  /** One Int32 the worker sets to 1 (and notifies) once the open has succeeded or failed. */
  opened: SharedArrayBuffer;
  port: MessagePort;
}

/** How `SqliteStore` reaches its engine. Requests are answered in the order they were sent. */
export interface EngineChannel {
  readonly migration: MigrationResult;
  readonly open: boolean;
  call<M extends Request['method']>(request: Extract<Request, { method: M }>): Promise<Results[M]>;
  close(): Promise<void>;
}

/** How long opening waits for the worker beyond the lock wait: its start and module loading, in ms. */
const WORKER_START_MS = 30_000;

/** Starts the worker and waits (blocking) until it has opened the database; throws what the open threw. */
export function workerChannel(path: string, options: WorkerData['options']): EngineChannel {
  const opened = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const file = join(__dirname, `sqliteWorker${extname(__filename)}`);
  const worker = new Worker(file, {
    workerData: { path, options, opened, port: port2 } satisfies WorkerData,
    transferList: [port2],
    // Run from source (tsx, ts-jest), the worker compiles its TypeScript through tsx's CommonJS hook.
    ...(extname(__filename) === '.ts' ? { execArgv: ['--require', require.resolve('tsx/cjs')] } : {}),
  });
  worker.unref();
  const wait = Atomics.wait(new Int32Array(opened), 0, 0, (options.lockWaitMs ?? 2000) + WORKER_START_MS);
  const first = receiveMessageOnPort(port1)?.message as Answer | undefined;
  if (wait === 'timed-out' || !first?.ok) {
    void worker.terminate();
    port1.close();
    if (first && !first.ok) throw fromWire(first.error, path);
    throw new StoreError(
      'store_unavailable',
      `The SQLite store's worker thread did not open ${path} within ${WORKER_START_MS / 1000} s. ` +
        'Check that the installation is complete (better-sqlite3 built for this Node.js).',
    );
  }
  return new WorkerChannel(path, worker, port1, first.result as MigrationResult);
}

class WorkerChannel implements EngineChannel {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly worker: Worker,
    private readonly port: MessagePort,
    readonly migration: MigrationResult,
  ) {
    port.on('message', (m: Answer & { id: number }) => this.answer(m));
    // Idle, the store does not keep the process alive (as an in-thread connection would not).
    port.unref();
    worker.on('error', (err) => this.fail(`failed: ${err.message}`));
    worker.on('exit', (code) => this.fail(`stopped (exit code ${code})`));
  }

  get open(): boolean {
    return !this.closed;
  }

  call<M extends Request['method']>(request: Extract<Request, { method: M }>): Promise<Results[M]> {
    if (this.closed) return Promise.reject(closedError(this.path));
    return this.send(request) as Promise<Results[M]>;
  }

  /** Sends `close` after every request already sent, then ends the thread. Safe to call twice. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      if (this.closed) return;
      this.closed = true;
      try {
        await this.send({ method: 'close' });
      } finally {
        await this.worker.terminate();
      }
    })());
  }

  private send(request: Request): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // An answer is awaited: keep the process alive until it comes.
      if (this.pending.size === 1) this.port.ref();
      this.port.postMessage({ id, request });
    });
  }

  private answer(m: Answer & { id: number }): void {
    const waiter = this.pending.get(m.id);
    if (!waiter) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.port.unref();
    if (m.ok) waiter.resolve(m.result);
    else waiter.reject(fromWire(m.error, this.path));
  }

  /** The thread died: every request still waiting fails as unavailable, and so does every later one. */
  private fail(what: string): void {
    this.closed = true;
    const error = new StoreError(
      'store_unavailable',
      `The SQLite store ${this.path}'s worker thread ${what}.`,
    );
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.port.close();
  }
}

/** The engine on the caller's thread: the same requests and errors, answered at once. */
export function callerChannel(path: string, options: WorkerData['options']): EngineChannel {
  const { engine, migration } = openEngine(path, options);
  return new CallerChannel(path, engine, migration);
}

class CallerChannel implements EngineChannel {
  constructor(
    private readonly path: string,
    private readonly engine: SqliteEngine,
    readonly migration: MigrationResult,
  ) {}

  get open(): boolean {
    return this.engine.open;
  }

  async call<M extends Request['method']>(request: Extract<Request, { method: M }>): Promise<Results[M]> {
    if (!this.engine.open) throw closedError(this.path);
    const answer = serve(this.engine, request);
    if (!answer.ok) throw fromWire(answer.error, this.path);
    return answer.result as Results[M];
  }

  async close(): Promise<void> {
    this.engine.close();
  }
}

function closedError(path: string): StoreError {
  return new StoreError('store_unavailable', `The SQLite store ${path} is closed.`);
}
