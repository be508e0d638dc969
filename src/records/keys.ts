/**
 * Every key the product writes to the `Store`, in one place. A key is `<kind>/<rest>`; each kind has one
 * owner (named below) and nothing else writes it.
 *
 * Tenants: the kinds in `TENANT_SCOPED_KINDS` hold one customer tenant's state. In the store they carry
 * the tenant's short name right after the kind (`alert/<tenant>/<id>`, `poller/<tenant>/watermark`), so
 * one prefix still lists one kind and one tenant's records are one prefix (`<kind>/<tenant>/`). The code
 * that owns them writes the unscoped key (`alertKey(id)`); the tenant's store view (`tenantStore` in
 * src/store/tenantStore.ts) adds the segment, so a poller, a read model or a notifier can only ever see
 * its own tenant's records: a correlation never crosses tenants. Every other kind is shared by all
 * tenants (subscriptions, digests, snoozes, the audit log, reports, turn state).
 */

/** The tenant of a deployment without TENANTS_FILE (and of stores written before tenants existed). */
export const DEFAULT_TENANT = 'default';

/** The kinds whose records belong to one tenant (see above). */
export const TENANT_SCOPED_KINDS: readonly string[] = [
  'alert',
  'segment',
  'poller',
  'card',
  'outbox',
  'corr',
  'dlppolicy',
];

/**
 * Tracked alerts, the correlation state (`TrackedAlert`; owner: the poller): a row per correlated alert,
 * the others in per-page segments (`segment/<seq>`, segments.ts).
 */
export const ALERT_PREFIX = 'alert/';
export const alertKey = (id: string): string => `${ALERT_PREFIX}${id}`;

/** The poller's progress (`WatermarkRecord`; owner: the poller). */
export const WATERMARK_KEY = 'poller/watermark';

/** One Defender alert's card and its posts (`CardRecord`; owner: the notifier, the analyst's actions). */
export const CARD_PREFIX = 'card/';
export const cardKey = (alertId: string): string => CARD_PREFIX + alertId;

/** Work for the notifier (`OutboxEntry`; written by the poller in its batch, deleted by the notifier). */
export const OUTBOX_PREFIX = 'outbox/';
/** Outbox keys sort by time, so entries are handled in the order they were queued. */
export function outboxKey(now: number, seq: number, alertId: string): string {
  return `${OUTBOX_PREFIX}${String(now).padStart(15, '0')}-${String(seq).padStart(6, '0')}-${alertId}`;
}

/** Index of Defender alerts that have correlations (`CorrelatedEntry`), for `/alerts` without a scan. */
export const CORRELATED_PREFIX = 'corr/';
export const correlatedKey = (alertId: string): string => CORRELATED_PREFIX + alertId;

/** Subscriptions (`Subscription`) and installed teams (`InstalledTeam`; owner: the registry). */
export const SUBSCRIPTION_PREFIX = 'sub/';
export const TEAM_PREFIX = 'team/';

/** Digest cards per channel and minute (`DigestRecord`; owner: the notifier's digest book). */
export const DIGEST_PREFIX = 'digest/';
export const digestKey = (subscriptionId: string, windowStart: number): string =>
  `${DIGEST_PREFIX}${subscriptionId}/${String(windowStart).padStart(15, '0')}`;

/** Snoozes per subscription (`Snooze`; owner: the snooze book): `snooze/<tenant>/<subscription>/<id>`. */
export const SNOOZE_PREFIX = 'snooze/';
export const snoozePrefix = (subscriptionId: string): string =>
  `${SNOOZE_PREFIX}${DEFAULT_TENANT}/${subscriptionId}/`;
export const snoozeKey = (subscriptionId: string, snoozeId: string): string =>
  snoozePrefix(subscriptionId) + snoozeId;

/** The audit log of analysts' actions (`AuditEntry`; owner: the analyst's audit log), newest last. */
export const AUDIT_PREFIX = 'audit/';

/** DLP policy names found through advanced hunting, per DLP alert (owner: the read model's policy cache). */
export const DLP_POLICY_PREFIX = 'dlppolicy/';

/** Scheduled reports (`ScheduleRecord`, `SlotRecord`; owner: the report scheduler). */
export const scheduleKey = (tenant: string): string => `report/${tenant}/schedule`;
/** One record per slot, keyed by its due instant (ISO, so keys sort by time). */
export const slotKey = (tenant: string, due: number): string =>
  `report/${tenant}/slot/${new Date(due).toISOString()}`;

/** Written once the single-tenant records have been moved under their tenant (owner: the migration). */
export const TENANT_MIGRATION_KEY = 'ops/migration/tenant-keys';

/** Certificate expiry notices already sent (owner: the certificate watch). */
export const CERTIFICATE_NOTICE_PREFIX = 'ops/certificate/';

/** teams-ai turn state (owner: the bot-state adapter). */
export const TURN_STATE_PREFIX = 'turn/';
