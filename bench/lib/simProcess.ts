/**
 * The Graph simulator in a process of its own, driven over IPC by `startSimProcess` (bench/lib/sim.ts).
 * Graph is another machine in production: keeping the simulator's work (filtering, serialising pages,
 * TLS) off the measured process keeps it out of the figures, and out of its memory.
 *
 * Messages in: `{ type: 'add', id, alerts }` (added in one synchronous step, so one poll sees them all,
 * answered `{ type: 'added', id, at }` with the simulator's clock), `{ type: 'close' }`.
 */
import type { SecurityAlert } from '../../src/model';
import {
  startSimulator,
  type ListingQuirks,
  type RequestLogEntry,
  type RequestLogFilter,
  type Simulator,
} from '../../simulator';

/** What the parent passes as the one argument (JSON). */
export interface SimProcessOptions {
  scenario: string;
  pageSize: number;
  tlsDir: string;
  seed?: number;
  /** The listing's misbehaviours (catch-up: `stallEvery`). */
  listing?: ListingQuirks;
  /** Generated tenants (`tenant-001`, …; the `tenants` benchmark), each `tenantScenario` plus a trickle. */
  tenantCount?: number;
  tenantScenario?: string;
  tenantTrickleMs?: number;
  requestLogCapacity?: number;
}

export type SimRequest =
  | { type: 'add'; id: number; alerts: SecurityAlert[] }
  /** Changes `count` alerts (their lastUpdateDateTime moves to now), spread over the store. */
  | { type: 'touch'; id: number; count: number }
  /** The request log's retained entries matching `filter` (see simulator/tenancy/requestLog.ts). */
  | { type: 'requests'; id: number; filter: RequestLogFilter }
  | { type: 'close' };

export type SimReply =
  | { type: 'ready'; url: string; alerts: number; startedInMs: number }
  | { type: 'added'; id: number; at: number }
  | { type: 'touched'; id: number; at: number; listRequests: number; stalls: number }
  | { type: 'requests'; id: number; entries: RequestLogEntry[] }
  | { type: 'failed'; message: string };

function send(reply: SimReply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as SimProcessOptions;
  const t0 = Date.now();
  const sim: Simulator = await startSimulator({
    port: 0,
    tlsDir: o.tlsDir,
    scenario: o.scenario,
    seed: o.seed,
    pageSize: o.pageSize,
    throttle: false,
    listing: o.listing,
    ...(o.tenantCount !== undefined
      ? { tenantCount: o.tenantCount, tenantScenario: o.tenantScenario, tenantTrickleMs: o.tenantTrickleMs }
      : {}),
    ...(o.requestLogCapacity !== undefined ? { requestLogCapacity: o.requestLogCapacity } : {}),
  });
  let cursor = 0;
  // The parent is gone (crashed or killed): never outlive it.
  process.on('disconnect', () => void sim.close().finally(() => process.exit(0)));
  process.on('message', (m: SimRequest) => {
    if (m.type === 'add') {
      for (const a of m.alerts) sim.alerts.add(a);
      send({ type: 'added', id: m.id, at: Date.now() });
    } else if (m.type === 'touch') {
      const all = sim.alerts.all();
      const step = Math.max(1, Math.floor(all.length / Math.max(1, m.count)));
      const ids = Array.from({ length: Math.min(m.count, all.length) }, (_, i) => all[(cursor + i * step) % all.length]!.id); // prettier-ignore
      cursor++;
      for (const id of ids) sim.alerts.update(id, {});
      const listRequests = sim.requests().filter((r) => r.path.endsWith('/security/alerts_v2')).length;
      sim.clearRequests();
      send({ type: 'touched', id: m.id, at: Date.now(), listRequests, stalls: sim.listingStats().stalls });
    } else if (m.type === 'requests') {
      send({ type: 'requests', id: m.id, entries: sim.requestLog.entries(m.filter) });
    } else if (m.type === 'close') {
      void sim.close().finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', url: sim.url, alerts: sim.alerts.all().length, startedInMs: Date.now() - t0 });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
}
