import type { SecurityAlert } from '../model';
import { buildDefenderIndex, type DefenderIndex } from './batchIndex';
import { checkWindow } from './explain';
import { emitPairs, PairBuffer } from './batchPairs';
import * as time from './time';
import type { CorrelationMatch } from './types';
import * as walk from './walk';

// Module-local copies of the per-alert calls (see walk.ts: imported bindings are getters under tsx).
const activityInterval = time.activityInterval;
const collectIdentities = walk.collectIdentities;
const RawIdentities = walk.RawIdentities;

/** Rank of an incident-only candidate (weaker than any identity). */
const NO_IDENTITY = 15;

/**
 * Per-call scratch space for the DLP alert being probed: its distinct indexed identities, and its
 * candidate Defender alerts as parallel arrays, with per Defender alert the last DLP alert that offered it
 * (`stamp`) and its slot. No per-alert objects, closures or Sets.
 */
class Probe {
  readonly raw = new RawIdentities();
  lKey: number[] = [];
  lKind: number[] = [];
  lViolator: number[] = [];
  ln = 0;
  cDef: number[] = [];
  cRank: number[] = [];
  cViolator: number[] = [];
  cPos: number[] = [];
  cDlpKind: number[] = [];
  cIncident: number[] = [];
  cn = 0;
  readonly stamp: Int32Array;
  readonly slot: Int32Array;

  constructor(defenderCount: number) {
    this.stamp = new Int32Array(defenderCount).fill(-1);
    this.slot = new Int32Array(defenderCount);
  }

  /** The DLP alert's identities the Defender side also names, each key once (strongest kind, violator). */
  distinct(ix: DefenderIndex): void {
    const raw = this.raw;
    this.ln = 0;
    next: for (let r = 0; r < raw.n; r++) {
      const key = ix.keys.resolve(raw, r, false);
      if (key < 0) continue;
      const kind = raw.kinds[r] as number;
      const v = raw.violator[r] ? 1 : 0;
      for (let j = 0; j < this.ln; j++) {
        if (this.lKey[j] !== key) continue;
        if (kind < (this.lKind[j] as number)) this.lKind[j] = kind;
        this.lViolator[j] = (this.lViolator[j] as number) | v;
        continue next;
      }
      this.lKey[this.ln] = key;
      this.lKind[this.ln] = kind;
      this.lViolator[this.ln++] = v;
    }
  }

  /**
   * Offers Defender alert `d` for DLP alert `i`, keeping the best explanation: lowest rank, then the
   * policy violator's identity, then the Defender alert's earliest identity (as `bestSharedIdentity`).
   */
  offer(i: number, d: number, rank: number, violator: number, pos: number, dlpKind: number): void {
    if (this.stamp[d] !== i) {
      const c = this.cn++;
      this.stamp[d] = i;
      this.slot[d] = c;
      this.cDef[c] = d;
      this.cRank[c] = rank;
      this.cViolator[c] = violator;
      this.cPos[c] = pos;
      this.cDlpKind[c] = dlpKind;
      this.cIncident[c] = 0;
      return;
    }
    const c = this.slot[d] as number;
    const r0 = this.cRank[c] as number;
    const v0 = this.cViolator[c] as number;
    if (
      rank < r0 ||
      (rank === r0 && (violator > v0 || (violator === v0 && pos < (this.cPos[c] as number))))
    ) {
      this.cRank[c] = rank;
      this.cViolator[c] = violator;
      this.cPos[c] = pos;
      this.cDlpKind[c] = dlpKind;
    }
  }
}

/** First position in `[lo, hi)` of the posting whose alert starts at or after `t`. */
function lowerBound(ix: DefenderIndex, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ix.starts[ix.alerts[mid] as number] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offers every Defender alert naming the probe's `j`-th key within the window of `[s, e]`. */
function scan(ix: DefenderIndex, p: Probe, i: number, j: number, s: number, e: number, w: number): void {
  const key = p.lKey[j] as number;
  const lKind = p.lKind[j] as number;
  const v = p.lViolator[j] as number;
  const lo = s - w;
  const hi = e + w;
  const last = ix.offsets[key + 1] as number;
  for (
    let k = lowerBound(ix, ix.offsets[key] as number, last, lo - (ix.maxSpan[key] as number));
    k < last;
    k++
  ) {
    const d = ix.alerts[k] as number;
    if ((ix.starts[d] as number) > hi) break;
    if ((ix.ends[d] as number) < lo) continue;
    const meta = ix.meta[k] as number;
    const dKind = meta & 7;
    p.offer(i, d, dKind > lKind ? dKind : lKind, v, meta >> 3, lKind);
  }
}

function offerIncident(ix: DefenderIndex, p: Probe, i: number, incidentId: unknown): void {
  if (typeof incidentId !== 'string' || incidentId.length === 0) return;
  const list = ix.incidents.get(incidentId);
  if (list === undefined) return;
  for (let k = 0; k < list.length; k++) {
    const d = list[k] as number;
    if (p.stamp[d] !== i) p.offer(i, d, NO_IDENTITY, 0, 0, 0);
    p.cIncident[p.slot[d] as number] = 1;
  }
}

/**
 * Correlates two complete lists at once (the dry run, the benchmark): the same rule and explanations as
 * `explainPair` and the incremental reducer, in O((n + m) log n). The Defender alerts are indexed; the DLP
 * alerts stream past the index once, in input order. Returns one match per correlated (Defender, DLP)
 * pair, grouped by Defender alert in input order, then by DLP alert in input order. `defender` and `dlp`
 * are taken as given (no `isDlpAlert` split).
 */
export function correlateBatch(
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  windowMs: number,
): CorrelationMatch[] {
  const w = checkWindow(windowMs);
  if (!Array.isArray(defender) || !Array.isArray(dlp)) throw new TypeError('defender and dlp must be arrays');
  const ix = buildDefenderIndex(defender);
  const p = new Probe(defender.length);
  const pairs = new PairBuffer();
  const iv = { start: NaN, end: NaN };
  for (let i = 0; i < dlp.length; i++) {
    const a = dlp[i];
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string') continue;
    activityInterval(a, iv);
    p.cn = 0;
    if (iv.start === iv.start) {
      collectIdentities(a.evidence, p.raw, true);
      p.distinct(ix);
      for (let j = 0; j < p.ln; j++) scan(ix, p, i, j, iv.start, iv.end, w);
    }
    offerIncident(ix, p, i, a.incidentId);
    for (let c = 0; c < p.cn; c++) {
      pairs.push(
        p.cDef[c] as number,
        i,
        p.cRank[c] === NO_IDENTITY ? -1 : (p.cPos[c] as number),
        p.cDlpKind[c] as number,
        p.cIncident[c] === 1,
        iv.start,
        iv.end,
      );
    }
  }
  return emitPairs(pairs, ix, defender, dlp, w);
}
