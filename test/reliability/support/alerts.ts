/**
 * Correlated alert pairs for the reliability runs: one Defender alert and one Purview DLP alert of the
 * same user, active minutes apart, shaped as Graph returns them (the shared builders). Every pair has its
 * own user, so each pair is exactly one correlation and one card.
 */
import type { SecurityAlert } from '../../../src/model';
import { makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';
import { stableGuid } from '../../helpers/teams/ids';

const MINUTE = 60_000;

export interface AlertPair {
  /** The Defender alert: the card is about it. */
  defender: SecurityAlert;
  dlp: SecurityAlert;
  upn: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Pair `n` of run `tag` (letters and digits), as if it had just happened: activity a few minutes before
 * `now`, last updated at `now` (what the poller's `lastUpdateDateTime gt` filter picks up).
 */
export function correlatedPair(tag: string, n: number, now = Date.now()): AlertPair {
  if (!/^[a-z0-9]+$/i.test(tag))
    throw new TypeError(`tag must be letters and digits, got ${JSON.stringify(tag)}`);
  const upn = `rel-${tag.toLowerCase()}-${n}@contoso.onmicrosoft.com`;
  const aadId = stableGuid(`reliability-user:${upn}`);
  const who = { upn, aadId, displayName: `Reliability User ${tag} ${n}` };
  const defender = makeAlert({
    id: `da${tag}${String(n).padStart(6, '0')}`,
    severity: 'high',
    title: `Suspicious sign-in followed by mass download (${tag} #${n})`,
    evidence: [userEvidence({ ...who, roles: ['compromised'] })],
    firstActivityDateTime: iso(now - 6 * MINUTE),
    lastActivityDateTime: iso(now - 2 * MINUTE),
    createdDateTime: iso(now - MINUTE),
    lastUpdateDateTime: iso(now),
  });
  const dlp = makeDlpAlert({
    id: `dl${tag}${String(n).padStart(6, '0')}`,
    evidence: [userEvidence({ ...who, roles: ['policyViolator'] })],
    firstActivityDateTime: iso(now - 5 * MINUTE),
    lastActivityDateTime: iso(now - 4 * MINUTE),
    createdDateTime: iso(now - MINUTE),
    lastUpdateDateTime: iso(now),
  });
  return { defender, dlp, upn };
}

/** Anything alerts can be added to: the in-process simulator, or its `/_sim` control API. */
export interface AlertSink {
  add(alert: SecurityAlert): void | Promise<void>;
}

/** Builds pairs `from`..`from+count-1` with fresh timestamps and adds both alerts of each to `sink`. */
export async function addPairs(
  sink: AlertSink,
  tag: string,
  from: number,
  count: number,
): Promise<AlertPair[]> {
  const pairs: AlertPair[] = [];
  for (let n = from; n < from + count; n++) {
    const p = correlatedPair(tag, n);
    await sink.add(p.dlp);
    await sink.add(p.defender);
    pairs.push(p);
  }
  return pairs;
}
