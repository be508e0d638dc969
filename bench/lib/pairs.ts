import type { SecurityAlert } from '../../src/model';
import { generateAlerts } from '../../simulator';

/** One Defender alert and one Purview DLP alert of the same user, as the simulator's scale scenario builds them. */
export interface AlertPair {
  defender: SecurityAlert;
  dlp: SecurityAlert;
}

const MINUTE = 60_000;

function upnOf(alert: SecurityAlert): string | undefined {
  for (const e of alert.evidence ?? []) {
    const upn = (e as { userAccount?: { userPrincipalName?: string | null } }).userAccount?.userPrincipalName;
    if (upn) return upn.toLowerCase();
  }
  return undefined;
}

/**
 * `n` correlated pairs taken from the simulator's `scale` scenario (its `truth.matches`), one per user so
 * that pairs do not correlate with each other: each card then stands for exactly one pair. Throws when
 * the scenario does not hold enough distinct users.
 */
export function correlatedPairs(n: number, seed = 7): AlertPair[] {
  // About 3% of a scale scenario's alerts are planted pairs; users are a pool of n/20.
  const data = generateAlerts(`scale:${Math.max(2000, n * 80)}`, seed, Date.now());
  const byId = new Map(data.alerts.map((a) => [a.id, a]));
  const users = new Set<string>();
  const pairs: AlertPair[] = [];
  for (const m of data.truth.matches) {
    const defender = byId.get(m.defenderAlertId);
    const dlp = byId.get(m.dlpAlertId);
    const upn = defender && upnOf(defender);
    if (!defender || !dlp || !upn || users.has(upn)) continue;
    users.add(upn);
    pairs.push({ defender, dlp });
    if (pairs.length === n) return pairs;
  }
  throw new Error(`only ${pairs.length} single-user pairs in the scenario, ${n} wanted`);
}

/**
 * The pair as if it had just happened: activity a few minutes ago (inside the ±30 min window), created
 * and last updated `now`, which is what the poller's `lastUpdateDateTime gt` filter picks up.
 */
export function freshPair(p: AlertPair, now: number): SecurityAlert[] {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return [
    { ...p.defender, firstActivityDateTime: iso(now - 6 * MINUTE), lastActivityDateTime: iso(now - 2 * MINUTE), createdDateTime: iso(now - MINUTE), lastUpdateDateTime: iso(now) }, // prettier-ignore
    { ...p.dlp, firstActivityDateTime: iso(now - 5 * MINUTE), lastActivityDateTime: iso(now - 4 * MINUTE), createdDateTime: iso(now - MINUTE), lastUpdateDateTime: iso(now) }, // prettier-ignore
  ];
}
