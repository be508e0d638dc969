import type { DefenderIndex } from './defenderIndex';
import * as time from '../time';
import type { AlertTimes } from '../time';
import * as walk from '../walk';

// Module-local copies of the per-alert calls (see walk.ts: imported bindings are getters under tsx).
const activityInterval = time.activityInterval;
const collectIdentities = walk.collectIdentities;

/**
 * The batch path's DLP side, probed once: per DLP alert, its distinct identities that the Defender side
 * also names in `ids[first[i] .. first[i + 1])`, each packed as `key << 4 | kind << 1 | violator` (the
 * strongest kind the alert names the key as; violator 1 when any policyViolator evidence names it),
 * and for the keys that may be shared the DLP alerts naming them in start order (`offsets`/`alerts`, like
 * the Defender index), so that their alerts within a window can be counted (shared.ts has the rule).
 */
export interface DlpSide {
  first: Int32Array;
  /** Packed identities (see above); `n` are valid. A typed array: no boxed numbers for 200k alerts. */
  ids: Int32Array;
  n: number;
  starts: Float64Array;
  ends: Float64Array;
  /** Per key: how many DLP alerts name it. */
  count: Int32Array;
  /** Postings of the hot keys only (see `fillPostings`); empty for the others. */
  offsets: Int32Array;
  alerts: Int32Array;
  /** Per key: the longest activity interval among its DLP alerts, in ms. */
  maxSpan: Float64Array;
}

interface AlertLike extends AlertTimes {
  id?: unknown;
  evidence?: unknown;
}

/** Appends alert `i`'s distinct indexed identities (each key once: strongest kind, any violator). */
function addDistinct(side: DlpSide, ix: DefenderIndex, raw: walk.RawIdentities): void {
  const from = side.n;
  next: for (let r = 0; r < raw.n; r++) {
    const key = ix.keys.resolve(raw, r, false);
    if (key < 0) continue;
    const kind = raw.kinds[r] as number;
    const v = raw.violator[r] ? 1 : 0;
    for (let j = from; j < side.n; j++) {
      const e = side.ids[j] as number;
      if (e >> 4 !== key) continue;
      const k0 = (e >> 1) & 7;
      side.ids[j] = (key << 4) | ((kind < k0 ? kind : k0) << 1) | (e & 1) | v;
      continue next;
    }
    if (side.n === side.ids.length) {
      const grown = new Int32Array(side.ids.length * 2);
      grown.set(side.ids);
      side.ids = grown;
    }
    side.ids[side.n++] = (key << 4) | (kind << 1) | v;
  }
}

/**
 * Counts the DLP alerts per key, and fills postings (in start order) only for the hot keys: those naming
 * more than `max` alerts on both sides together, the only ones the shared-identity rule must count in a
 * window. Usually there are none or a few, so this costs one pass and no sort.
 */
function fillPostings(side: DlpSide, ix: DefenderIndex, max: number): void {
  const keyCount = ix.keys.size;
  const count = new Int32Array(keyCount);
  for (let t = 0; t < side.n; t++) (count[(side.ids[t] as number) >> 4] as number)++;
  const offsets = new Int32Array(keyCount + 1);
  for (let k = 0; k < keyCount; k++) {
    const defenders = (ix.offsets[k + 1] as number) - (ix.offsets[k] as number);
    const hot = defenders + (count[k] as number) > max;
    offsets[k + 1] = (offsets[k] as number) + (hot ? (count[k] as number) : 0);
  }
  side.count = count;
  side.offsets = offsets;
  side.maxSpan = new Float64Array(keyCount);
  side.alerts = new Int32Array(offsets[keyCount] as number);
  if (side.alerts.length === 0) return;
  const fill = offsets.slice(0, keyCount);
  for (let i = 0; i + 1 < side.first.length; i++) {
    const span = (side.ends[i] as number) - (side.starts[i] as number);
    for (let t = side.first[i] as number; t < (side.first[i + 1] as number); t++) {
      const k = (side.ids[t] as number) >> 4;
      if (offsets[k + 1] === offsets[k]) continue;
      side.alerts[(fill[k] as number)++] = i;
      if (span > (side.maxSpan[k] as number)) side.maxSpan[k] = span;
    }
  }
  const starts = side.starts;
  for (let k = 0; k < keyCount; k++) {
    const from = offsets[k] as number;
    const to = offsets[k + 1] as number;
    if (to - from > 1)
      side.alerts.subarray(from, to).sort((x, y) => (starts[x] as number) - (starts[y] as number) || x - y);
  }
}

/** Probes every DLP alert against the Defender index once (alerts without a parsable time name nothing). */
export function probeDlp(dlp: readonly unknown[], ix: DefenderIndex, max: number): DlpSide {
  const n = dlp.length;
  const side: DlpSide = {
    first: new Int32Array(n + 1),
    ids: new Int32Array(Math.max(16, n * 2)),
    n: 0,
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    count: new Int32Array(0),
    offsets: new Int32Array(1),
    alerts: new Int32Array(0),
    maxSpan: new Float64Array(0),
  };
  const raw = new walk.RawIdentities();
  const iv = { start: NaN, end: NaN };
  for (let i = 0; i < n; i++) {
    side.first[i] = side.n;
    const a = dlp[i] as AlertLike | null;
    side.starts[i] = side.ends[i] = NaN;
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string') continue;
    activityInterval(a, iv);
    side.starts[i] = iv.start;
    side.ends[i] = iv.end;
    if (iv.start !== iv.start) continue;
    collectIdentities(a.evidence, raw, true);
    addDistinct(side, ix, raw);
  }
  side.first[n] = side.n;
  fillPostings(side, ix, max);
  return side;
}

/**
 * How many of `alerts[from .. to)` (sorted by start) come within the window `[lo, hi]`; stops past `limit`.
 */
export function countInWindow(
  alerts: Int32Array,
  starts: Float64Array,
  ends: Float64Array,
  from: number,
  to: number,
  maxSpan: number,
  lo: number,
  hi: number,
  limit: number,
): number {
  let a = from;
  let b = to;
  const t = lo - maxSpan;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((starts[alerts[mid] as number] as number) < t) a = mid + 1;
    else b = mid;
  }
  let n = 0;
  for (let k = a; k < to && n <= limit; k++) {
    const x = alerts[k] as number;
    if ((starts[x] as number) > hi) break;
    if ((ends[x] as number) >= lo) n++;
  }
  return n;
}

/** The shared-identity rule of shared.ts for Defender alert `d` and key `k`, on the batch indexes. */
export function isSharedFor(
  ix: DefenderIndex,
  side: DlpSide,
  k: number,
  d: number,
  w: number,
  max: number,
): boolean {
  const df = ix.offsets[k] as number;
  const dt = ix.offsets[k + 1] as number;
  if (dt - df + (side.count[k] as number) <= max) return false;
  const lf = side.offsets[k] as number;
  const lt = side.offsets[k + 1] as number;
  const lo = (ix.starts[d] as number) - w;
  const hi = (ix.ends[d] as number) + w;
  const nd = countInWindow(ix.alerts, ix.starts, ix.ends, df, dt, ix.maxSpan[k] as number, lo, hi, max);
  if (nd > max) return true;
  const ms = side.maxSpan[k] as number;
  return nd + countInWindow(side.alerts, side.starts, side.ends, lf, lt, ms, lo, hi, max - nd) > max;
}
