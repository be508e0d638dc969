/**
 * What the living alert card shows. Field names follow Graph's alert (and the correlation engine's
 * TrackedAlert), so a `SecurityAlert` or a tracked record can be passed as `alert` directly. Every string
 * here is treated as untrusted and escaped when rendered.
 */

/** The correlated Defender alert. Only `id`, `severity`, `status`, `serviceSource` are required. */
export interface AlertSummary {
  id: string;
  title?: string | null;
  description?: string | null;
  severity: string;
  status: string;
  classification?: string | null;
  determination?: string | null;
  /** UPN or display name of the assignee; null/absent = unassigned. */
  assignedTo?: string | null;
  serviceSource: string;
  /** Shown when `serviceSource` is unknown to this bot (e.g. "Microsoft Defender for Endpoint"). */
  productName?: string | null;
  createdDateTime?: string | null;
  firstActivityDateTime?: string | null;
  lastActivityDateTime?: string | null;
  /** Defender portal link; kept only if https on security.microsoft.com or `allowedUrlHost`. */
  alertWebUrl?: string | null;
  incidentId?: string | null;
  incidentWebUrl?: string | null;
  /** When Defender recorded the resolution (ISO); shown on a resolved card without a record of ours. */
  resolvedDateTime?: string | null;
}

/** Who resolved the alert from a card, when, as what and why (the card record's `resolution`). */
export interface ResolutionView {
  /** "Name (upn)". */
  by: string;
  /** ISO time. */
  at: string;
  classification?: string | null;
  determination?: string | null;
  reason?: string | null;
}

/** One correlated Purview DLP alert and why it matched (from the correlation engine's CorrelationMatch). */
export interface DlpMatchView {
  dlpAlertId: string;
  title?: string | null;
  severity?: string | null;
  /** When the DLP activity started (ISO). */
  activityDateTime?: string | null;
  /** 'identity' (a shared user/mailbox/device) or 'incident' (Defender grouped them). */
  via: 'identity' | 'incident' | (string & { readonly __open?: never });
  /** The shared identity; `kind` is upn | aadUserId | mailbox | device | account, `display` its original casing. */
  identity?: {
    kind: string;
    display?: string | null;
    key?: string | null;
    /** A shared identity (it names many alerts in one window): shown as weak evidence. */
    shared?: boolean | null;
  } | null;
  /** DLP start − Defender start, signed, in ms. */
  deltaMs: number;
  /** The correlation window, in ms (shown as "±30 min"). */
  windowMs: number;
}

export interface CommentView {
  text: string;
  author?: string | null;
  /** ISO time. */
  at?: string | null;
}

/** A strip at the top of the card for in-flight work or trouble. */
export interface BannerView {
  kind: 'info' | 'warning' | 'error';
  text: string;
}

/**
 * Features that are unavailable, each with the reason shown instead of the buttons
 * (e.g. "missing Graph permission SecurityAlert.ReadWrite.All"). Absent = available.
 */
export interface FeatureAvailability {
  /** Enrich, Assign to me, Set status, Classify, Comment (they all write to the alert). */
  actions?: string;
  /** Sensitive info types. */
  sit?: string;
}

/**
 * The customer tenant a card belongs to. Every action on the card carries `name` in its data (the bot
 * resolves the tenant's alerts from it); `displayName` is shown when `shown` (a bot serving several
 * tenants); `tenantId` goes into Defender links as `tid=`.
 */
export interface CardTenant {
  /** Short name (TENANTS_FILE), `default` without a file. */
  name: string;
  displayName: string;
  /** The customer's Entra tenant id (GUID or verified domain); `default` when unknown. */
  tenantId: string;
  /** True when the bot serves several tenants: the card names the tenant. */
  shown: boolean;
}

/** The tenant of a card whose view names none: the single tenant of a deployment without TENANTS_FILE. */
export const DEFAULT_CARD_TENANT = 'default';

export interface AlertCardView {
  alert: AlertSummary;
  /** Whose alert this is; absent: the single `default` tenant, not shown. */
  tenant?: CardTenant;
  /** Users named by the alert (display form: UPN, or domain\name). At most 5 are listed. */
  users?: readonly string[];
  /** Devices named by the alert. At most 5 are listed. */
  devices?: readonly string[];
  /** Correlated DLP alerts; the closest in time are listed first, the rest end with "and N more". */
  dlp: readonly DlpMatchView[];
  lastComment?: CommentView | null;
  /** Total comments on the alert, when known ("Last comment (of 4)"). */
  commentCount?: number;
  /** Who last asked the bot to enrich this alert, and when (ISO). */
  lastEnriched?: { by: string; at: string } | null;
  banner?: BannerView | null;
  /**
   * The last resolution made from a card. Shown only while the alert's status is `resolved`: a reopened
   * alert gets its actions back.
   */
  resolution?: ResolutionView | null;
  features?: FeatureAvailability;
  /**
   * Revision of this card as the bot last posted it; echoed back in every action's data so a click on an
   * outdated copy can be detected.
   */
  cardVersion: number;
  /** Teams user MRIs whose view auto-refreshes (at most 60); absent or empty = no one (same card for all). */
  refreshUserIds?: readonly string[];
  /** One extra host (e.g. "localhost:8443" for the simulator) whose https links are allowed. */
  allowedUrlHost?: string;
  /** What "Snooze…" can silence: the primary user's display name, and whether a detector is known. */
  snooze?: { user: string | null; detector: boolean };
  /**
   * The Microsoft 365 workloads of the correlated DLP alerts (the `workloads=` routing rule), and whether
   * some DLP alert's workload is not determined yet; absent: not shown.
   */
  workloads?: { known: readonly string[]; undetermined: boolean } | null;
}
