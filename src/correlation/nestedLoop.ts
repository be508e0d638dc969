import type { SecurityAlert } from '../model';
import { checkWindow, explainPair, type Pairable } from './explain';
import { dedupe } from './identities';
import { activityInterval } from './time';
import type { CorrelationMatch } from './types';
import { RawIdentities, collectIdentities } from './walk';

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

/**
 * The seed articles' algorithm: every Defender alert against every DLP alert. Identities and intervals are
 * extracted once per alert (a fair baseline), then each of the n × m pairs goes through `explainPair`.
 * Kept as the reference the indexed paths are checked against, and as the benchmark's baseline.
 */
export function nestedLoopCorrelate(
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  windowMs: number,
): CorrelationMatch[] {
  const w = checkWindow(windowMs);
  if (!Array.isArray(defender) || !Array.isArray(dlp)) throw new TypeError('defender and dlp must be arrays');
  const defs = pairables(defender, false);
  const dlps = pairables(dlp, true);
  const out: CorrelationMatch[] = [];
  for (const d of defs) {
    for (const l of dlps) {
      const m = explainPair(d, l, w);
      if (m !== undefined) out.push(m);
    }
  }
  return out;
}
