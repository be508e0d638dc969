/** Record shapes of the report scheduler (`report/<tenant>/…`; keys in keys.ts). */

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
