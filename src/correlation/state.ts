import { AlertIndex } from './alertIndex';
import { IdentityPool } from './identityPool';
import { resolveIdentityKey } from './keys';
import type { Rec } from './record';
import type { CorrelationMatch, TrackedAlert } from './types';

/**
 * Everything the incremental engine remembers. Opaque to callers: build it with
 * `createCorrelationState()` or `restoreCorrelationState(records)` and read it through the accessors.
 * `correlate` mutates it in place (and returns it) because copying 100k records every poll cycle would
 * cost more than the correlation itself.
 */
export class CorrelationState {
  /** @internal Every tracked alert by id. */
  readonly alerts = new Map<string, Rec>();
  /** @internal Defender alerts by identity and incident. */
  readonly defender = new AlertIndex();
  /** @internal DLP alerts by identity and incident. */
  readonly dlp = new AlertIndex();
  /** @internal DLP alert id → the Defender alerts it was reported on. */
  readonly dlpToDefender = new Map<string, string[]>();
  /** @internal Shared identity objects and lists. */
  readonly identities = new IdentityPool();
  /** @internal A lower bound of every record's `end` (eviction scans only when something is due). */
  minEnd = Infinity;
}

export function createCorrelationState(): CorrelationState {
  return new CorrelationState();
}

/** @internal Starts tracking a record. */
export function addRecord(state: CorrelationState, rec: Rec): void {
  rec.identities = state.identities.share(rec.identities);
  state.alerts.set(rec.id, rec);
  (rec.isDlp ? state.dlp : state.defender).add(rec);
  if (rec.end < state.minEnd) state.minEnd = rec.end;
}

/** @internal Notes that `dlpId` was reported on `defenderId`. */
export function link(state: CorrelationState, dlpId: string, defenderId: string): void {
  const list = state.dlpToDefender.get(dlpId);
  if (list === undefined) state.dlpToDefender.set(dlpId, [defenderId]);
  else if (!list.includes(defenderId)) list.push(defenderId);
}

/** The record of a tracked alert, to persist or show (a fresh copy; undefined when unknown or evicted). */
export function trackedAlert(state: CorrelationState, id: string): TrackedAlert | undefined {
  return state.alerts.get(id)?.toTracked();
}

/**
 * True when a card shows the alert: a Defender alert with correlated DLP alerts, or a DLP alert reported
 * on a Defender alert. False for an unknown or evicted alert.
 */
export function isCorrelated(state: CorrelationState, id: string): boolean {
  const rec = state.alerts.get(id);
  if (rec === undefined) return false;
  return rec.isDlp ? state.dlpToDefender.has(id) : (rec.correlatedDlpIds?.length ?? 0) > 0;
}

/** Every DLP alert correlated with a Defender alert so far, in report order (a copy). */
export function correlationsOf(state: CorrelationState, defenderAlertId: string): CorrelationMatch[] {
  const rec = state.alerts.get(defenderAlertId);
  return rec?.matches ? rec.matches.slice() : [];
}

/**
 * The tracked DLP alerts naming an identity, most recent activity first. `identityKey` is a match key
 * (`email:alice@contoso.com`) or anything `resolveIdentityKey` accepts (`alice@contoso.com`,
 * `upn:Alice@Contoso.com`, an Entra object id, a device name). Empty for an unknown identity.
 */
export function dlpAlertsForIdentity(state: CorrelationState, identityKey: string): TrackedAlert[] {
  const key = resolveIdentityKey(identityKey);
  const posting = key === undefined ? undefined : state.dlp.byKey.get(key);
  if (posting === undefined) return [];
  posting.ensureSorted();
  const out: TrackedAlert[] = [];
  for (let k = posting.items.length - 1; k >= 0; k--) out.push((posting.items[k] as Rec).toTracked());
  return out;
}

/** How many alerts are tracked, in total and per side. */
export function stateSize(state: CorrelationState): { alerts: number; defender: number; dlp: number } {
  return { alerts: state.alerts.size, defender: state.defender.size, dlp: state.dlp.size };
}
