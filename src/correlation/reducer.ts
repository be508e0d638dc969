import type { SecurityAlert } from '../model';
import { evictExpired } from './evict';
import { checkMaxAlerts, checkWindow, compareMatches, explainPair } from './explain';
import { Cycle, ingest } from './ingest';
import type { Rec } from './record';
import { sharedTest } from './shared';
import { link, type CorrelationState } from './state';
import { parseGraphTime } from './time';
import {
  DEFAULT_MAX_ALERTS_PER_IDENTITY,
  DEFAULT_RETENTION_MS,
  type CorrelationChange,
  type CorrelationMatch,
  type CorrelationOptions,
} from './types';

/** What one `correlate` call returns. */
export interface CorrelationResult {
  /** The same state object, updated in place. */
  state: CorrelationState;
  /** `correlated` changes (by Defender activity start, then id), then `alertChanged` ones. */
  changes: CorrelationChange[];
  /** Ids whose `TrackedAlert` record changed: persist `trackedAlert(state, id)` for each. */
  touched: string[];
  /** Ids dropped by retention: delete their records. */
  evicted: string[];
}

/**
 * The poller's reducer: takes the alerts that changed since the last cycle (any mix of Defender and DLP,
 * any order, duplicates allowed: the newest `lastUpdateDateTime` of each id wins) and reports every
 * Defender alert that gained DLP correlations, plus changes on already-correlated alerts. `now` (epoch ms)
 * drives retention only. Matches are never retracted: once reported, a DLP alert stays on its Defender
 * alert. Items that are not objects with a string `id` are skipped (the Graph parser already drops them).
 */
export function correlate(
  state: CorrelationState,
  changed: readonly SecurityAlert[],
  now: number,
  o: CorrelationOptions,
): CorrelationResult {
  const { windowMs, retentionMs, maxAlerts } = checkOptions(o);
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new RangeError(`now must be a finite epoch time in milliseconds, got ${String(now)}`);
  }
  if (!Array.isArray(changed)) throw new TypeError('changed must be an array of alerts');
  const horizon = now - windowMs - retentionMs;
  const evicted = evictExpired(state, horizon);
  const cycle = new Cycle();
  for (const alert of latestVersions(changed)) ingest(state, alert, now, horizon, cycle);
  const changes: CorrelationChange[] = discover(state, cycle, windowMs, maxAlerts);
  for (const c of cycle.alertChanges) changes.push(c);
  return { state, changes, touched: [...cycle.touched], evicted };
}

function checkOptions(o: CorrelationOptions): { windowMs: number; retentionMs: number; maxAlerts: number } {
  if (typeof o !== 'object' || o === null)
    throw new TypeError('correlate needs options { windowMs, retentionMs }');
  const windowMs = checkWindow(o.windowMs);
  const retentionMs = o.retentionMs ?? DEFAULT_RETENTION_MS;
  if (typeof retentionMs !== 'number' || !Number.isFinite(retentionMs) || retentionMs < 0) {
    throw new RangeError(
      `retentionMs must be a finite number of milliseconds >= 0, got ${String(retentionMs)}`,
    );
  }
  const maxAlerts = checkMaxAlerts(o.maxAlertsPerIdentity ?? DEFAULT_MAX_ALERTS_PER_IDENTITY);
  return { windowMs, retentionMs, maxAlerts };
}

function latestVersions(changed: readonly SecurityAlert[]): SecurityAlert[] {
  const byId = new Map<string, SecurityAlert>();
  for (const a of changed) {
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string' || a.id.length === 0) continue;
    const seen = byId.get(a.id);
    if (
      seen === undefined ||
      !(parseGraphTime(a.lastUpdateDateTime) < parseGraphTime(seen.lastUpdateDateTime))
    ) {
      byId.set(a.id, a);
    }
  }
  return [...byId.values()];
}

/** Searches the other side's index for every new or moved alert and reports the pairs not reported yet. */
function discover(
  state: CorrelationState,
  cycle: Cycle,
  windowMs: number,
  maxAlerts: number,
): CorrelationChange[] {
  const pending = new Map<Rec, Set<Rec>>();
  const buf: Rec[] = [];
  for (const def of cycle.defenderQueue) {
    buf.length = 0;
    state.dlp.candidates(def, windowMs, buf);
    for (const dlp of buf) addPending(pending, def, dlp);
  }
  for (const dlp of cycle.dlpQueue) {
    buf.length = 0;
    state.defender.candidates(dlp, windowMs, buf);
    for (const def of buf) addPending(pending, def, dlp);
  }
  const found: Array<{ def: Rec; change: CorrelationChange }> = [];
  for (const [def, dlps] of pending) {
    const change = attach(state, def, dlps, windowMs, maxAlerts);
    if (change !== undefined) {
      cycle.touched.add(def.id);
      found.push({ def, change });
    }
  }
  found.sort((a, b) => a.def.start - b.def.start || (a.def.id < b.def.id ? -1 : a.def.id > b.def.id ? 1 : 0));
  return found.map((f) => f.change);
}

function addPending(pending: Map<Rec, Set<Rec>>, def: Rec, dlp: Rec): void {
  const set = pending.get(def);
  if (set === undefined) pending.set(def, new Set([dlp]));
  else set.add(dlp);
}

/** Adds the DLP alerts `def` did not have yet; the `correlated` change, or undefined when none is new. */
function attach(
  state: CorrelationState,
  def: Rec,
  dlps: Set<Rec>,
  windowMs: number,
  maxAlerts: number,
): CorrelationChange | undefined {
  const known = def.correlatedDlpIds ?? [];
  const knownSet = known.length > 8 ? new Set(known) : undefined;
  const fresh: CorrelationMatch[] = [];
  const isShared = sharedTest(state, def, windowMs, maxAlerts);
  for (const dlp of dlps) {
    if (knownSet ? knownSet.has(dlp.id) : known.includes(dlp.id)) continue;
    const m = explainPair(def, dlp, windowMs, isShared);
    if (m !== undefined) fresh.push(m);
  }
  if (fresh.length === 0) return undefined;
  fresh.sort(compareMatches);
  const first = known.length === 0;
  def.correlatedDlpIds = known.concat(fresh.map((m) => m.dlpAlertId));
  def.matches = (def.matches ?? []).concat(fresh).sort(compareMatches);
  for (const m of fresh) link(state, m.dlpAlertId, def.id);
  return {
    type: 'correlated',
    defenderAlertId: def.id,
    newMatches: fresh,
    matches: def.matches.slice(),
    first,
  };
}
