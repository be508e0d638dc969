import type { SecurityAlert } from '../graph/types';
import { ENTRY_SHIFT, buildDlpIndex, type DlpIndex } from './batchIndex';
import { checkWindow, makeMatch, matchIdentity } from './explain';
import { K_ACCOUNT, kindName } from './keys';
import type { KeyTable } from './keyTable';
import { activityInterval, intervalGap } from './time';
import type { CorrelationMatch, MatchIdentity } from './types';
import { RawIdentities, collectIdentities } from './walk';

const NO_IDENTITY = 99;

/**
 * Per-call scratch space, sized once: the current Defender alert's distinct identities and its candidate
 * DLP alerts as parallel arrays, and per DLP alert the last Defender alert that saw it (`stamp`) and its
 * candidate slot. No per-alert objects, closures or Sets.
 */
class Scratch {
  readonly raw = new RawIdentities();
  // Distinct indexed identities of the current Defender alert (identities no DLP alert names are dropped).
  dKey: number[] = [];
  dKind: number[] = [];
  dRaw: number[] = [];
  dn = 0;
  // Candidates of the current Defender alert.
  cDlp: number[] = [];
  cRank: number[] = [];
  cDef: number[] = [];
  cDlpKind: number[] = [];
  cViolator: number[] = [];
  cIncident: boolean[] = [];
  cn = 0;
  readonly stamp: Int32Array;
  readonly slot: Int32Array;

  constructor(dlpCount: number) {
    this.stamp = new Int32Array(dlpCount).fill(-1);
    this.slot = new Int32Array(dlpCount);
  }

  /** Collapses the raw identities to distinct indexed keys (first spelling, strongest kind). */
  distinct(keys: KeyTable): void {
    const raw = this.raw;
    this.dn = 0;
    next: for (let r = 0; r < raw.n; r++) {
      const key = keys.resolve(raw, r, false);
      if (key < 0) continue;
      const kind = raw.kinds[r] as number;
      for (let j = 0; j < this.dn; j++) {
        if (this.dKey[j] !== key) continue;
        if (kind < (this.dKind[j] as number)) this.dKind[j] = kind;
        continue next;
      }
      this.dKey[this.dn] = key;
      this.dKind[this.dn] = kind;
      this.dRaw[this.dn++] = r;
    }
  }

  /** The explanation identity of candidate `c` (undefined for an incident-only candidate). */
  identity(keys: KeyTable, c: number): MatchIdentity | undefined {
    if ((this.cRank[c] as number) === NO_IDENTITY) return undefined;
    const j = this.cDef[c] as number;
    const kind = this.dKind[j] as number;
    const r = this.dRaw[j] as number;
    const value = this.raw.values[r] as string;
    const display = kind === K_ACCOUNT ? (this.raw.domains[r] as string) + '\\' + value : value;
    const key = keys.keyString(this.dKey[j] as number);
    return matchIdentity({ kind: kindName(kind), key, display }, this.cDlpKind[c] as number);
  }

  /** Records DLP alert `i` as a candidate of Defender alert `d`, keeping the stronger explanation. */
  offer(d: number, i: number, rank: number, def: number, dlpKind: number, violator: number): void {
    if (this.stamp[i] !== d) {
      const c = this.cn++;
      this.stamp[i] = d;
      this.slot[i] = c;
      this.cDlp[c] = i;
      this.cRank[c] = rank;
      this.cDef[c] = def;
      this.cDlpKind[c] = dlpKind;
      this.cViolator[c] = violator;
      this.cIncident[c] = false;
      return;
    }
    const c = this.slot[i] as number;
    const cur = this.cRank[c] as number;
    if (rank < cur || (rank === cur && violator > (this.cViolator[c] as number))) {
      this.cRank[c] = rank;
      this.cDef[c] = def;
      this.cDlpKind[c] = dlpKind;
      this.cViolator[c] = violator;
    }
  }
}

