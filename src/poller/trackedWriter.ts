/**
 * Where each tracked alert is stored, and the store operations of one page that keep it so
 * (src/records/segments.ts says why): a correlated alert has its own `alert/<id>` row (the read model,
 * the reports and the analysts' actions read and update it); every other alert a page touched goes into
 * that page's one `segment/<seq>` record. A segment is deleted once none of its alerts lives there any
 * more (each was written again, correlated or evicted), and when the segments hold more than twice the
 * alerts living in them, the sparsest ones are rewritten: their living alerts move into a new segment.
 * Every operation goes into the page's batch, new records before deletions, so even a store without
 * transactions (Azure Blob writes a batch in order) never loses an alert to a crash: at worst an alert is
 * in two segments, and the later one wins.
 */
import { isCorrelated, trackedAlert, type CorrelationState, type TrackedAlert } from '../correlation';
import {
  ALERT_PREFIX,
  alertKey,
  mergeTracked,
  SEGMENT_PREFIX,
  segmentKey,
  segmentSeq,
  type SegmentRecord,
  type StoredTracked,
} from '../records';
import type { BatchOp, Store } from '../store/types';

/** Dead entries tolerated on top of the living ones before segments are rewritten (default). */
export const COMPACT_SLACK = 10_000;
/** Segments rewritten at most per page: the work follows the changes, never the tracked state. */
const MAX_COMPACTED_PER_PAGE = 2;

interface Segment {
  /** Alerts the record holds, living or not. */
  size: number;
  /** Of those, the ones that live there (not written anywhere since). */
  live: number;
  /** The alerts that lived there when it was written or read back (a superset of the living ones). */
  ids: string[];
}

export class TrackedWriter {
  /** Alerts with an `alert/<id>` row: kept there whatever happens to their correlation. */
  private readonly rows = new Set<string>();
  private readonly segmentOf = new Map<string, number>();
  private readonly segments = new Map<number, Segment>();
  private nextSeq = 1;
  /** Entries of every segment record, living or not. */
  private entries = 0;
  /** Deletions owed to the next page's batch: segments read back with no living alert. */
  private pending: BatchOp[] = [];

  /** `slack`: dead segment entries tolerated on top of the living ones (`COMPACT_SLACK`). */
  constructor(private readonly o: { slack?: number } = {}) {}

  /**
   * Reads every tracked alert back (rows and segments, each alert once, its latest version) and starts
   * over from what the store holds. The records are the store's: the reducer's restore checks them.
   */
  async load(store: Store): Promise<TrackedAlert[]> {
    const [rows, segments] = await Promise.all([
      store.list<TrackedAlert>(ALERT_PREFIX),
      store.list<SegmentRecord<unknown>>(SEGMENT_PREFIX),
    ]);
    const stored = mergeTracked<TrackedAlert>(rows, segments);
    this.reset(
      stored,
      segments.flatMap((s) => {
        const seq = segmentSeq(s.key);
        const alerts = (s.value as Partial<SegmentRecord<unknown>> | null)?.alerts;
        return seq === undefined ? [] : [{ seq, size: Array.isArray(alerts) ? alerts.length : 0 }];
      }),
    );
    return stored.map((s) => s.alert);
  }

  /**
   * Starts over from what the store holds (on load, and after a failed batch): the merged alerts and,
   * for each stored segment, how many entries its record holds.
   */
  reset(
    stored: ReadonlyArray<StoredTracked<TrackedAlert>>,
    segments: ReadonlyArray<{ seq: number; size: number }>,
  ): void {
    this.rows.clear();
    this.segmentOf.clear();
    this.segments.clear();
    this.entries = 0;
    this.nextSeq = 1;
    for (const { seq, size } of segments) {
      this.segments.set(seq, { size, live: 0, ids: [] });
      this.entries += size;
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
    }
    for (const s of stored) {
      const seg = s.segment === undefined ? undefined : this.segments.get(s.segment);
      if (seg === undefined) {
        this.rows.add(s.alert.id);
        continue;
      }
      this.segmentOf.set(s.alert.id, s.segment!);
      seg.live++;
      seg.ids.push(s.alert.id);
    }
    // A segment whose alerts all live elsewhere (a crash between a rewrite and its deletion, or a
    // damaged record) goes with the next page's batch.
    this.pending = [];
    for (const [seq, seg] of this.segments)
      if (seg.live === 0) {
        this.segments.delete(seq);
        this.entries -= seg.size;
        this.pending.push({ op: 'delete', key: segmentKey(seq) });
      }
  }

