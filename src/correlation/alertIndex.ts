import type { Identity, TrackedAlert } from './types';

/**
 * The alerts naming one identity key, sorted by activity start (lazily: appends in time order, the usual
 * case, keep it sorted; anything else is sorted once at the next search). `maxSpan` (the longest activity
 * interval in the list) bounds how far before a window an overlapping interval can start.
 */
export class Posting {
  items: TrackedAlert[] = [];
  sorted = true;
  maxSpan = 0;
  /** One shared copy of each identity variant seen under this key (records point to these). */
  variants: Identity[] = [];

  add(rec: TrackedAlert): void {
    const n = this.items.length;
    if (n > 0 && (this.items[n - 1] as TrackedAlert).start > rec.start) this.sorted = false;
    this.items.push(rec);
    const span = rec.end - rec.start;
    if (span > this.maxSpan) this.maxSpan = span;
  }

  ensureSorted(): void {
    if (this.sorted) return;
    this.items.sort(byStart);
    this.sorted = true;
  }

  /** Appends to `out` every alert whose interval comes within `windowMs` of `[start, end]`. */
  collect(start: number, end: number, windowMs: number, out: TrackedAlert[]): void {
    this.ensureSorted();
    const items = this.items;
    const lo = start - windowMs;
    const hi = end + windowMs;
    for (let k = lowerBound(items, lo - this.maxSpan); k < items.length; k++) {
      const rec = items[k] as TrackedAlert;
      if (rec.start > hi) break;
      if (rec.end >= lo) out.push(rec);
    }
  }

  /** The shared copy of `id` (adding it when new). */
  intern(id: Identity): Identity {
    for (const v of this.variants) {
      if (v.kind === id.kind && v.display === id.display && v.violator === id.violator) return v;
    }
    this.variants.push(id);
    return id;
  }
}

function byStart(a: TrackedAlert, b: TrackedAlert): number {
  return a.start - b.start;
}

/** First position whose start is >= `t`. */
function lowerBound(items: TrackedAlert[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as TrackedAlert).start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One side's index (Defender or DLP): identity key → posting, incident id → alerts. */
export class AlertIndex {
  readonly byKey = new Map<string, Posting>();
  readonly byIncident = new Map<string, TrackedAlert[]>();
  size = 0;

  /** Indexes a record; its identities are replaced by the postings' shared copies. */
  add(rec: TrackedAlert): void {
    const ids = rec.identities;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as Identity;
      let p = this.byKey.get(id.key);
      if (p === undefined) {
        p = new Posting();
        this.byKey.set(id.key, p);
      }
      p.add(rec);
      ids[i] = p.intern(id);
    }
    if (rec.incidentId !== null) {
      const list = this.byIncident.get(rec.incidentId);
      if (list === undefined) this.byIncident.set(rec.incidentId, [rec]);
      else list.push(rec);
    }
    this.size++;
  }

  /** Points an indexed record's identities (same keys, new objects) at the postings' shared copies. */
  reintern(rec: TrackedAlert): void {
    const ids = rec.identities;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as Identity;
      const p = this.byKey.get(id.key);
      if (p !== undefined) ids[i] = p.intern(id);
    }
  }

  /** Removes records (one pass per affected posting, however many records leave it). */
  removeAll(recs: readonly TrackedAlert[]): void {
    if (recs.length === 0) return;
    const gone = new Set(recs);
    const keys = new Set<string>();
    const incidents = new Set<string>();
    for (const rec of recs) {
      for (const id of rec.identities) keys.add(id.key);
      if (rec.incidentId !== null) incidents.add(rec.incidentId);
    }
    for (const key of keys) {
      const p = this.byKey.get(key);
      if (p === undefined) continue;
      p.items = p.items.filter((r) => !gone.has(r));
      if (p.items.length === 0) this.byKey.delete(key);
    }
    for (const inc of incidents) {
      const list = this.byIncident.get(inc)?.filter((r) => !gone.has(r));
      if (list === undefined || list.length === 0) this.byIncident.delete(inc);
      else this.byIncident.set(inc, list);
    }
    this.size -= recs.length;
  }

  /** Appends every indexed alert that may correlate with `rec`: same incident, or a shared key in window. */
  candidates(rec: TrackedAlert, windowMs: number, out: TrackedAlert[]): void {
    for (const id of rec.identities) this.byKey.get(id.key)?.collect(rec.start, rec.end, windowMs, out);
    if (rec.incidentId !== null) {
      const list = this.byIncident.get(rec.incidentId);
      if (list !== undefined) for (const r of list) out.push(r);
    }
  }
}
