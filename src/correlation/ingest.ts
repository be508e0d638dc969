import type { SecurityAlert } from '../model';
import { addRecord, type CorrelationState } from './state';
import { parseGraphTime } from './time';
import type { Rec } from './record';
import { text } from './strings';
import { changedFields, indexChanged, toRec } from './tracked';
import type { AlertChangeField, CorrelationChange } from './types';

/** What one `correlate` call collects while it ingests alerts. */
export class Cycle {
  /** Ids whose record changed (the caller persists them). */
  readonly touched = new Set<string>();
  /** New or moved alerts, to search the other side's index for. */
  readonly defenderQueue: Rec[] = [];
  readonly dlpQueue: Rec[] = [];
  readonly alertChanges: CorrelationChange[] = [];
}

function enqueue(rec: Rec, cycle: Cycle): void {
  (rec.isDlp ? cycle.dlpQueue : cycle.defenderQueue).push(rec);
}

/**
 * Takes one alert version into the state. The same version again (same `lastUpdateDateTime`) and older
 * versions (a stale page) are ignored; a new alert already past the eviction `horizon` is not tracked,
 * since it would be evicted at once and then reported again on every re-read.
 */
export function ingest(
  state: CorrelationState,
  alert: SecurityAlert,
  now: number,
  horizon: number,
  cycle: Cycle,
): void {
  const prev = state.alerts.get(alert.id);
  if (prev !== undefined) {
    const updated = text(alert.lastUpdateDateTime) ?? text(alert.createdDateTime) ?? '';
    if (updated === prev.lastUpdateDateTime) return;
    if (parseGraphTime(updated) < parseGraphTime(prev.lastUpdateDateTime)) return;
  }
  const next = toRec(alert, now);
  if (prev !== undefined) return update(state, prev, next, cycle);
  if (next.end < horizon) return;
  addRecord(state, next);
  enqueue(next, cycle);
  cycle.touched.add(next.id);
}

/** Replaces `prev` by `next` in place (the indexes hold the record object), keeping its correlations. */
function update(state: CorrelationState, prev: Rec, next: Rec, cycle: Cycle): void {
  const fields = changedFields(prev, next);
  const moved = indexChanged(prev, next);
  if (moved) (prev.isDlp ? state.dlp : state.defender).removeAll([prev]);
  next.identities = state.identities.share(next.identities);
  prev.takeVersion(next);
  if (moved) {
    (prev.isDlp ? state.dlp : state.defender).add(prev);
    enqueue(prev, cycle);
  }
  if (prev.end < state.minEnd) state.minEnd = prev.end;
  cycle.touched.add(prev.id);
  if (fields.length > 0) report(state, prev, fields, cycle);
}

/** `alertChanged` for a correlated Defender alert, or for every Defender alert a changed DLP alert is on. */
function report(state: CorrelationState, rec: Rec, fields: AlertChangeField[], cycle: Cycle): void {
  if (!rec.isDlp) {
    if (rec.correlatedDlpIds !== undefined && rec.correlatedDlpIds.length > 0) {
      cycle.alertChanges.push({ type: 'alertChanged', alertId: rec.id, fields });
    }
    return;
  }
  const defenders = state.dlpToDefender.get(rec.id);
  if (defenders === undefined) return;
  for (const alertId of defenders.slice().sort()) {
    cycle.alertChanges.push({ type: 'alertChanged', alertId, fields: fields.slice(), dlpAlertId: rec.id });
  }
}
