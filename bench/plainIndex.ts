/**
 * A plain identity index, the way one would first write it: `Date.parse`, `extractIdentities` objects and
 * key strings per alert, a Map from key to a sorted array of entry objects, a Set per Defender alert. It
 * applies the engine's rule (`explainPair`), so it finds the same matches; the benchmark reports it next
 * to `correlateBatch` to show what the engine's layout buys on this machine.
 */
import { explainPair, extractIdentities, type CorrelationMatch, type Pairable } from '../src/correlation';
import type { SecurityAlert } from '../src/model';

interface Entry extends Pairable {
  alert: SecurityAlert;
}

function entry(a: SecurityAlert): Entry {
  const start = Date.parse(a.firstActivityDateTime ?? a.createdDateTime);
  const end = Date.parse(a.lastActivityDateTime ?? a.createdDateTime);
  return {
    alert: a,
    id: a.id,
    start: Math.min(start, end),
    end: Math.max(start, end),
    incidentId: a.incidentId ?? null,
    identities: extractIdentities(a),
  };
}

export function plainIndexCorrelate(
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  windowMs: number,
): CorrelationMatch[] {
  const byKey = new Map<string, { list: Entry[]; maxSpan: number }>();
  const byIncident = new Map<string, Entry[]>();
  for (const a of dlp) {
    const e = entry(a);
    for (const id of e.identities) {
      const p = byKey.get(id.key) ?? { list: [], maxSpan: 0 };
      p.list.push(e);
      p.maxSpan = Math.max(p.maxSpan, e.end - e.start);
      byKey.set(id.key, p);
    }
    if (e.incidentId) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
  }
  for (const p of byKey.values()) p.list.sort((x, y) => x.start - y.start);
  const out: CorrelationMatch[] = [];
  for (const a of defender) {
    const d = entry(a);
    const candidates = new Set<Entry>(d.incidentId ? byIncident.get(d.incidentId) : []);
    for (const id of d.identities) {
      const p = byKey.get(id.key);
      if (!p) continue;
      let lo = 0;
      let hi = p.list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((p.list[mid] as Entry).start < d.start - windowMs - p.maxSpan) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < p.list.length && (p.list[k] as Entry).start <= d.end + windowMs; k++) {
        candidates.add(p.list[k] as Entry);
      }
    }
    for (const l of candidates) {
      const m = explainPair(d, l, windowMs);
      if (m) out.push(m);
    }
  }
  return out;
}
