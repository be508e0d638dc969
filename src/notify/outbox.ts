import { outboxKey, type OutboxEntry } from '../records';
import type { BatchOp } from '../store/types';

/** The batch operation that queues `entry` (the poller writes it in the same batch as its state). */
export function outboxPut(now: number, seq: number, entry: OutboxEntry): BatchOp {
  return { op: 'put', key: outboxKey(now, seq, entry.alertId), value: entry };
}
