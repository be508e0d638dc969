import type { SecurityAlert } from '../../model';
import { isSharedFor, probeDlp, type DlpSide } from './dlp';
import { buildDefenderIndex, type DefenderIndex } from './defenderIndex';
import { checkMaxAlerts, checkWindow, SHARED_RANK } from '../explain';
import { emitPairs, PairBuffer } from './pairs';
import { DEFAULT_MAX_ALERTS_PER_IDENTITY, type CorrelationMatch } from '../types';

/** Rank of an incident-only candidate (weaker than any identity, shared ones included). */
const NO_IDENTITY = 15;

/**
 * Per-call scratch space for the DLP alert being probed: its candidate Defender alerts as parallel arrays,
 * with per Defender alert the last DLP alert that offered it (`stamp`) and its slot. No per-alert objects,
 * closures or Sets.
 */
class Probe {
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

/** What `scan` needs besides the probe: the two sides, the window and the shared-identity limit. */
interface Scope {
  ix: DefenderIndex;
  side: DlpSide;
  w: number;
  max: number;
}

/**
 * Offers every Defender alert naming the DLP side's `t`-th identity within the window of `[s, e]`; a
 * shared identity (shared.ts) is offered at a weaker rank, as `bestSharedIdentity` ranks it.
 */
function scan(sc: Scope, p: Probe, i: number, t: number, s: number, e: number): void {
  const { ix, side, w } = sc;
  const packed = side.ids[t] as number;
  const key = packed >> 4;
  const lKind = (packed >> 1) & 7;
  const v = packed & 1;
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
    const rank =
      (dKind > lKind ? dKind : lKind) + (isSharedFor(ix, side, key, d, w, sc.max) ? SHARED_RANK : 0);
    p.offer(i, d, rank, v, meta >> 3, lKind);
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

/** Records the probe's candidates as pairs; a pair explained only by a shared identity is no match. */
function pushPairs(p: Probe, pairs: PairBuffer, i: number, start: number, end: number): void {
  for (let c = 0; c < p.cn; c++) {
    const rank = p.cRank[c] as number;
    const incident = p.cIncident[c] === 1;
    const shared = rank >= SHARED_RANK && rank !== NO_IDENTITY;
    if (shared && !incident) continue;
    const pos = rank === NO_IDENTITY ? -1 : (p.cPos[c] as number);
    pairs.push(p.cDef[c] as number, i, pos, p.cDlpKind[c] as number, incident, shared, start, end);
  }
}

/**
 * Correlates two complete lists at once (the dry run, the benchmark): the same rule and explanations as
 * `explainPair` and the incremental reducer, in O((n + m) log n). The Defender alerts are indexed; the DLP
 * alerts are probed against the index once (their identities and per-key postings, for the shared-identity
 * rule), then paired in input order. Returns one match per correlated (Defender, DLP) pair, grouped by
 * Defender alert in input order, then by DLP alert in input order. `defender` and `dlp` are taken as given
 * (no `isDlpAlert` split). `maxAlertsPerIdentity`: see `CorrelationOptions`.
 */
export function correlateBatch(
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  windowMs: number,
  maxAlertsPerIdentity: number = DEFAULT_MAX_ALERTS_PER_IDENTITY,
): CorrelationMatch[] {
  const w = checkWindow(windowMs);
  const max = checkMaxAlerts(maxAlertsPerIdentity);
  if (!Array.isArray(defender) || !Array.isArray(dlp)) throw new TypeError('defender and dlp must be arrays');
  const ix = buildDefenderIndex(defender);
  const side = probeDlp(dlp, ix, max);
  const sc: Scope = { ix, side, w, max };
  const p = new Probe(defender.length);
  const pairs = new PairBuffer();
  for (let i = 0; i < dlp.length; i++) {
    const a = dlp[i];
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string') continue;
    const s = side.starts[i] as number;
    const e = side.ends[i] as number;
    p.cn = 0;
    if (s === s)
      for (let t = side.first[i] as number; t < (side.first[i + 1] as number); t++) scan(sc, p, i, t, s, e);
    offerIncident(ix, p, i, a.incidentId);
    pushPairs(p, pairs, i, s, e);
  }
  return emitPairs(pairs, ix, defender, dlp, w);
}
