import type { AuditEntry } from '../analyst/types';
import type { TrackedAlert } from '../correlation';

/**
 * Which alerts a report may show. The hook other features plug into: a channel's subscription filter, a
 * "sensitive" route that must stay out of the general channel's report. Receives the Defender alert.
 */
export type AlertPredicate = (alert: TrackedAlert) => boolean;

/** Where the report's policy names come from (DLP policy names are not in alerts_v2). */
export type PolicySource = 'hunting' | 'dlpTitle';

/** Everything the pure aggregation reads. No clock: `now` is passed in. */
export interface ShiftReportInput {
  /** Start of the shift, epoch ms (inclusive). */
  from: number;
  /** End of the shift, epoch ms (exclusive). */
  to: number;
  /** When the report is made (statuses are as of now). */
  now: number;
  /** Every tracked alert (Defender and DLP) the store holds. */
  alerts: readonly TrackedAlert[];
  /** Analyst actions taken through the bot (card or command), any order. */
  audit: readonly AuditEntry[];
  /**
   * The tenant of each alert, when the alerts come from several tenants: alert ids are unique within one
   * tenant only, so audit entries then match an alert by tenant and id, and a correlation's DLP alert is
   * looked up in its Defender alert's tenant. An entry that names no tenant (written before entries did)
   * matches by id alone. Default: one tenant, everything by id.
   */
  tenantOf?: (alert: TrackedAlert) => string;
  /** Keeps only the Defender alerts this audience may see. Default: all. */
  include?: AlertPredicate;
  /**
   * The DLP policy name of a DLP alert when known (advanced hunting results the product cached), else
   * undefined: the report then counts DLP alert titles and says so.
   */
  policyOf?: (dlpAlertId: string) => string | undefined;
  /** Entries in each "top" list. Default 5. */
  top?: number;
}

/** One row of a count table. */
export interface CountRow {
  label: string;
  count: number;
}

/** A duration statistic over the alerts that have one, ms. */
export interface DurationStats {
  /** Alerts measured. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** Who acted and how many times. */
export interface AnalystRow {
  name: string;
  /** Actions taken through the bot (card buttons and commands). */
  botActions: number;
  /** Alerts assigned to them (seen through Graph: the card or the Defender portal). */
  assigned: number;
}

/** The shift report, ready for a card. */
export interface ShiftReport {
  from: string;
  to: string;
  generatedAt: string;
  /** Correlated Defender alerts of the shift. */
  total: number;
  byStatus: CountRow[];
  bySeverity: CountRow[];
  /** Creation → first action (bot or Graph-visible). */
  firstAction: DurationStats & {
    /** Alerts with no action yet. */
    waiting: number;
    /** First actions taken through the bot / seen only through Graph (the Defender portal). */
    viaBot: number;
    viaGraph: number;
  };
  /** Creation → resolved. */
  resolution: DurationStats;
  topUsers: CountRow[];
  topPolicies: CountRow[];
  policySource: PolicySource;
  analysts: AnalystRow[];
  /** One line per customer tenant, in configuration order (multi-tenant deployments only). */
  tenants?: TenantRow[];
}

/** A customer tenant's share of the report. */
export interface TenantRow {
  name: string;
  displayName: string;
  /** Its correlated Defender alerts of the shift. */
  total: number;
  /** Of those, with no action yet. */
  waiting: number;
  resolved: number;
}
