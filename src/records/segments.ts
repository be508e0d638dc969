/**
 * Tracked alerts that no card shows (not correlated) are kept per page, not per alert: the poller writes
 * one `segment/<seq>` record per page it makes durable, holding every such alert the page touched. A
 * correlated alert (a Defender alert with DLP alerts, a DLP alert reported on one) keeps its own
 * `alert/<id>` row, which the read model, the reports and the analysts' actions read and update.
 *
 * Why: one row per alert cost the first poll of 50,000 alerts one store write per alert (one blob each on
 * Azure Blob), while only a few thousand of them are ever shown (bench/analysis.md, poll-cycle). An alert
 * written again lives in the newer segment (or its row); the poller deletes a segment once none of its
 * alerts lives there any more, and moves the few still living out of a mostly dead one.
 *
 * Reading them back (`mergeTracked`): a row wins over any segment (an alert that has a row is never
 * written to a segment again), and a later segment over an earlier one.
 */

/** The poller's per-page records (`SegmentRecord`; owner: the poller). Tenant-scoped like `alert/`. */
export const SEGMENT_PREFIX = 'segment/';

/** Keys sort by sequence: 12 digits are a segment a second for 30,000 years. */
export const segmentKey = (seq: number): string => `${SEGMENT_PREFIX}${String(seq).padStart(12, '0')}`;

/** The sequence number of a segment key (of this tenant's view), or undefined for a foreign key. */
export function segmentSeq(key: string): number | undefined {
  if (!key.startsWith(SEGMENT_PREFIX)) return undefined;
  const rest = key.slice(SEGMENT_PREFIX.length);
  return /^\d{1,15}$/.test(rest) ? Number(rest) : undefined;
}

export interface SegmentRecord<T> {
  version: 1;
  alerts: T[];
}

/** A tracked alert as read back, and where it lives (`segment`: its segment's sequence; absent: a row). */
export interface StoredTracked<T> {
  alert: T;
  segment?: number;
}

/**
 * The tracked alerts of `rows` (`alert/<id>`) and `segments` (`segment/<seq>`), each once: its row if it
 * has one, else its entry in the latest segment that holds it. Damaged entries (not an object with a
 * string id) and foreign keys are skipped; the caller validates the records themselves.
 */
export function mergeTracked<T extends { id: string }>(
  rows: ReadonlyArray<{ value: unknown }>,
  segments: ReadonlyArray<{ key: string; value: unknown }>,
): Array<StoredTracked<T>> {
  const out = new Map<string, StoredTracked<T>>();
  const ordered = segments
    .map((s) => ({ seq: segmentSeq(s.key), value: s.value }))
    .filter((s): s is { seq: number; value: unknown } => s.seq !== undefined)
    .sort((a, b) => a.seq - b.seq);
  for (const s of ordered) {
    const alerts = (s.value as Partial<SegmentRecord<unknown>> | null)?.alerts;
    if (!Array.isArray(alerts)) continue;
    for (const a of alerts) if (hasId(a)) out.set(a.id, { alert: a as T, segment: s.seq });
  }
  for (const r of rows) if (hasId(r.value)) out.set(r.value.id, { alert: r.value as T });
  return [...out.values()];
}

function hasId(v: unknown): v is { id: string } {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
}
