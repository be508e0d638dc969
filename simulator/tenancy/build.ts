import type { SecurityAlert } from '../../src/model';
import { HuntingQuota, resolveFidelity, type SimFidelity } from '../fidelity';
import type { TenantSim } from '../routes/context';
import { shareTimestamps, unknownSourceBurst } from '../routes/listing';
import { generateAlerts, LiveFeed } from '../scenario';
import { LIVE_LISTING_QUIRKS } from '../scenario/live';
import { AlertStore, HuntingStore } from '../state';
import { LateEvidence } from '../state/lateEvidence';
import { TeamsMessageStore } from '../state/teamsMessages';
import type { ListingQuirks, SimulatorOptions } from '../types';
import type { ResolvedTenant } from './options';
import { rebrand, toScenarioIds, type Brand } from './rebrand';

/** What every tenant shares. */
export interface TenantDefaults {
  now: () => number;
  pageSize: number;
  liveIntervalMs: number;
}

/** A tenant's state and how often its feed steps (undefined: never on its own). */
export interface BuiltTenant {
  tenant: TenantSim;
  feedEveryMs: number | undefined;
}

/**
 * Loads one tenant: its scenario (rewritten for the tenant, see rebrand.ts), its stores, its feed. For
 * today's single tenant (Contoso, TENANT_ID) nothing is rewritten: the data is the scenario's own.
 */
export function buildTenant(spec: ResolvedTenant, o: SimulatorOptions, d: TenantDefaults): BuiltTenant {
  const brand: Brand = { tenantId: spec.tenantId.toLowerCase(), name: spec.name };
  const canonical = generateAlerts(spec.scenario, spec.seed, d.now());
  const data = rebrand(canonical, brand);
  const live = spec.scenario === 'live';
  const listing: ListingQuirks = { ...(spec.listing ?? o.listing ?? (live ? LIVE_LISTING_QUIRKS : {})) };
  const alerts = new AlertStore(d.now);
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
  const fidelity = resolveFidelity((spec.fidelity ?? o.fidelity) as SimFidelity | undefined, spec.scenario);
  const hunting = new HuntingStore(data.hunting, fidelity);
  // The feed runs on the scenario's own ids and names; what it reads and makes is translated.
  const feed = new LiveFeed(spec.seed, canonical.directory, d.now());
  const tenant: TenantSim = {
    tenantId: brand.tenantId,
    name: spec.name,
    domains: spec.domains,
    revoked: spec.revoked ?? false,
    roles: spec.roles ? [...spec.roles] : undefined,
    alerts,
    hunting,
    teamsMessages: new TeamsMessageStore(d.now),
    lateEvidence,
    directory: data.directory,
    truth: data.truth,
    pageSize: d.pageSize,
    listing,
    listCount: 0,
    served: { alerts: 0, stalls: 0 },
    now: d.now,
    fidelity,
    huntingQuota: new HuntingQuota(fidelity.huntingQuota, d.now),
    tick: () => {
      const changes = rebrand(feed.step(d.now(), toScenarioIds(alerts.all(), brand)), brand);
      for (const a of holdLate(changes.added, changes.lateEvidence ?? [], lateEvidence)) alerts.add(a);
      for (const row of changes.hunting.DataSecurityEvents) hunting.add('DataSecurityEvents', row);
      for (const row of changes.hunting.CloudAppEvents) hunting.add('CloudAppEvents', row);
      for (const u of changes.updates) if (alerts.get(u.id)) alerts.update(u.id, u.patch);
      return { added: changes.added.length, updated: changes.updates.length };
    },
  };
  return { tenant, feedEveryMs: spec.trickleMs ?? (live ? d.liveIntervalMs : undefined) };
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
