import type {
  AlertClassification,
  AlertDetermination,
  AlertSeverity,
  AlertStatus,
  ServiceSource,
  Workload,
} from '../model';

/**
 * The kinds of identity an alert's evidence can name, strongest first: the order is the tie-break when a
 * Defender alert and a DLP alert share several identities.
 */
export const IDENTITY_KINDS = ['aadUserId', 'upn', 'mailbox', 'device', 'account'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * One identity named by an alert's evidence.
 * `key` is the normalized match key (`aad:<guid>`, `email:<address>`, `device:<id or dns name>`,
 * `account:<domain>\<name>`, all lower-cased). UPNs and mailbox addresses share the `email:` space on
 * purpose: in Microsoft 365 a user's UPN is almost always their primary SMTP address, so a UPN on one side
 * matches a mailbox address on the other.
 */
export interface Identity {
  kind: IdentityKind;
  key: string;
  /** The value as Graph spelled it (original casing, trimmed), for cards. */
  display: string;
  /** DLP alerts only: named by evidence whose roles include `policyViolator` (listed first). */
  violator?: boolean;
}

/** The identity that explains a match: the Defender side's identity, plus the DLP side's kind if it differs. */
export interface MatchIdentity {
  kind: IdentityKind;
  key: string;
  display: string;
  /** Set when the DLP alert named the same key as another kind (e.g. a UPN matched a mailbox address). */
  dlpKind?: IdentityKind;
  /**
   * Set when the identity is shared: it links more than `maxAlertsPerIdentity` alerts within the window
   * (a shared mailbox, a service account, a jump host). Weak evidence: shown as such, and never the only
   * reason for a match (the match then stands on the incident).
   */
  shared?: true;
}

/** Why a DLP alert was attached to a Defender alert. */
export interface CorrelationMatch {
  dlpAlertId: string;
  defenderAlertId: string;
  /** `incident`: Defender itself grouped both alerts into one incident; else they share an identity. */
  via: 'identity' | 'incident';
  /** The strongest shared identity within the window (always set for `identity`, when any for `incident`). */
  identity?: MatchIdentity;
  /** DLP activity start − Defender activity start, in ms (negative: the DLP activity came first). */
  deltaMs: number;
  /** Time between the two activity intervals in ms; 0 when they overlap. */
  gapMs: number;
  /** The correlation window the match was made with, in ms. */
  windowMs: number;
}

/** The displayed fields whose change on a correlated alert is reported. */
export type AlertChangeField =
  | 'status'
  | 'assignedTo'
  | 'classification'
  | 'determination'
  | 'comments'
  | 'severity'
  | 'title'
  | 'evidence';

export type CorrelationChange =
  | {
      type: 'correlated';
      defenderAlertId: string;
      /** Only the DLP alerts this Defender alert did not have before this call. */
      newMatches: CorrelationMatch[];
      /** Every match so far, ordered by `deltaMs` then DLP alert id. */
      matches: CorrelationMatch[];
      /** True for the Defender alert's first correlation (post a card), false when it gains more. */
      first: boolean;
    }
  | {
      type: 'alertChanged';
      /** A Defender alert that already has correlations. */
      alertId: string;
      fields: AlertChangeField[];
      /** Set when the change is on one of its correlated DLP alerts rather than on the Defender alert. */
      dlpAlertId?: string;
    };

/** The last comment on an alert, as shown on cards. */
export interface TrackedComment {
  /** The comment text, cut to 500 characters. */
  comment: string;
  createdByDisplayName: string | null;
  createdDateTime: string | null;
}

/**
 * What the engine keeps per alert: compact, JSON-serializable (the store persists it, and
 * `restoreCorrelationState` rebuilds the state from these records after a restart).
 */
export interface TrackedAlert {
  id: string;
  isDlp: boolean;
  title: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  classification: AlertClassification | null;
  determination: AlertDetermination | null;
  assignedTo: string | null;
  serviceSource: ServiceSource;
  detectionSource: string | null;
  productName: string | null;
  /** The detection rule that raised the alert (Graph `detectorId`); absent on records stored before it was kept. */
  detectorId?: string | null;
  incidentId: string | null;
  alertWebUrl: string | null;
  incidentWebUrl: string | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  /** Activity interval in epoch ms (`firstActivityDateTime`..`lastActivityDateTime`, see `activityInterval`). */
  start: number;
  end: number;
  /** Deduplicated; for DLP alerts the policy violator's identities come first. */
  identities: Identity[];
  /** How many evidence entries the alert carried (any type, unknown ones included). */
  evidenceCount: number;
  /** DLP side: the workloads its evidence tells (mail = Exchange, device = Endpoint, …); absent when none. */
  workloads?: Workload[];
  commentCount: number;
  lastComment?: TrackedComment;
  /** `id|lastUpdateDateTime`: re-reading the same version changes nothing. */
  fingerprint: string;
  /** Defender side: the DLP alerts already reported, in report order. */
  correlatedDlpIds?: string[];
  /** Defender side: the explanation of each correlated DLP alert. */
  matches?: CorrelationMatch[];
}

/** Correlation settings. */
export interface CorrelationOptions {
  /** Largest gap between a DLP and a Defender activity interval that still correlates, in ms (e.g. 30 min). */
  windowMs: number;
  /**
   * How long an alert is kept past the window, in ms (default `DEFAULT_RETENTION_MS`, 7 days). An alert
   * whose activity ended before `now − windowMs − retentionMs` is evicted and never reported again.
   */
  retentionMs?: number;
  /**
   * An identity naming more than this many alerts (Defender and DLP together) within the window around a
   * Defender alert is shared: weak evidence, never the only reason for a match. Default
   * `DEFAULT_MAX_ALERTS_PER_IDENTITY` (50).
   */
  maxAlertsPerIdentity?: number;
}

/** 30 minutes: the ±30 min the product correlates on by default. */
export const DEFAULT_WINDOW_MS = 30 * 60 * 1000;
/** 50 alerts: above it, an identity within one window is treated as shared. */
export const DEFAULT_MAX_ALERTS_PER_IDENTITY = 50;
/** 7 days. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
