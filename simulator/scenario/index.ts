import { ScenarioBuilder } from './builder';
import { plantDemo } from './demo';
import { plantSourceQuirks } from './quirks';
import { sortNewestFirst } from './order';
import { Rng } from './rng';
import { generateScale } from './scale';
import { buildDirectory } from './tenant';
import type { ScenarioData } from './types';

/** Largest `scale:<n>` accepted (memory, not time, is the limit). */
export const MAX_SCALE = 1_000_000;

/** Scenario names: `empty`, `demo`, `live` (demo plus a feed), `scale:<n>`. */
export function isScenarioName(name: string): boolean {
  return ['empty', 'demo', 'live'].includes(name) || /^scale:\d+$/.test(name);
}

/**
 * Generates a scenario. Pure and deterministic: the same (scenario, seed, now) gives the same data.
 * `live` starts as `demo`; its feed is LiveFeed. Throws on an unknown scenario name.
 */
export function generateAlerts(scenario: string, seed: number, now: number): ScenarioData {
  if (!Number.isFinite(now)) throw new Error(`generateAlerts: now must be epoch milliseconds, got ${now}`);
  if (scenario === 'empty') {
    const truth = { matches: [], nearMisses: [], dlpWithoutDefender: [], exhaustive: true };
    return {
      alerts: [],
      hunting: { DataSecurityEvents: [], CloudAppEvents: [] },
      directory: buildDirectory(),
      truth,
    };
  }
  if (scenario === 'demo' || scenario === 'live') {
    const b = new ScenarioBuilder(new Rng(seed).fork('demo'), buildDirectory(), now);
    plantDemo(b);
    plantSourceQuirks(b.alerts, b.truth);
    return {
      alerts: sortNewestFirst(b.alerts),
      hunting: b.hunting,
      directory: b.directory,
      truth: b.truth,
      lateEvidence: b.lateEvidence,
    };
  }
  const scale = /^scale:(\d+)$/.exec(scenario);
  if (scale) {
    const n = Number(scale[1]);
    if (n < 1 || n > MAX_SCALE)
      throw new Error(`Scenario '${scenario}': n must be between 1 and ${MAX_SCALE}.`);
    const data = generateScale(n, seed, now);
    return { ...data, alerts: sortNewestFirst(data.alerts) };
  }
  throw new Error(`Unknown scenario '${scenario}': use empty, demo, live or scale:<n> (e.g. scale:250000).`);
}

export { LiveFeed } from './live';
export { plantSourceQuirks } from './quirks';
export type { LiveChanges } from './live';
export { collectDetectedValues } from './hunting';
export { sortNewestFirst } from './order';
export { alertWebUrl, incidentWebUrl } from './alert';
export {
  buildDirectory,
  PLAYGROUND_USER_ID,
  SOC_ANALYSTS_GROUP_ID,
  TENANT_DOMAIN,
  TENANT_ID,
} from './tenant';
export type {
  CorrelationTruth,
  Directory,
  DirectoryDevice,
  DirectoryGroup,
  DirectoryUser,
  HuntingData,
  HuntingRow,
  LateEvidenceSpec,
  MatchKey,
  ScenarioData,
} from './types';
