import type { SharedTest } from './explain';
import type { Posting } from './alertIndex';
import type { Rec } from './record';
import type { CorrelationState } from './state';

/**
 * Shared identities: one mailbox, service account or jump host that many alerts name. Operators of
 * comparable tools report what keying on them does (a shared mailbox's address breaks owner-based logic:
 * Azure/Azure-Sentinel#12079; service accounts flood rules with false positives:
 * elastic/detection-rules#3702): everything on it looks related. An identity naming more than
 * `maxAlertsPerIdentity` alerts (both sides) within the window around a Defender alert is weak evidence
 * for that alert (see `MatchIdentity.shared`). The batch path applies the same rule (batch.ts).
 */

/** True when `key` names more than `max` alerts within `windowMs` of `def`'s activity interval. */
export function isSharedKey(
  state: CorrelationState,
  key: string,
  def: Rec,
  windowMs: number,
  max: number,
): boolean {
  const d = state.defender.byKey.get(key);
  const l = state.dlp.byKey.get(key);
  // Most identities name a handful of alerts in all: no windowed count needed.
  if ((d?.items.length ?? 0) + (l?.items.length ?? 0) <= max) return false;
  const nd = d === undefined ? 0 : d.countWithin(def.start, def.end, windowMs, max);
  if (nd > max) return true;
  const nl = l === undefined ? 0 : l.countWithin(def.start, def.end, windowMs, max - nd);
  return nd + nl > max;
}

/** The shared-identity test for one Defender alert. */
export function sharedTest(state: CorrelationState, def: Rec, windowMs: number, max: number): SharedTest {
  return (key) => isSharedKey(state, key, def, windowMs, max);
}

/** A shared identity as `/status` lists it. */
export interface SharedIdentity {
  /** The match key (`email:shared@contoso.com`). */
  key: string;
  /** As Graph spelled it (first spelling seen). */
  display: string;
  /** The most alerts (Defender and DLP) it names within one window; counting stops soon after `max`. */
  alerts: number;
}

function anchorsOf(p: Posting | undefined): readonly Rec[] {
  return p === undefined ? [] : p.items;
}

/** The most alerts of `key` within the window around any one of its alerts (stops past `max`). */
function peak(state: CorrelationState, key: string, windowMs: number, max: number): number {
  const d = state.defender.byKey.get(key);
  const l = state.dlp.byKey.get(key);
  let best = 0;
  for (const anchor of [...anchorsOf(d), ...anchorsOf(l)]) {
    const nd = d === undefined ? 0 : d.countWithin(anchor.start, anchor.end, windowMs, max);
    const nl = l === undefined ? 0 : l.countWithin(anchor.start, anchor.end, windowMs, max);
    if (nd + nl > best) best = nd + nl;
    if (best > max) break;
  }
  return best;
}

/**
 * The tracked identities that are shared somewhere in the state (more than `max` alerts within one
 * window), most alerts first, at most `limit`. Walks only keys with more than `max` alerts in all.
 */
export function sharedIdentities(
  state: CorrelationState,
  windowMs: number,
  max: number,
  limit = 20,
): SharedIdentity[] {
  const out: SharedIdentity[] = [];
  const consider = (key: string, total: number): void => {
    if (total <= max) return;
    const alerts = peak(state, key, windowMs, max);
    if (alerts <= max) return;
    const first = (state.defender.byKey.get(key) ?? state.dlp.byKey.get(key))?.items[0];
    const display = first?.identities.find((i) => i.key === key)?.display ?? key;
    out.push({ key, display, alerts });
  };
  // Every key once, without a map of all keys: Defender keys with their DLP count, then DLP-only keys.
  for (const [key, p] of state.defender.byKey) {
    consider(key, p.items.length + (state.dlp.byKey.get(key)?.items.length ?? 0));
  }
  for (const [key, p] of state.dlp.byKey) if (!state.defender.byKey.has(key)) consider(key, p.items.length);
  out.sort((a, b) => b.alerts - a.alerts || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.slice(0, limit);
}
