/**
 * Snoozes, the pure part: what a snooze is and whether one holds back an alert's new card. No store, no
 * clock: `(snoozes, alert, now) → decision`, so expiry and break-through are tested with plain values.
 *
 * As in Elastic's rule snoozing (elastic/security-docs#3217) and Kibana's muting (elastic/kibana#49702),
 * a snooze silences notifications, not detection: alerts keep being correlated and tracked, they are only
 * held back from the channel and shown in one summary when the snooze ends, so nothing is lost.
 */

/** What a snooze silences: one user (the correlation's primary identity) or one detector (detection rule). */
export type SnoozeTargetKind = 'user' | 'detector';

export interface SnoozeTarget {
  kind: SnoozeTargetKind;
  /** The match key: a correlation identity key (`email:…`, `aad:…`) or a Graph `detectorId`. */
  key: string;
  /** What analysts read: the user's UPN, or the detector's alert title. */
  display: string;
  /** Users: the other identity keys of the same person on the alert (object id, mailbox), also matched. */
  aliases?: string[];
  /**
   * The tenant of the alert it was set from: a snooze holds that tenant's alerts only (a detector id or a
   * user key in another tenant is another detector or person). Absent on snoozes set before tenants: all.
   */
  tenant?: string;
}

/** One snooze in one subscribed conversation. Stored at `snooze/<tenant>/<subscriptionId>/<id>`. */
export interface Snooze {
  /** Stable per conversation and target: snoozing the same user again extends the snooze. */
  id: string;
  subscriptionId: string;
  target: SnoozeTarget;
  /** When the snooze ends by itself (ISO 8601). */
  until: string;
  /** True: high-severity alerts are posted anyway (the default); false: the analyst silenced them too. */
  highBreaksThrough: boolean;
  createdBy: { name: string; upn?: string; aadObjectId?: string };
  createdAt: string;
  /** Set when an analyst lifted it early (`/snoozes lift`). */
  lifted?: { by: string; at: string };
  /** Defender alerts held back while snoozed, in the order they arrived: the summary lists them. */
  held: string[];
}

/** What a snooze rule needs to know about a correlated alert. */
export interface SnoozableAlert {
  severity: string;
  detectorId: string | null | undefined;
  /** The user identity keys of the correlation's user (UPN, object id, mailbox…); empty when none. */
  userKeys: readonly string[];
  /** The alert's tenant (short name). */
  tenant?: string;
}

export type SnoozeDecision =
  | { kind: 'post'; reason: 'not-snoozed' | 'breaks-through'; snoozeId?: string }
  | { kind: 'hold'; snoozeId: string };

/** Whether a snooze is in force at `now` (not lifted, `until` not reached). */
export function isActive(snooze: Snooze, now: number): boolean {
  return !snooze.lifted && now < Date.parse(snooze.until);
}

/** Whether a snooze has ended (expired or lifted) and so owes its summary. */
export function hasEnded(snooze: Snooze, now: number): boolean {
  return !isActive(snooze, now);
}

function targets(snooze: Snooze, alert: SnoozableAlert): boolean {
  const { kind, key, aliases = [], tenant } = snooze.target;
  if (tenant !== undefined && alert.tenant !== undefined && tenant !== alert.tenant) return false;
  if (kind === 'detector')
    return typeof alert.detectorId === 'string' && alert.detectorId !== '' && alert.detectorId === key;
  return alert.userKeys.some((k) => k !== '' && (k === key || aliases.includes(k)));
}

/**
 * Whether a new card for `alert` is held by one of a conversation's snoozes. A high-severity alert breaks
 * through unless every snooze that covers it was set with "silence high severity too". The snooze
 * ending last wins when several hold, so the alert is summarised once, at the latest end.
 */
export function decideSnooze(snoozes: readonly Snooze[], alert: SnoozableAlert, now: number): SnoozeDecision {
  const covering = snoozes.filter((s) => isActive(s, now) && targets(s, alert));
  if (covering.length === 0) return { kind: 'post', reason: 'not-snoozed' };
  const holding = alert.severity === 'high' ? covering.filter((s) => !s.highBreaksThrough) : covering.slice();
  if (holding.length === 0) return { kind: 'post', reason: 'breaks-through', snoozeId: covering[0]!.id };
  holding.sort((a, b) => Date.parse(b.until) - Date.parse(a.until) || (a.id < b.id ? -1 : 1));
  return { kind: 'hold', snoozeId: holding[0]!.id };
}

/** Longest snooze an analyst may set: 30 days, what Graph keeps alerts for. */
export const MAX_SNOOZE_MS = 30 * 86_400_000;

/** The durations the card offers. */
export const SNOOZE_DURATIONS = { '1h': 3_600_000, '4h': 4 * 3_600_000, '24h': 24 * 3_600_000 } as const;
export type SnoozeDuration = keyof typeof SNOOZE_DURATIONS;

export type SnoozeEnd = { ok: true; until: number } | { ok: false; error: string };

/**
 * When a snooze set at `now` ends: after a duration, or at the start (00:00 UTC) of the day after
 * `untilDate` (`YYYY-MM-DD`, "until that date" includes the whole day). Refuses past and far dates.
 */
export function snoozeEnd(now: number, duration: SnoozeDuration | 'until', untilDate?: string): SnoozeEnd {
  if (duration !== 'until') return { ok: true, until: now + SNOOZE_DURATIONS[duration] };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(untilDate ?? '');
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(day) || new Date(day).getUTCDate() !== Number(m[3]))
    return { ok: false, error: 'Pick the date the snooze should last until.' };
  const until = day + 86_400_000;
  if (until <= now) return { ok: false, error: 'That date is in the past: pick today or a later day.' };
  if (until - now > MAX_SNOOZE_MS) return { ok: false, error: 'A snooze lasts at most 30 days.' };
  return { ok: true, until };
}

/** What the snooze book's `set` needs. */
export interface SnoozeRequest {
  target: SnoozeTarget;
  until: number;
  highBreaksThrough: boolean;
  by: Snooze['createdBy'];
}
