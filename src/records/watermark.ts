/** The durable record of the poller's progress (`poller/watermark`). */
export interface WatermarkRecord {
  /** Record format: 2 since time-boundary paging (a record without it is the version-1 format). */
  version?: 2;
  /** Alerts with lastUpdateDateTime at or after this minus the overlap are read next cycle. */
  watermark: string;
  updatedAt: string;
  /** The version a migrated record came from (kept for support). */
  migratedFrom?: number;
}
