import type { SecurityAlert } from '../../src/model';
import {
  checkMaxAlerts,
  checkWindow,
  explainPair,
  type Pairable,
  type SharedTest,
} from '../../src/correlation/explain';
import { dedupe } from '../../src/correlation/identities';
import { activityInterval } from '../../src/correlation/time';
import { DEFAULT_MAX_ALERTS_PER_IDENTITY, type CorrelationMatch } from '../../src/correlation/types';
import { RawIdentities, collectIdentities } from '../../src/correlation/walk';

function pairables(alerts: readonly SecurityAlert[], dlp: boolean): Pairable[] {
  const raw = new RawIdentities();
  const out: Pairable[] = [];
  const iv = { start: NaN, end: NaN };
  for (const a of alerts) {
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string') continue;
    activityInterval(a, iv);
    collectIdentities(a.evidence, raw, dlp);
    const inc = a.incidentId;
    out.push({
      id: a.id,
      start: iv.start,
      end: iv.end,
      incidentId: typeof inc === 'string' && inc.length > 0 ? inc : null,
      identities: dedupe(raw, dlp),
    });
  }
  return out;
}

/** Every alert's interval per identity key, both sides together (for the shared-identity rule). */
function intervalsByKey(all: readonly Pairable[]): Map<string, Pairable[]> {
  const map = new Map<string, Pairable[]>();
  for (const a of all) {
    for (const id of a.identities) {
      const list = map.get(id.key);
      if (list === undefined) map.set(id.key, [a]);
      else list.push(a);
    }
  }
  return map;
}

/** The shared-identity rule of shared.ts, by counting every alert of the key (the reference, not fast). */
function naiveShared(byKey: Map<string, Pairable[]>, def: Pairable, w: number, max: number): SharedTest {
  return (key) => {
    let n = 0;
    for (const a of byKey.get(key) ?? []) if (a.start <= def.end + w && a.end >= def.start - w) n++;
    return n > max;
  };
}

/**
 * The seed articles' algorithm: every Defender alert against every DLP alert. Identities and intervals are
 * extracted once per alert (a fair baseline), then each of the n × m pairs goes through `explainPair`.
 * Kept as the reference the indexed paths are checked against, and as the benchmark's baseline.
 */
export function nestedLoopCorrelate(
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  windowMs: number,
  maxAlertsPerIdentity: number = DEFAULT_MAX_ALERTS_PER_IDENTITY,
): CorrelationMatch[] {
  const w = checkWindow(windowMs);
  const max = checkMaxAlerts(maxAlertsPerIdentity);
  if (!Array.isArray(defender) || !Array.isArray(dlp)) throw new TypeError('defender and dlp must be arrays');
  const defs = pairables(defender, false);
  const dlps = pairables(dlp, true);
  const byKey = intervalsByKey([...defs, ...dlps]);
  const out: CorrelationMatch[] = [];
  for (const d of defs) {
    const isShared = naiveShared(byKey, d, w, max);
    for (const l of dlps) {
      const m = explainPair(d, l, w, isShared);
      if (m !== undefined) out.push(m);
    }
  }
  return out;
}
