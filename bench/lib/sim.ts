import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { SecurityAlert } from '../../src/model';
import type { ListingQuirks, RequestLogEntry, RequestLogFilter } from '../../simulator';
import type { SimProcessOptions, SimReply, SimRequest } from './simProcess';

/** The simulator's TLS directory (the certificate `bench/run.ts` makes sure of). */
export const TLS_DIR = resolve(__dirname, '../../.tmp/tls');

/** A simulator running in its own process. */
export interface SimHandle {
  /** `https://localhost:<port>`: GRAPH_BASE_URL. */
  url: string;
  /** Alerts the scenario loaded. */
  alerts: number;
  /** Adds alerts in one step; resolves with the simulator's clock (epoch ms) when they were added. */
  add(alerts: SecurityAlert[]): Promise<number>;
  /**
   * Changes `count` alerts (lastUpdateDateTime → now) and reports the alerts_v2 list requests served since
   * the last call (`count` 0: only the report).
   */
  touch(count: number): Promise<{ at: number; listRequests: number; stalls: number }>;
  /** The simulator's request log (which tenant, which replica, when), filtered. */
  requests(filter?: RequestLogFilter): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

/** Options of `startSimProcess`. */
export interface SimStartOptions {
  /** `empty` or `scale:<n>`. */
  scenario: string;
  /** Server page cap (alerts per page). */
  pageSize: number;
  seed?: number;
  /** The listing's misbehaviours (see ListingQuirks). */
  listing?: ListingQuirks;
  /** Generated tenants (see SimProcessOptions). */
  tenantCount?: number;
  tenantScenario?: string;
  tenantTrickleMs?: number;
  requestLogCapacity?: number;
}

/** Forks bench/lib/simProcess.ts (same loader flags as this process) and waits until it listens. */
export async function startSimProcess(o: SimStartOptions): Promise<SimHandle> {
  const options: SimProcessOptions = { ...o, tlsDir: TLS_DIR };
  const child = fork(resolve(__dirname, 'simProcess.ts'), [JSON.stringify(options)], {
    execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof') && a !== '--expose-gc'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await firstReply(child, (r) => r.type === 'ready');
  if (ready.type !== 'ready') throw new Error('unreachable');
  let next = 0;
  let closed: Promise<void> | undefined;
  return {
    url: ready.url,
    alerts: ready.alerts,
    async add(alerts) {
      const id = next++;
      const request: SimRequest = { type: 'add', id, alerts };
      child.send(request);
      const reply = await firstReply(child, (r) => r.type === 'added' && r.id === id);
      return reply.type === 'added' ? reply.at : Number.NaN;
    },
    async touch(count) {
      const id = next++;
      const request: SimRequest = { type: 'touch', id, count };
      child.send(request);
      const reply = await firstReply(child, (r) => r.type === 'touched' && r.id === id);
      if (reply.type !== 'touched') throw new Error('unreachable');
      return { at: reply.at, listRequests: reply.listRequests, stalls: reply.stalls };
    },
    async requests(filter = {}) {
      const id = next++;
      const request: SimRequest = { type: 'requests', id, filter };
      child.send(request);
      const reply = await firstReply(child, (r) => r.type === 'requests' && r.id === id);
      return reply.type === 'requests' ? reply.entries : [];
    },
    close() {
      closed ??= new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        const request: SimRequest = { type: 'close' };
        child.send(request);
      });
      return closed;
    },
  };
}

/** The first IPC reply matching `want`; rejects if the simulator fails or exits first. */
function firstReply(child: ChildProcess, want: (r: SimReply) => boolean): Promise<SimReply> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (r: SimReply): void => {
      if (r.type === 'failed') finish(() => reject(new Error(`the simulator failed: ${r.message}`)));
      else if (want(r)) finish(() => resolvePromise(r));
    };
    const onExit = (code: number | null): void =>
      finish(() => reject(new Error(`the simulator exited (code ${code}) before answering`)));
    const finish = (fn: () => void): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
