import { KeyTable } from './keyTable';
import { activityInterval, type AlertTimes } from './time';
import { RawIdentities, collectIdentities } from './walk';

/**
 * The batch path's DLP index, built for one `correlateBatch` call, in compressed-sparse-row form: alerts
 * are numbers (their input position), times live in typed arrays, and each identity key owns the range
 * `entries[offsets[key] .. offsets[key + 1])`, sorted by activity start. An entry packs
 * `alert << 4 | kind << 1 | violator`. Identity values become key numbers through a `KeyTable`.
 *
 * Why this shape: walking 200k alerts' evidence is the expensive part and is bound by memory access, so
 * it is done once, in input order (the order the objects sit in memory); sorting by start is a single
 * native sort of packed numbers; the postings are then filled from small integer arrays.
 */
export interface DlpIndex {
  starts: Float64Array;
  ends: Float64Array;
  keys: KeyTable;
  offsets: Int32Array;
  entries: Int32Array;
  /** Per key: the longest activity interval among its alerts, in ms. */
  maxSpan: number[];
  /** DLP alerts by incident id, only for incidents some Defender alert is in. */
  incidents: Map<string, number[]>;
}

export const ENTRY_SHIFT = 4;

const TWO_53 = 2 ** 53;

/**
 * Indices of the alerts with a known start, in start order. The start (relative to the earliest) and the
 * index are packed into one float64 so a native numeric sort orders both at once; a comparator sort is the
 * fallback when the time range is too wide to pack exactly.
 */
export function startOrder(starts: Float64Array): Int32Array {
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

interface DlpLike extends AlertTimes {
  evidence?: unknown;
  incidentId?: unknown;
}

/** Identity occurrences in input order: alert `i` owns `key/kindV[first[i] .. first[i + 1])`. */
class Occurrences {
  key: number[] = [];
  kindV: number[] = [];
  first: Int32Array;
  n = 0;
  /** Per key: how many alerts name it, and their longest interval. */
  count: number[] = [];
  maxSpan: number[] = [];

  constructor(alerts: number) {
    this.first = new Int32Array(alerts + 1);
  }
}

/** Notes alert `i`'s identities; a key it names twice keeps one entry (strongest kind, violator if any). */
function addIdentities(keys: KeyTable, occ: Occurrences, i: number, raw: RawIdentities, span: number): void {
  const from = occ.n;
  next: for (let r = 0; r < raw.n; r++) {
    const kind = raw.kinds[r] as number;
    const kv = (kind << 1) | (raw.violator[r] ? 1 : 0);
    const key = keys.resolve(raw, r, true);
    if (key === occ.count.length) {
      occ.count.push(0);
      occ.maxSpan.push(0);
    }
    for (let o = from; o < occ.n; o++) {
      if (occ.key[o] !== key) continue;
      const prev = occ.kindV[o] as number;
      occ.kindV[o] = (Math.min(prev >> 1, kind) << 1) | (prev & 1) | (kv & 1);
      continue next;
    }
    occ.key[occ.n] = key;
    occ.kindV[occ.n++] = kv;
    (occ.count[key] as number)++;
    if (span > (occ.maxSpan[key] as number)) occ.maxSpan[key] = span;
  }
}

function addIncident(incidents: Map<string, number[]>, wanted: ReadonlySet<string>, a: DlpLike, i: number) {
  const inc = a.incidentId;
  if (typeof inc !== 'string' || !wanted.has(inc)) return;
  const list = incidents.get(inc);
  if (list === undefined) incidents.set(inc, [i]);
  else list.push(i);
}

/** Fills the postings in start order from the occurrences. */
function fillPostings(ix: DlpIndex, occ: Occurrences): void {
  const keys = occ.count.length;
  const offsets = new Int32Array(keys + 1);
  for (let k = 0; k < keys; k++) offsets[k + 1] = (offsets[k] as number) + (occ.count[k] as number);
  const fill = offsets.slice(0, keys);
  const entries = new Int32Array(occ.n);
  const order = startOrder(ix.starts);
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const end = occ.first[i + 1] as number;
    for (let o = occ.first[i] as number; o < end; o++) {
      const key = occ.key[o] as number;
      entries[(fill[key] as number)++] = (i << ENTRY_SHIFT) | (occ.kindV[o] as number);
    }
  }
  ix.offsets = offsets;
  ix.entries = entries;
  ix.maxSpan = occ.maxSpan;
}

/**
 * Builds the index of `dlp` (non-objects and alerts without a parsable time are left out of postings).
 * `incidents`: the Defender side's incident ids; only DLP alerts in one of them are kept by incident.
 */
export function buildDlpIndex(dlp: readonly unknown[], incidents: ReadonlySet<string>): DlpIndex {
  const n = dlp.length;
  const ix: DlpIndex = {
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    keys: new KeyTable(),
    offsets: new Int32Array(1),
    entries: new Int32Array(0),
    maxSpan: [],
    incidents: new Map(),
  };
  const occ = new Occurrences(n);
  const raw = new RawIdentities();
  const iv = { start: NaN, end: NaN };
  for (let i = 0; i < n; i++) {
    const a = dlp[i] as DlpLike | null;
    occ.first[i] = occ.n;
    if (typeof a !== 'object' || a === null) {
      ix.starts[i] = ix.ends[i] = NaN;
      continue;
    }
    activityInterval(a, iv);
    ix.starts[i] = iv.start;
    ix.ends[i] = iv.end;
    if (incidents.size > 0) addIncident(ix.incidents, incidents, a, i);
    if (iv.start !== iv.start) continue;
    collectIdentities(a.evidence, raw, true);
    addIdentities(ix.keys, occ, i, raw, iv.end - iv.start);
  }
  occ.first[n] = occ.n;
  fillPostings(ix, occ);
  return ix;
}