  /** Where the tracked alerts are: rows, alerts in segments, segments, segment entries living or not. */
  layout(): { rows: number; segmented: number; segments: number; entries: number } {
    return {
      rows: this.rows.size,
      segmented: this.segmentOf.size,
      segments: this.segments.size,
      entries: this.entries,
    };
  }

  /**
   * The operations that make one page's state durable: the rows of correlated alerts (`also`: alerts the
   * page correlated without touching them, e.g. a DLP alert a Defender alert newly matched), one segment
   * for the other touched alerts, the deletions of evicted alerts, and the rewrite of dead segments.
   */
  pageOps(
    state: CorrelationState,
    touched: readonly string[],
    evicted: readonly string[],
    also: readonly string[] = [],
  ): BatchOp[] {
    const puts: BatchOp[] = [];
    const deletes: BatchOp[] = this.pending;
    this.pending = [];
    const segmented: TrackedAlert[] = [];
    const page = new Set(touched);
    const done = new Set<string>();
    for (const id of [...touched, ...also]) {
      if (done.has(id)) continue;
      done.add(id);
      const correlated = this.rows.has(id) || isCorrelated(state, id);
      if (!correlated && !page.has(id)) continue;
      const record = trackedAlert(state, id);
      if (!record) continue;
      this.release(id, deletes);
      if (correlated) {
        this.rows.add(id);
        puts.push({ op: 'put', key: alertKey(id), value: record });
      } else segmented.push(record);
    }
    for (const id of evicted) {
      if (this.rows.delete(id)) deletes.push({ op: 'delete', key: alertKey(id) });
      this.release(id, deletes);
    }
    this.writeSegment(segmented, puts);
    this.compact(state, puts, deletes);
    return [...puts, ...deletes];
  }

  /** `id` no longer lives in its segment; a segment left with none is deleted. */
  private release(id: string, deletes: BatchOp[]): void {
    const seq = this.segmentOf.get(id);
    if (seq === undefined) return;
    this.segmentOf.delete(id);
    const seg = this.segments.get(seq)!;
    seg.live--;
    if (seg.live > 0) return;
    this.segments.delete(seq);
    this.entries -= seg.size;
    deletes.push({ op: 'delete', key: segmentKey(seq) });
  }

  private writeSegment(alerts: TrackedAlert[], puts: BatchOp[]): void {
    if (alerts.length === 0) return;
    const seq = this.nextSeq++;
    const ids = alerts.map((a) => a.id);
    for (const id of ids) this.segmentOf.set(id, seq);
    this.segments.set(seq, { size: ids.length, live: ids.length, ids });
    this.entries += ids.length;
    const value: SegmentRecord<TrackedAlert> = { version: 1, alerts };
    puts.push({ op: 'put', key: segmentKey(seq), value });
  }

  /** Rewrites the sparsest segments while the dead entries outnumber the living ones (plus a slack). */
  private compact(state: CorrelationState, puts: BatchOp[], deletes: BatchOp[]): void {
    for (let n = 0; n < MAX_COMPACTED_PER_PAGE; n++) {
      if (this.entries <= 2 * this.segmentOf.size + (this.o.slack ?? COMPACT_SLACK)) return;
      let sparsest: number | undefined;
      let ratio = 0.5; // only a segment at least half dead is worth rewriting
      for (const [seq, seg] of this.segments)
        if (seg.live / seg.size < ratio) [sparsest, ratio] = [seq, seg.live / seg.size];
      if (sparsest === undefined) return;
      const living = this.segments.get(sparsest)!.ids.filter((id) => this.segmentOf.get(id) === sparsest);
      const moving: TrackedAlert[] = [];
      for (const id of living) {
        const record = trackedAlert(state, id);
        if (record) moving.push(record);
        // The last one deletes the old segment (after the new one, in the batch's order).
        this.release(id, deletes);
      }
      this.writeSegment(moving, puts);
    }
  }
}
