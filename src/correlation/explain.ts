import { kindCode, kindName } from './keys';
import { intervalGap } from './time';
import type { CorrelationMatch, Identity, MatchIdentity } from './types';

/** What pairing needs from an alert (a `TrackedAlert` has all of it). */
export interface Pairable {
  id: string;
  start: number;
  end: number;
  incidentId: string | null;
  identities: readonly Identity[];
}

/** Builds a match; non-finite times (an alert with no parsable timestamp) are reported as 0. */
export function makeMatch(
  dlpAlertId: string,
  defenderAlertId: string,
  incident: boolean,
  identity: MatchIdentity | undefined,
  deltaMs: number,
  gapMs: number,
  windowMs: number,
): CorrelationMatch {
  const m: CorrelationMatch = {
    dlpAlertId,
    defenderAlertId,
    via: incident ? 'incident' : 'identity',
    deltaMs: deltaMs === deltaMs ? deltaMs : 0,
    gapMs: gapMs === gapMs ? gapMs : 0,
    windowMs,
  };
  if (identity !== undefined) m.identity = identity;
  return m;
}

/** The explanation identity for a Defender identity matched by a DLP identity of kind `dlpCode`. */
export function matchIdentity(
  def: { kind: Identity['kind']; key: string; display: string },
  dlpCode: number,
  shared = false,
) {
  const mi: MatchIdentity = { kind: def.kind, key: def.key, display: def.display };
  if (dlpCode !== kindCode(def.kind)) mi.dlpKind = kindName(dlpCode);
  if (shared) mi.shared = true;
  return mi;
}

/**
 * Added to a shared identity's rank: any unshared identity explains a pair better, and a shared one still
 * beats an incident-only pair (whose rank is 15 in the batch path).
 */
export const SHARED_RANK = 8;

/** Whether a key is shared around the Defender alert being explained (see `MatchIdentity.shared`). */
export type SharedTest = (key: string) => boolean;

/**
 * The strongest identity both alerts name. A pair is as strong as its weaker side (a UPN matched by a
 * mailbox address is a mailbox match); ties go to the DLP alert's policy violator, then to the Defender
 * alert's first identity.
 */
export function bestSharedIdentity(
  def: readonly Identity[],
  dlp: readonly Identity[],
  isShared?: SharedTest,
): MatchIdentity | undefined {
  let bestRank = 99;
  let bestViolator = false;
  let bestDef: Identity | undefined;
  let bestDlpCode = 0;
  for (let i = 0; i < def.length; i++) {
    const d = def[i] as Identity;
    for (let j = 0; j < dlp.length; j++) {
      const l = dlp[j] as Identity;
      if (l.key !== d.key) continue;
      const dc = kindCode(d.kind);
      const lc = kindCode(l.kind);
      const rank = (dc > lc ? dc : lc) + (isShared !== undefined && isShared(d.key) ? SHARED_RANK : 0);
      const violator = l.violator === true;
      if (rank < bestRank || (rank === bestRank && violator && !bestViolator)) {
        bestRank = rank;
        bestViolator = violator;
        bestDef = d;
        bestDlpCode = lc;
      }
      break;
    }
  }
  return bestDef === undefined ? undefined : matchIdentity(bestDef, bestDlpCode, bestRank >= SHARED_RANK);
}

/**
 * The one rule every path applies (batch, incremental and nested loop): a DLP alert correlates with a
 * Defender alert when Defender put both in the same incident, or when they share an identity and the gap
 * between their activity intervals is at most `windowMs` (exactly at the window counts). A shared
 * identity (`isShared`, see `MatchIdentity.shared`) is weak evidence: it explains a pair only when no
 * unshared one does, and never makes a match on its own. Undefined when they do not correlate.
 */
export function explainPair(
  def: Pairable,
  dlp: Pairable,
  windowMs: number,
  isShared?: SharedTest,
): CorrelationMatch | undefined {
  const gap = intervalGap(def.start, def.end, dlp.start, dlp.end);
  const inWindow = gap <= windowMs;
  const sameIncident = def.incidentId !== null && def.incidentId === dlp.incidentId;
  if (!inWindow && !sameIncident) return undefined;
  const best = inWindow ? bestSharedIdentity(def.identities, dlp.identities, isShared) : undefined;
  if ((best === undefined || best.shared === true) && !sameIncident) return undefined;
  return makeMatch(dlp.id, def.id, sameIncident, best, dlp.start - def.start, gap, windowMs);
}

/** Report order of a Defender alert's matches: by `deltaMs`, then DLP alert id. */
export function compareMatches(a: CorrelationMatch, b: CorrelationMatch): number {
  if (a.deltaMs !== b.deltaMs) return a.deltaMs - b.deltaMs;
  return a.dlpAlertId < b.dlpAlertId ? -1 : a.dlpAlertId > b.dlpAlertId ? 1 : 0;
}

/** Throws a clear error for a limit that is not a whole number >= 1. */
export function checkMaxAlerts(max: unknown): number {
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    throw new RangeError(`maxAlertsPerIdentity must be a whole number >= 1, got ${String(max)}`);
  }
  return max;
}

/** Throws a clear error for a window that is not a finite, non-negative number of ms. */
export function checkWindow(windowMs: unknown): number {
  if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs < 0) {
    throw new RangeError(`windowMs must be a finite number of milliseconds >= 0, got ${String(windowMs)}`);
  }
  return windowMs;
}
