import { BotError } from '../errors';
import type { WatermarkRecord } from '../records';

/** Result of reading `poller/watermark`: the record in today's format, and whether it had to be migrated. */
export interface ReadWatermark {
  record: WatermarkRecord | undefined;
  /** The version the stored record had when it is not today's (write it back once). */
  migratedFrom?: number;
}

/**
 * Reads the stored watermark of any version. Version 1 (`{watermark, updatedAt}`, written by the
 * nextLink poller) means the same thing today: "everything changed before this was handed off", so it
 * is carried over as is: an upgrade keeps its place instead of re-reading the lookback window or,
 * worse, starting from now. An unreadable record is refused rather than reset: resetting would either
 * flood channels or skip alerts, and an operator must decide.
 */
export function readWatermark(value: unknown): ReadWatermark {
  if (value === undefined || value === null) return { record: undefined };
  const v = value as Partial<WatermarkRecord> & { version?: unknown };
  const at = typeof v.watermark === 'string' ? Date.parse(v.watermark) : NaN;
  if (typeof value !== 'object' || !Number.isFinite(at)) {
    throw new BotError(
      'watermark_unreadable',
      'The stored poller watermark (poller/watermark) is unreadable. Fix or delete it: deleting makes the next poll read INITIAL_LOOKBACK_HOURS again.',
    );
  }
  const updatedAt = typeof v.updatedAt === 'string' ? v.updatedAt : new Date(at).toISOString();
  if (v.version === 2) return { record: { ...(v as WatermarkRecord), updatedAt } };
  if (v.version === undefined || v.version === 1) {
    return {
      record: { version: 2, watermark: new Date(at).toISOString(), updatedAt, migratedFrom: 1 },
      migratedFrom: 1,
    };
  }
  throw new BotError(
    'watermark_unreadable',
    `The stored poller watermark has version ${String(v.version)}, newer than this release understands. Run the newer release, or delete poller/watermark to start over.`,
  );
}