/** First position in `entries[lo, hi)` whose alert starts at or after `t`. */
function lowerBound(entries: Int32Array, starts: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[(entries[mid] as number) >> ENTRY_SHIFT] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offers every DLP alert naming `key` whose interval comes within the window of `[s, e]`. */
function scan(ix: DlpIndex, key: number, sc: Scratch, d: number, j: number, s: number, e: number, w: number) {
  const { starts, ends, entries } = ix;
  const lo = s - w;
  const hi = e + w;
  const last = ix.offsets[key + 1] as number;
  const dKind = sc.dKind[j] as number;
  const from = lowerBound(entries, starts, ix.offsets[key] as number, last, lo - (ix.maxSpan[key] as number));
  for (let k = from; k < last; k++) {
    const entry = entries[k] as number;
    const i = entry >> ENTRY_SHIFT;
    if ((starts[i] as number) > hi) break;
    if ((ends[i] as number) < lo) continue;
    const lk = (entry >> 1) & 7;
    sc.offer(d, i, lk > dKind ? lk : dKind, j, lk, entry & 1);
  }
}

function offerIncident(ix: DlpIndex, sc: Scratch, d: number, incidentId: unknown): void {
  if (typeof incidentId !== 'string' || incidentId.length === 0) return;
  const list = ix.incidents.get(incidentId);
  if (list === undefined) return;
  for (let k = 0; k < list.length; k++) {
    const i = list[k] as number;
    if (sc.stamp[i] !== d) sc.offer(d, i, NO_IDENTITY, -1, 0, 0);
    sc.cIncident[sc.slot[i] as number] = true;
  }
}

function emit(
  dlp: readonly SecurityAlert[],
  ix: DlpIndex,
  sc: Scratch,
  def: Interval,
  out: CorrelationMatch[],
) {
  for (let c = 0; c < sc.cn; c++) {
    const i = sc.cDlp[c] as number;
    const ls = ix.starts[i] as number;
    const gap = intervalGap(def.start, def.end, ls, ix.ends[i] as number);
    const id = (dlp[i] as SecurityAlert).id;
    out.push(
      makeMatch(id, def.id, sc.cIncident[c] === true, sc.identity(ix.keys, c), ls - def.start, gap, def.w),
    );
  }
}

interface Interval {
  id: string;
  start: number;
  end: number;
  w: number;
}

function incidentSet(defender: readonly SecurityAlert[]): Set<string> {
  const set = new Set<string>();
  for (const a of defender) {
    const inc = typeof a === 'object' && a !== null ? a.incidentId : undefined;
    if (typeof inc === 'string' && inc.length > 0) set.add(inc);
  }
  return set;
}

/**
 * Correlates two complete lists at once (the dry run, the benchmark): the same rule as `explainPair` and
 * the incremental reducer, in O((n + m) log m). Returns one match per correlated (Defender, DLP) pair,
 * grouped by Defender alert in input order. `defender` and `dlp` are taken as given (no `isDlpAlert` split).
 */
export function correlateBatch(
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  windowMs: number,
): CorrelationMatch[] {
  const w = checkWindow(windowMs);
  if (!Array.isArray(defender) || !Array.isArray(dlp)) throw new TypeError('defender and dlp must be arrays');
  if (dlp.length >= 2 ** 26)
    throw new RangeError('correlateBatch takes at most 67,108,863 DLP alerts per call');
  const ix = buildDlpIndex(dlp, incidentSet(defender));
  const sc = new Scratch(dlp.length);
  const out: CorrelationMatch[] = [];
  const def: Interval = { id: '', start: NaN, end: NaN, w };
  for (let d = 0; d < defender.length; d++) {
    const a = defender[d];
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string') continue;
    activityInterval(a, def);
    def.id = a.id;
    sc.cn = 0;
    if (def.start === def.start) {
      collectIdentities(a.evidence, sc.raw, false);
      sc.distinct(ix.keys);
      for (let j = 0; j < sc.dn; j++) scan(ix, sc.dKey[j] as number, sc, d, j, def.start, def.end, w);
    }
    offerIncident(ix, sc, d, a.incidentId);
    emit(dlp, ix, sc, def, out);
  }
  return out;
}
