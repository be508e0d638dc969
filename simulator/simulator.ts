import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecurityAlert } from '../src/model';
import { createPipeline, FaultQueue, Recorder, Throttle, TokenIssuer } from './http';
import { buildRoutes, DEFAULT_ROLES, type SimContext } from './routes';
import type { TenantSim } from './routes/context';
import { TENANT_ID } from './scenario';
import { buildTenant, RequestLog, resolveTenants, TenantBook, tenantGate } from './tenancy';
import { ensureCertificate } from './tls';
import type { Fault, SimTenant, Simulator, SimulatorOptions } from './types';

/**
 * Starts the Graph Security simulator on https://localhost:<port> (bound to 127.0.0.1 only), loaded
 * with the scenario, for one tenant (Contoso) or for the tenants of `tenants` / `tenantCount`.
 * Resolves once it is listening.
 */
export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const opts = checkOptions(o);
  const now = o.now ?? Date.now;
  let baseUrl = '';
  const { sim, feeds } = createState(o, opts, now);
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
    requestLog: sim.requestLog,
    tenantGate: tenantGate(sim.tenants),
    now,
    baseUrl: () => baseUrl,
    closing: closing.signal,
  });
  const tls = ensureCertificate(o.tlsDir);
  const server = createServer({ key: tls.key, cert: tls.cert }, pipeline);
  const port = await listen(server, opts.port);
  baseUrl = `https://localhost:${port}`;
  const timers = startFeeds(feeds);
  return facade(sim, { url: baseUrl, port, certPath: tls.certPath }, async () => {
    for (const t of timers) clearTimeout(t);
    closing.abort();
    await close(server);
  });
}

interface Feed {
  tenant: TenantSim;
  everyMs: number;
}

/** The tenants loaded into stores, and the shared parts (tokens, roles, logs) behind one context. */
function createState(
  o: SimulatorOptions,
  opts: CheckedOptions,
  now: () => number,
): { sim: SimContext; feeds: Feed[] } {
  const defaults = { now, pageSize: opts.pageSize, liveIntervalMs: opts.liveIntervalMs };
  const feeds: Feed[] = [];
  const built = resolveTenants(o, opts.scenario, opts.seed).map((spec) => {
    const { tenant, feedEveryMs } = buildTenant(spec, o, defaults);
    if (feedEveryMs !== undefined) feeds.push({ tenant, everyMs: feedEveryMs });
    return tenant;
  });
  const tenants = new TenantBook(built);
  let roles = [...(o.roles ?? DEFAULT_ROLES)];
  const sim: SimContext = {
    tokens: new TokenIssuer(now, TENANT_ID),
    faults: new FaultQueue(),
    recorder: new Recorder(),
    requestLog: new RequestLog(o.requestLogCapacity ?? 50_000),
    now,
    tokenTtlSeconds: opts.tokenTtlSeconds,
    roles: () => [...roles],
    setRoles: (r) => (roles = [...r]),
    tenants,
    tenantOf: (ctx) => {
      const t = ctx.tenantId === undefined ? undefined : tenants.find(ctx.tenantId);
      // The pipeline's tenant gate has refused every token whose tenant is not here.
      if (!t) throw new Error(`no tenant for a verified token (tid ${ctx.tenantId})`);
      return t;
    },
  };
  return { sim, feeds };
}

/**
 * One timer per tenant with a feed. With many tenants their first steps are spread over one period, so
 * 300 trickling tenants do not all change at the same instant.
 */
function startFeeds(feeds: readonly Feed[]): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  feeds.forEach((f, i) => {
    const step = (): void => liveStep(f.tenant);
    const offset = feeds.length > 1 ? Math.floor((f.everyMs * i) / feeds.length) : 0;
    const first = setTimeout(() => {
      if (offset > 0) step();
      const every = setInterval(step, f.everyMs);
      every.unref();
      timers.push(every);
    }, offset);
    first.unref();
    timers.push(first);
  });
  return timers;
}

function liveStep(tenant: TenantSim): void {
  try {
    tenant.tick();
  } catch (err) {
    // A timer callback that throws would take the whole process down: report and keep serving.
    console.error(`graph simulator: live step of tenant ${tenant.name} failed:`, err);
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
  const handles = new Map<TenantSim, SimTenant>();
  const handle = (t: TenantSim): SimTenant => {
    let h = handles.get(t);
    if (!h) handles.set(t, (h = tenantHandle(sim, t)));
    return h;
  };
  const {
    tenantId: _id,
    name: _name,
    revoked: _revoked,
    issueToken: _issue,
    setRoles: _roles,
    ...first
  } = handle(sim.tenants.default);
  return {
    ...where,
    ...first,
    requests: () => sim.recorder.all(),
    clearRequests: () => sim.recorder.clear(),
    faults: { inject: (f: Fault) => sim.faults.inject(f), clear: () => sim.faults.clear() },
    issueToken: (t) => {
      const tenant = t?.tenant === undefined ? sim.tenants.default : sim.tenants.get(t.tenant);
      return sim.tokens.issue(
        t?.roles ?? tenant.roles ?? sim.roles(),
        t?.ttlSeconds ?? sim.tokenTtlSeconds,
        tenant.tenantId,
      );
    },
    setRoles: (r) => sim.setRoles(r),
    tenants: () => sim.tenants.list().map(handle),
    tenant: (ref) => handle(sim.tenants.get(ref)),
    setRevoked: (ref, revoked) => void sim.tenants.setRevoked(ref, revoked),
    requestLog: {
      entries: (f) => sim.requestLog.entries(f),
      counts: () => sim.requestLog.counts(),
      doublePolls: (ms) => sim.requestLog.doublePolls(ms),
      clear: () => sim.requestLog.clear(),
    },
    close: () => (closed ??= stop()),
  };
}

/** One tenant's calls (the top-level Simulator's alert and state calls are the default tenant's). */
function tenantHandle(sim: SimContext, t: TenantSim): SimTenant {
  return {
    tenantId: t.tenantId,
    name: t.name,
    get revoked() {
      return t.revoked;
    },
    alerts: {
      all: () => [...t.alerts.all()],
      get: (id) => t.alerts.get(id),
      add: (a: SecurityAlert) => t.alerts.add(a),
      update: (id, patch) => t.alerts.update(id, patch),
      remove: (id) => void t.alerts.remove(id),
    },
    comments: (id) => [...(t.alerts.get(id)?.comments ?? [])],
    hunting: { add: (table, row) => t.hunting.add(table, row), rows: (table) => t.hunting.rows(table) },
    teamsMessages: {
      record: (m) => t.teamsMessages.record(m).id,
      clear: () => t.teamsMessages.clear(),
    },
    detectedValues: () => t.hunting.detectedValues(),
    listingStats: () => ({ alertsServed: t.served.alerts, stalls: t.served.stalls }),
    issueToken: (o) =>
      sim.tokens.issue(o?.roles ?? t.roles ?? sim.roles(), o?.ttlSeconds ?? sim.tokenTtlSeconds, t.tenantId),
    setRoles: (r) => (t.roles = r ? [...r] : undefined),
    tick: () => void t.tick(),
    holdEvidence: (alertId, evidence) => t.lateEvidence.hold(alertId, evidence),
    directory: t.directory,
    truth: t.truth,
  };
}
