import { KeyTable } from './keyTable';
import * as time from '../time';
import type { AlertTimes } from '../time';
import * as walk from '../walk';
import type { RawIdentities } from '../walk';

// Module-local copies of the per-alert calls (see walk.ts: imported bindings are getters under tsx).
const activityInterval = time.activityInterval;
const collectIdentities = walk.collectIdentities;

/**
 * The batch path's index of the Defender alerts (the smaller side; the DLP alerts stream past it), built
 * for one `correlateBatch` call in compressed-sparse-row form. Alerts are numbers (input positions), times
 * live in typed arrays, identity values become key numbers through a `KeyTable`, and key `k` owns
 * `alerts/meta[offsets[k] .. offsets[k + 1])`, sorted by activity start; `meta` is
 * `position << 3 | kind` (the identity's place in its alert's list, for the explanation tie-break).
 */
export interface DefenderIndex {
  keys: KeyTable;
  starts: Float64Array;
  ends: Float64Array;
  offsets: Int32Array;
  alerts: Int32Array;
  meta: Int32Array;
  /** Per key: the longest activity interval among its alerts, in ms. */
  maxSpan: number[];
  /** Alert `d`'s distinct identities are `id*[idFirst[d] .. idFirst[d + 1])`, in evidence order. */
  idFirst: Int32Array;
  idKey: number[];
  idKind: number[];
  idDisplay: string[];
  /** Defender alerts by incident id. */
  incidents: Map<string, number[]>;
}

const TWO_53 = 2 ** 53;

/**
 * Indices of the alerts with a known start, in start order. The start (relative to the earliest) and the
 * index are packed into one float64 so a native numeric sort orders both at once; a comparator sort is the
 * fallback when the time range is too wide to pack exactly.
 */
function startOrder(starts: Float64Array): Int32Array {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i] as number;
    if (s !== s) continue;
    count++;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const order = new Int32Array(count);
  const scale = 2 ** Math.max(1, Math.ceil(Math.log2(starts.length + 1)));
  if ((max - min + 1) * scale >= TWO_53) {
    let k = 0;
    for (let i = 0; i < starts.length; i++) if (starts[i] === starts[i]) order[k++] = i;
    return order.sort((a, b) => (starts[a] as number) - (starts[b] as number) || a - b);
  }
  const keys = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i] as number;
    if (s === s) keys[k++] = (s - min) * scale + i;
  }
  keys.sort();
  for (let j = 0; j < count; j++) order[j] = (keys[j] as number) % scale;
  return order;
}

interface AlertLike extends AlertTimes {
  evidence?: unknown;
  incidentId?: unknown;
}

/** Adds alert `d`'s distinct identities (first spelling, strongest kind) to the flat lists. */
function addIdentities(ix: DefenderIndex, count: number[], d: number, raw: RawIdentities): void {
  const from = ix.idKey.length;
  const span = (ix.ends[d] as number) - (ix.starts[d] as number);
  next: for (let r = 0; r < raw.n; r++) {
    const kind = raw.kinds[r] as number;
    const key = ix.keys.resolve(raw, r, true);
    if (key === count.length) {
      count.push(0);
      ix.maxSpan.push(0);
    }
    for (let t = from; t < ix.idKey.length; t++) {
      if (ix.idKey[t] !== key) continue;
      if (kind < (ix.idKind[t] as number)) ix.idKind[t] = kind;
      continue next;
    }
    ix.idKey.push(key);
    ix.idKind.push(kind);
    ix.idDisplay.push(raw.display(r));
    (count[key] as number)++;
    if (span > (ix.maxSpan[key] as number)) ix.maxSpan[key] = span;
  }
}

/** Fills the postings in start order. */
function fillPostings(ix: DefenderIndex, count: number[]): void {
  const keys = count.length;
  const offsets = new Int32Array(keys + 1);
  for (let k = 0; k < keys; k++) offsets[k + 1] = (offsets[k] as number) + (count[k] as number);
  const fill = offsets.slice(0, keys);
  const total = offsets[keys] as number;
  ix.alerts = new Int32Array(total);
  ix.meta = new Int32Array(total);
  const order = startOrder(ix.starts);
  for (let k = 0; k < order.length; k++) {
    const d = order[k] as number;
    const first = ix.idFirst[d] as number;
    const end = ix.idFirst[d + 1] as number;
    for (let t = first; t < end; t++) {
      const at = (fill[ix.idKey[t] as number] as number)++;
      ix.alerts[at] = d;
      ix.meta[at] = ((t - first) << 3) | (ix.idKind[t] as number);
    }
  }
  ix.offsets = offsets;
}

function addIncident(incidents: Map<string, number[]>, a: AlertLike, d: number): void {
  const inc = a.incidentId;
  if (typeof inc !== 'string' || inc.length === 0) return;
  const list = incidents.get(inc);
  if (list === undefined) incidents.set(inc, [d]);
  else list.push(d);
}

/** Indexes `defender` (non-objects and alerts without a parsable time stay out of the postings). */
export function buildDefenderIndex(defender: readonly unknown[]): DefenderIndex {
  const n = defender.length;
  const ix: DefenderIndex = {
    keys: new KeyTable(),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    offsets: new Int32Array(1),
    alerts: new Int32Array(0),
    meta: new Int32Array(0),
    maxSpan: [],
    idFirst: new Int32Array(n + 1),
    idKey: [],
    idKind: [],
    idDisplay: [],
    incidents: new Map(),
  };
  const count: number[] = [];
  const raw = new walk.RawIdentities();
  const iv = { start: NaN, end: NaN };
  for (let d = 0; d < n; d++) {
    const a = defender[d] as AlertLike | null;
    ix.idFirst[d] = ix.idKey.length;
    if (typeof a !== 'object' || a === null) {
      ix.starts[d] = ix.ends[d] = NaN;
      continue;
    }
    activityInterval(a, iv);
    ix.starts[d] = iv.start;
    ix.ends[d] = iv.end;
    addIncident(ix.incidents, a, d);
    if (iv.start !== iv.start) continue;
    collectIdentities(a.evidence, raw, false);
    addIdentities(ix, count, d, raw);
  }
  ix.idFirst[n] = ix.idKey.length;
  fillPostings(ix, count);
  return ix;
}
