import type { SecurityAlert } from '../../model';
import type { DefenderIndex } from './defenderIndex';
import { makeMatch, matchIdentity } from '../explain';
import { kindName } from '../keys';
import { intervalGap } from '../time';
import type { CorrelationMatch } from '../types';

/**
 * The correlated (Defender, DLP) pairs of a batch as parallel arrays, in the order the DLP alerts were
 * probed; turned into `CorrelationMatch` objects once, at the end, grouped by Defender alert.
 */
export class PairBuffer {
  readonly def: number[] = [];
  readonly dlp: number[] = [];
  /** Position of the explaining identity in the Defender alert's list; -1 for none (incident only). */
  readonly pos: number[] = [];
  readonly dlpKind: number[] = [];
  readonly incident: boolean[] = [];
  /** The explaining identity is shared (weak evidence; the pair stands on its incident). */
  readonly shared: boolean[] = [];
  /** The DLP alert's activity interval, in ms. */
  readonly start: number[] = [];
  readonly end: number[] = [];

  get size(): number {
    return this.def.length;
  }

  push(
    d: number,
    i: number,
    pos: number,
    dlpKind: number,
    incident: boolean,
    shared: boolean,
    start: number,
    end: number,
  ): void {
    this.def.push(d);
    this.dlp.push(i);
    this.pos.push(pos);
    this.dlpKind.push(dlpKind);
    this.incident.push(incident);
    this.shared.push(shared);
    this.start.push(start);
    this.end.push(end);
  }
}

/** Pair positions ordered by Defender alert (a stable counting sort: DLP order is kept within each). */
function byDefender(pairs: PairBuffer, defenderCount: number): Int32Array {
  const first = new Int32Array(defenderCount + 1);
  for (let k = 0; k < pairs.size; k++) (first[(pairs.def[k] as number) + 1] as number)++;
  for (let d = 0; d < defenderCount; d++) first[d + 1] = (first[d + 1] as number) + (first[d] as number);
  const order = new Int32Array(pairs.size);
  for (let k = 0; k < pairs.size; k++) order[(first[pairs.def[k] as number] as number)++] = k;
  return order;
}

/** The matches of all pairs, with their explanations. */
export function emitPairs(
  pairs: PairBuffer,
  ix: DefenderIndex,
  defender: readonly SecurityAlert[],
  dlp: readonly SecurityAlert[],
  w: number,
): CorrelationMatch[] {
  const order = byDefender(pairs, defender.length);
  const out: CorrelationMatch[] = [];
  for (let n = 0; n < order.length; n++) {
    const k = order[n] as number;
    const d = pairs.def[k] as number;
    const i = pairs.dlp[k] as number;
    const pos = pairs.pos[k] as number;
    let identity;
    if (pos >= 0) {
      const t = (ix.idFirst[d] as number) + pos;
      const kind = kindName(ix.idKind[t] as number);
      const key = ix.keys.keyString(ix.idKey[t] as number);
      const def = { kind, key, display: ix.idDisplay[t] as string };
      identity = matchIdentity(def, pairs.dlpKind[k] as number, pairs.shared[k] === true);
    }
    const ds = ix.starts[d] as number;
    const ls = pairs.start[k] as number;
    const gap = intervalGap(ds, ix.ends[d] as number, ls, pairs.end[k] as number);
    const ids = [(dlp[i] as SecurityAlert).id, (defender[d] as SecurityAlert).id] as const;
    out.push(makeMatch(ids[0], ids[1], pairs.incident[k] === true, identity, ls - ds, gap, w));
  }
  return out;
}
