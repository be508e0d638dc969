import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecurityAlert } from '../src/model';
import { HuntingQuota, resolveFidelity } from './fidelity';
import { createPipeline, FaultQueue, Recorder, Throttle, TokenIssuer } from './http';
import { buildRoutes, DEFAULT_ROLES, type SimContext } from './routes';
import { generateAlerts, LiveFeed, TENANT_ID } from './scenario';
import { LIVE_LISTING_QUIRKS } from './scenario/live';
import { shareTimestamps, unknownSourceBurst } from './routes/listing';
import { AlertStore, HuntingStore } from './state';
import { LateEvidence } from './state/lateEvidence';
import { TeamsMessageStore } from './state/teamsMessages';
import { ensureCertificate } from './tls';
import type { Fault, ListingQuirks, Simulator, SimulatorOptions } from './types';

/**
 * Starts the Graph Security simulator on https://localhost:<port> (bound to 127.0.0.1 only), loaded
 * with the scenario. Resolves once it is listening.
 */
export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const opts = checkOptions(o);
  const now = o.now ?? Date.now;
  let baseUrl = '';
  const sim = createState(o, opts, now);
  const closing = new AbortController();
  const limits =
    o.throttle === false
      ? false
      : { security: o.throttle?.alertsPerMinute ?? 150, hunting: o.throttle?.huntingPerMinute ?? 45 };
  const pipeline = createPipeline({
    routes: buildRoutes(sim),
    tokens: sim.tokens,
    throttle: new Throttle(limits, now),
    faults: sim.faults,
    recorder: sim.recorder,
    now,
    baseUrl: () => baseUrl,
    closing: closing.signal,
  });
  const tls = ensureCertificate(o.tlsDir);
  const server = createServer({ key: tls.key, cert: tls.cert }, pipeline);
  const port = await listen(server, opts.port);
  baseUrl = `https://localhost:${port}`;
  const timer = opts.scenario === 'live' ? setInterval(() => liveStep(sim), opts.liveIntervalMs) : undefined;
  timer?.unref();
  return facade(sim, { url: baseUrl, port, certPath: tls.certPath }, async () => {
    if (timer) clearInterval(timer);
    closing.abort();
    await close(server);
  });
}

/** The scenario loaded into stores, and the mutable parts (roles, live feed) behind one context. */
function createState(o: SimulatorOptions, opts: CheckedOptions, now: () => number): SimContext {
  const data = generateAlerts(opts.scenario, opts.seed, now());
  const listing: ListingQuirks = { ...(o.listing ?? (opts.scenario === 'live' ? LIVE_LISTING_QUIRKS : {})) };
  const alerts = new AlertStore(now);
  const lateEvidence = new LateEvidence();
  alerts.addMany(
    holdLate(
      unknownSourceBurst(
        shareTimestamps(data.alerts, listing.shareTimestampEvery ?? 1),
        listing.unknownSourceBurst,
      ),
      data.lateEvidence ?? [],
      lateEvidence,
    ),
  );
  const fidelity = resolveFidelity(o.fidelity, opts.scenario);
  const hunting = new HuntingStore(data.hunting, fidelity);
  const feed = new LiveFeed(opts.seed, data.directory, now());
  let roles = [...(o.roles ?? DEFAULT_ROLES)];
  return {
    alerts,
    hunting,
    teamsMessages: new TeamsMessageStore(now),
    lateEvidence,
    directory: data.directory,
    truth: data.truth,
    tokens: new TokenIssuer(now, TENANT_ID),
    faults: new FaultQueue(),
    recorder: new Recorder(),
    pageSize: opts.pageSize,
    fidelity,
    huntingQuota: new HuntingQuota(fidelity.huntingQuota, now),
    listing,
    listCount: 0,
    served: { alerts: 0, stalls: 0 },
    now,
    tokenTtlSeconds: opts.tokenTtlSeconds,
    roles: () => [...roles],
    setRoles: (r) => (roles = [...r]),
    tick: () => {
      const changes = feed.step(now(), alerts.all());
      for (const a of holdLate(changes.added, changes.lateEvidence ?? [], lateEvidence)) alerts.add(a);
      for (const row of changes.hunting.DataSecurityEvents) hunting.add('DataSecurityEvents', row);
      for (const row of changes.hunting.CloudAppEvents) hunting.add('CloudAppEvents', row);
      for (const u of changes.updates) if (alerts.get(u.id)) alerts.update(u.id, u.patch);
      return { added: changes.added.length, updated: changes.updates.length };
    },
  };
}

