import type { CorrelationState } from './state';
import type { Rec } from './record';

/**
 * Drops every alert whose activity ended before `horizon` (epoch ms) and returns their ids. Costs nothing
 * until the oldest record is due; then one pass over the records and one per affected posting.
 * A Defender alert keeps the ids of evicted DLP alerts in `correlatedDlpIds`: they stay reported.
 */
export function evictExpired(state: CorrelationState, horizon: number): string[] {
  if (!(horizon > state.minEnd)) return [];
  const defender: Rec[] = [];
  const dlp: Rec[] = [];
  let minEnd = Infinity;
  for (const rec of state.alerts.values()) {
    if (rec.end < horizon) (rec.isDlp ? dlp : defender).push(rec);
    else if (rec.end < minEnd) minEnd = rec.end;
  }
  state.minEnd = minEnd;
  state.defender.removeAll(defender);
  state.dlp.removeAll(dlp);
  const ids: string[] = [];
  for (const rec of defender) {
    state.alerts.delete(rec.id);
    for (const dlpId of rec.correlatedDlpIds ?? []) unlink(state, dlpId, rec.id);
    ids.push(rec.id);
  }
  for (const rec of dlp) {
    state.alerts.delete(rec.id);
    state.dlpToDefender.delete(rec.id);
    ids.push(rec.id);
  }
  return ids;
}

function unlink(state: CorrelationState, dlpId: string, defenderId: string): void {
  const list = state.dlpToDefender.get(dlpId);
  if (list === undefined) return;
  const rest = list.filter((id) => id !== defenderId);
  if (rest.length === 0) state.dlpToDefender.delete(dlpId);
  else state.dlpToDefender.set(dlpId, rest);
}
