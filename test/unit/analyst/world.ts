/**
 * A small, real analyst world for unit tests: correlated alerts tracked in a MemoryStore exactly as the
 * poller leaves them, the real read model, analyst service, access policy and audit log, and a fake of
 * the Graph writes that records every POST and PATCH.
 */
import { AlertReadModel } from '../../../src/alerts';
import type { CardTenant, FeatureAvailability } from '../../../src/cards';
import { AccessPolicy, AnalystService, AuditLog, type AlertWriter } from '../../../src/analyst';
import { FakeClock } from '../../helpers/clocks';
import { correlate, createCorrelationState } from '../../../src/correlation';
import { TrackedWriter } from '../../../src/poller/trackedWriter';
import { GraphError } from '../../../src/errors';
import type { SensitiveInfoResult } from '../../../src/graph';
import type { AlertComment, AlertUpdate, SecurityAlert } from '../../../src/model';
import { silentLogger } from '../../../src/log';
import { correlatedKey } from '../../../src/records';
import { MemoryStore } from '../../../src/store/memory';
import type { Store } from '../../../src/store/types';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';

/** Records Graph writes; `hold()` keeps the next writes pending until released, `failures` fail them. */
export class FakeAlertWriter implements AlertWriter {
  readonly posts: Array<{ id: string; text: string }> = [];
  readonly patches: Array<{ id: string; update: AlertUpdate }> = [];
  readonly failures: Error[] = [];
  private gate: Promise<void> | undefined;

  constructor(readonly alerts: Map<string, SecurityAlert>) {}

  /** Writes wait until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((r) => (release = r));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  async getAlert(id: string): Promise<SecurityAlert | undefined> {
    return this.alerts.get(id);
  }

  async addComment(id: string, text: string): Promise<AlertComment[]> {
    this.posts.push({ id, text });
    await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const alert = this.alerts.get(id)!;
    const comment = {
      comment: text,
      createdByDisplayName: 'defender-dlp-bot',
      createdDateTime: iso(BASE_MS),
    };
    alert.comments = [...alert.comments, comment];
    return alert.comments;
  }

  async updateAlert(id: string, update: AlertUpdate): Promise<SecurityAlert> {
    this.patches.push({ id, update });
    await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const alert = { ...this.alerts.get(id)!, ...update } as SecurityAlert;
    this.alerts.set(id, alert);
    return alert;
  }
}

export const MEGAN = { upn: 'Megan.Bowen@contoso.com', aadId: '9a0d4f6a-5d1e-4c6b-9f11-2f0c7b1b6a01' };
export const ANALYST = {
  id: '29:analyst',
  aadObjectId: 'b2f1c0de-0000-4000-8000-00000000a11e',
  name: 'Adele Vance',
  upn: 'AdeleV@contoso.com',
};

/** Sensitive info with a type name, count and confidence: what the SIT view may show. */
export function sitFor(dlpAlertId: string): SensitiveInfoResult {
  return {
    dlpAlertId,
    source: 'DataSecurityEvents',
    types: [
      {
        name: 'Credit Card Number',
        count: 12,
        confidenceLevel: 'High',
        policy: 'PCI',
        rule: 'Block external',
      },
    ],
  };
}

export interface WorldOptions {
  /** SOC_ANALYSTS (lower case); default the analyst's UPN. */
  analysts?: string[];
  features?: FeatureAvailability;
  /** The world's store (e.g. one tenant's view of a shared MemoryStore); default a MemoryStore of its own. */
  store?: Store;
  /** The tenant the read model serves (its cards name it); default none (the single `default` tenant). */
  tenant?: CardTenant;
}

export type World = Awaited<ReturnType<typeof createWorld>>;

/** One Defender alert correlated with two DLP alerts by Megan, plus an uncorrelated Defender alert. */
export async function createWorld(o: WorldOptions = {}) {
  const store: Store = o.store ?? new MemoryStore();
  const clock = new FakeClock(BASE_MS + 3600_000);
  const logger = silentLogger();
  const state = createCorrelationState();
  const layout = new TrackedWriter();
  layout.reset([], []);
  const graphAlerts = new Map<string, SecurityAlert>();
  const ingest = async (...alerts: SecurityAlert[]) => {
    for (const a of alerts) graphAlerts.set(a.id, a);
    const { touched, changes, evicted } = correlate(state, alerts, clock.now(), { windowMs: 30 * 60_000 });
    // The poller's layout: rows for correlated alerts, a segment for the others.
    const correlatedIds = changes.flatMap((c) =>
      c.type === 'correlated' ? [c.defenderAlertId, ...c.newMatches.map((m) => m.dlpAlertId)] : [],
    );
    await store.batch(layout.pageOps(state, touched, evicted, correlatedIds));
    for (const c of changes)
      if (c.type === 'correlated')
        await store.put(correlatedKey(c.defenderAlertId), {
          alertId: c.defenderAlertId,
          firstCorrelatedAt: iso(clock.now()),
        });
  };
  const megan = (roles: string[] = []) => userEvidence({ upn: MEGAN.upn, aadId: MEGAN.aadId, roles });
  const defender = makeAlert({ severity: 'high', evidence: [megan()], ...timesAt(BASE_MS) });
  const dlps = [
    makeDlpAlert({ evidence: [megan(['policyViolator'])], ...timesAt(BASE_MS + 4 * 60_000) }),
    makeDlpAlert({ evidence: [megan(['policyViolator'])], ...timesAt(BASE_MS - 10 * 60_000) }),
  ];
  const lonely = makeAlert({ evidence: [userEvidence({ upn: 'nobody@contoso.com' })], ...timesAt(BASE_MS) });
  await ingest(defender, ...dlps, lonely);
  const writer = new FakeAlertWriter(graphAlerts);
  const features: FeatureAvailability = o.features ?? {};
  const alerts = new AlertReadModel({
    store,
    features: () => features,
    ...(o.tenant ? { tenant: o.tenant } : {}),
  });
  const refreshed: string[] = [];
  /** How many of the next card refreshes fail. */
  const faults = { refresh: 0 };
  const sitCalls: string[] = [];
  const analyst = new AnalystService({
    graph: writer,
    sensitiveInfo: async (dlp) => {
      sitCalls.push(dlp.id);
      return sitFor(dlp.id);
    },
    alerts,
    store,
    refreshCards: async (id) => {
      if (faults.refresh-- > 0) throw new Error('store unavailable (injected)');
      refreshed.push(id);
    },
    clock,
    logger,
  });
  const access = new AccessPolicy({
    analysts: o.analysts ?? [ANALYST.upn.toLowerCase()],
    localMode: false,
    clock,
    logger,
  });
  const audit = new AuditLog(store, clock);
  /** A DLP alert by Megan that arrives later and correlates with the same Defender alert. */
  const lateDlp = async () => {
    clock.advance(60_000);
    const late = makeDlpAlert({
      evidence: [megan(['policyViolator'])],
      ...timesAt(BASE_MS + 20 * 60_000),
      lastUpdateDateTime: iso(clock.now()),
    });
    await ingest(late);
    return late;
  };
  return {
    store,
    clock,
    logger,
    defender,
    dlps,
    lonely,
    writer,
    alerts,
    analyst,
    access,
    audit,
    refreshed,
    faults,
    sitCalls,
    ingest,
    lateDlp,
    features,
  };
}

export const throttled = (): GraphError =>
  new GraphError({ status: 429, message: 'Too many requests', retryAfterMs: 30_000 });