/**
 * The alerts as first served: for each `LateEvidenceSpec`, the last `held` evidence entries are taken off
 * (a copy; the scenario's objects stay whole) and queued until the alert has been listed.
 */
function holdLate(
  alerts: readonly SecurityAlert[],
  specs: ReadonlyArray<{ alertId: string; held: number }>,
  queue: LateEvidence,
): SecurityAlert[] {
  if (specs.length === 0) return [...alerts];
  const held = new Map(specs.map((s) => [s.alertId, s.held]));
  return alerts.map((a) => {
    const n = held.get(a.id) ?? 0;
    if (n <= 0) return a;
    const keep = Math.max(0, a.evidence.length - n);
    queue.hold(a.id, a.evidence.slice(keep));
    return { ...a, evidence: a.evidence.slice(0, keep) };
  });
}

function liveStep(sim: SimContext): void {
  try {
    sim.tick();
  } catch (err) {
    // A timer callback that throws would take the whole process down: report and keep serving.
    console.error('graph simulator: live scenario step failed:', err);
  }
}

interface CheckedOptions {
  scenario: string;
  seed: number;
  pageSize: number;
  port: number;
  tokenTtlSeconds: number;
  liveIntervalMs: number;
}

function checkOptions(o: SimulatorOptions): CheckedOptions {
  const problems: string[] = [];
  const int = (name: string, v: number | undefined, def: number, min: number, max: number): number => {
    const value = v ?? def;
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`${name} must be an integer in [${min}, ${max}], got ${v}`);
    return value;
  };
  if (typeof o.tlsDir !== 'string' || o.tlsDir === '')
    problems.push('tlsDir is required (where cert.pem/key.pem live)');
  const checked = {
    scenario: o.scenario ?? 'demo',
    seed: int('seed', o.seed, 42, 0, 2 ** 32 - 1),
    pageSize: int('pageSize', o.pageSize, 20, 1, 10_000),
    port: int('port', o.port, 0, 0, 65_535),
    tokenTtlSeconds: int('tokenTtlSeconds', o.tokenTtlSeconds, 3600, 1, 86_400),
    liveIntervalMs: int('liveIntervalMs', o.liveIntervalMs, 5000, 10, 3_600_000),
  };
  if (problems.length > 0) throw new Error(`startSimulator: ${problems.join('; ')}.`);
  return checked;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

function facade(
  sim: SimContext,
  where: { url: string; port: number; certPath: string },
  stop: () => Promise<void>,
): Simulator {
  let closed: Promise<void> | undefined;
  return {
    ...where,
    alerts: {
      all: () => [...sim.alerts.all()],
      get: (id) => sim.alerts.get(id),
      add: (a: SecurityAlert) => sim.alerts.add(a),
      update: (id, patch) => sim.alerts.update(id, patch),
      remove: (id) => void sim.alerts.remove(id),
    },
    comments: (id) => [...(sim.alerts.get(id)?.comments ?? [])],
    hunting: { add: (table, row) => sim.hunting.add(table, row), rows: (table) => sim.hunting.rows(table) },
    teamsMessages: {
      record: (m) => sim.teamsMessages.record(m).id,
      clear: () => sim.teamsMessages.clear(),
    },
    detectedValues: () => sim.hunting.detectedValues(),
    requests: () => sim.recorder.all(),
    clearRequests: () => sim.recorder.clear(),
    listingStats: () => ({ alertsServed: sim.served.alerts, stalls: sim.served.stalls }),
    faults: { inject: (f: Fault) => sim.faults.inject(f), clear: () => sim.faults.clear() },
    issueToken: (t) => sim.tokens.issue(t?.roles ?? sim.roles(), t?.ttlSeconds ?? sim.tokenTtlSeconds),
    setRoles: (r) => sim.setRoles(r),
    tick: () => void sim.tick(),
    holdEvidence: (alertId, evidence) => sim.lateEvidence.hold(alertId, evidence),
    directory: sim.directory,
    truth: sim.truth,
    close: () => (closed ??= stop()),
  };
}
