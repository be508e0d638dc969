import type { Rec } from './record';

/**
 * The alerts naming one identity key, sorted by activity start (lazily: appends in time order, the usual
 * case, keep it sorted; anything else is sorted once at the next search). `maxSpan` (the longest activity
 * interval in the list) bounds how far before a window an overlapping interval can start.
 */
export class Posting {
  items: Rec[] = [];
  sorted = true;
  maxSpan = 0;

  add(rec: Rec): void {
    const n = this.items.length;
    if (n > 0 && (this.items[n - 1] as Rec).start > rec.start) this.sorted = false;
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
  collect(start: number, end: number, windowMs: number, out: Rec[]): void {
    this.ensureSorted();
    const items = this.items;
    const lo = start - windowMs;
    const hi = end + windowMs;
    for (let k = lowerBound(items, lo - this.maxSpan); k < items.length; k++) {
      const rec = items[k] as Rec;
      if (rec.start > hi) break;
      if (rec.end >= lo) out.push(rec);
    }
  }

  /**
   * How many alerts come within `windowMs` of `[start, end]` (as `collect` finds them); stops counting
   * past `limit`, so a hot identity costs at most `limit + 1` steps beyond the binary search.
   */
  countWithin(start: number, end: number, windowMs: number, limit: number): number {
    this.ensureSorted();
    const items = this.items;
    const lo = start - windowMs;
    const hi = end + windowMs;
    let n = 0;
    for (let k = lowerBound(items, lo - this.maxSpan); k < items.length && n <= limit; k++) {
      const rec = items[k] as Rec;
      if (rec.start > hi) break;
      if (rec.end >= lo) n++;
    }
    return n;
  }
}

function byStart(a: Rec, b: Rec): number {
  return a.start - b.start;
}

/** First position whose start is >= `t`. */
function lowerBound(items: Rec[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as Rec).start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One side's index (Defender or DLP): identity key → posting, incident id → alerts. */
export class AlertIndex {
  readonly byKey = new Map<string, Posting>();
  readonly byIncident = new Map<string, Rec | Rec[]>();
  size = 0;

  add(rec: Rec): void {
    for (const id of rec.identities) {
      let p = this.byKey.get(id.key);
      if (p === undefined) {
        p = new Posting();
        this.byKey.set(id.key, p);
      }
      p.add(rec);
    }
    if (rec.incidentId !== null) {
      // Most incidents hold one alert: store it alone, an array only from the second one.
      const held = this.byIncident.get(rec.incidentId);
      if (held === undefined) this.byIncident.set(rec.incidentId, rec);
      else if (Array.isArray(held)) held.push(rec);
      else this.byIncident.set(rec.incidentId, [held, rec]);
    }
    this.size++;
  }

  /** Removes records (one pass per affected posting, however many records leave it). */
  removeAll(recs: readonly Rec[]): void {
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
      const held = this.byIncident.get(inc);
      const rest =
        held === undefined
          ? []
          : Array.isArray(held)
            ? held.filter((r) => !gone.has(r))
            : gone.has(held)
              ? []
              : [held];
      if (rest.length === 0) this.byIncident.delete(inc);
      else this.byIncident.set(inc, rest.length === 1 ? (rest[0] as Rec) : rest);
    }
    this.size -= recs.length;
  }

  /** Appends every indexed alert that may correlate with `rec`: same incident, or a shared key in window. */
  candidates(rec: Rec, windowMs: number, out: Rec[]): void {
    for (const id of rec.identities) this.byKey.get(id.key)?.collect(rec.start, rec.end, windowMs, out);
    if (rec.incidentId !== null) {
      const held = this.byIncident.get(rec.incidentId);
      if (Array.isArray(held)) for (const r of held) out.push(r);
      else if (held !== undefined) out.push(held);
    }
  }
}
