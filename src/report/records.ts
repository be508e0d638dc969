/**
 * What the store remembers about scheduled reports. Keys carry a tenant segment (`report/<tenant>/…`,
 * `default` while the bot serves one tenant) so a multi-tenant store can hold several schedules.
 */
import { StoreConflictError } from '../errors';
import type { Store } from '../store/types';

/** The tenant segment used while the product serves a single tenant. */
export const DEFAULT_TENANT = 'default';

export const scheduleKey = (tenant: string): string => `report/${tenant}/schedule`;
/** One record per slot, keyed by its due instant (ISO, so keys sort by time). */
export const slotKey = (tenant: string, due: number): string =>
  `report/${tenant}/slot/${new Date(due).toISOString()}`;

/**
 * When the current schedule took effect (`report/<tenant>/schedule`). Slots before `since` are never
 * sent: configuring a schedule at 10:00 does not post the 08:00 report late.
 */
export interface ScheduleRecord {
  /** `08:00,20:00 Europe/Paris`: a change of times or zone starts a new schedule. */
  spec: string;
  since: string;
}

/** One channel's copy of a slot's report. `sending` is written before the send, `sent` after. */
export interface SlotDelivery {
  state: 'sending' | 'sent' | 'failed';
  at: string;
  activityId?: string;
  error?: string;
}

/** A slot claimed by a leader (`report/<tenant>/slot/<due ISO>`), and what each channel got. */
export interface SlotRecord {
  /** Due instant (ISO). */
  due: string;
  /** Start of the window the report covers (the previous slot, ISO). */
  from: string;
  claimedBy: string;
  claimedAt: string;
  /** Claimed after the lateness allowance: the card says it comes late. */
  late: boolean;
  /** By subscription id. */
  deliveries: Record<string, SlotDelivery>;
  /** Every channel was handled. */
  done: boolean;
}

/**
 * Applies `change` to the record at `key` with an eTag-conditional write, re-reading and re-applying on
 * a conflict (another replica wrote meanwhile). `change` returns undefined to give up (nothing to do
 * after seeing the fresh record). Returns the written record, or undefined when given up.
 */
export async function updateConditionally<T>(
  store: Store,
  key: string,
  change: (current: T | undefined) => T | undefined,
  attempts = 5,
): Promise<T | undefined> {
  for (let i = 0; i < attempts; i++) {
    const current = await store.get<T>(key);
    const next = change(current?.value);
    if (next === undefined) return undefined;
    try {
      await store.put(key, next, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return next;
    } catch (err) {
      if (!(err instanceof StoreConflictError)) throw err;
    }
  }
  throw new StoreConflictError(key);
}
