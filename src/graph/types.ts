/**
 * The Graph Security API v2 alert model (`microsoft.graph.security.alert`), as the JSON Graph returns.
 * Source of truth: shared/reference/graph-security.md. Every enum is open: Graph adds members, and an
 * unknown string must flow through untouched (`OpenEnum`).
 */

/** A closed list of known values that still accepts any other string. */
export type OpenEnum<T extends string> = T | (string & { readonly __open?: never });

export const SERVICE_SOURCES = [
  'unknown',
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'unknownFutureValue',
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
  'microsoftSecurityForAI',
] as const;
export type ServiceSource = OpenEnum<(typeof SERVICE_SOURCES)[number]>;

export const SEVERITIES = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'] as const;
export type AlertSeverity = OpenEnum<(typeof SEVERITIES)[number]>;

export const STATUSES = ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue'] as const;
export type AlertStatus = OpenEnum<(typeof STATUSES)[number]>;

export const CLASSIFICATIONS = [
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
  'unknownFutureValue',
] as const;
export type AlertClassification = OpenEnum<(typeof CLASSIFICATIONS)[number]>;

export const DETERMINATIONS = [
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
  'unknownFutureValue',
] as const;
export type AlertDetermination = OpenEnum<(typeof DETERMINATIONS)[number]>;

/** The eight properties `$filter` accepts on alerts_v2. */
export const FILTERABLE_PROPERTIES = [
  'assignedTo',
  'classification',
  'determination',
  'createdDateTime',
  'lastUpdateDateTime',
  'severity',
  'serviceSource',
  'status',
] as const;

/** The only properties `PATCH /security/alerts_v2/{id}` accepts. */
export const PATCHABLE_PROPERTIES = [
  'status',
  'classification',
  'determination',
  'assignedTo',
  'customDetails',
] as const;

export interface UserAccount {
  accountName?: string | null;
  domainName?: string | null;
  userPrincipalName?: string | null;
  azureAdUserId?: string | null;
  displayName?: string | null;
  userSid?: string | null;
  [key: string]: unknown;
}

/**
 * One evidence entry. Polymorphic on `@odata.type` (`#microsoft.graph.security.<name>`); only the common
 * fields are typed here, the rest is kept as Graph sent it (unknown evidence types included).
 */
export interface AlertEvidence {
  '@odata.type': string;
  createdDateTime?: string | null;
  roles?: string[] | null;
  verdict?: string | null;
  remediationStatus?: string | null;
  [key: string]: unknown;
}

export interface AlertComment {
  comment: string;
  createdByDisplayName?: string | null;
  createdDateTime?: string | null;
}

/** `microsoft.graph.security.alert` (the 35 properties of v1.0). Only `id` and the timestamps are required. */
export interface SecurityAlert {
  id: string;
  title?: string | null;
  description?: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  classification?: AlertClassification | null;
  determination?: AlertDetermination | null;
  serviceSource: ServiceSource;
  detectionSource?: string | null;
  detectorId?: string | null;
  productName?: string | null;
  providerAlertId?: string | null;
  incidentId?: string | null;
  incidentWebUrl?: string | null;
  alertWebUrl?: string | null;
  alertPolicyId?: string | null;
  assignedTo?: string | null;
  actorDisplayName?: string | null;
  category?: string | null;
  categories?: string[] | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  firstActivityDateTime?: string | null;
  lastActivityDateTime?: string | null;
  resolvedDateTime?: string | null;
  investigationState?: string | null;
  recommendedActions?: string | null;
  mitreTechniques?: string[] | null;
  tenantId?: string | null;
  threatDisplayName?: string | null;
  threatFamilyName?: string | null;
  systemTags?: string[] | null;
  comments: AlertComment[];
  evidence: AlertEvidence[];
  additionalData?: Record<string, unknown> | null;
  customDetails?: Record<string, string> | null;
}

/** What a PATCH may change. */
export interface AlertUpdate {
  status?: (typeof STATUSES)[number];
  classification?: (typeof CLASSIFICATIONS)[number];
  determination?: (typeof DETERMINATIONS)[number];
  assignedTo?: string | null;
  customDetails?: Record<string, string>;
}

/** A DLP alert is any alert whose serviceSource (or, failing that, detectionSource) is Purview DLP. */
export function isDlpAlert(alert: Pick<SecurityAlert, 'serviceSource' | 'detectionSource'>): boolean {
  return (
    alert.serviceSource === 'dataLossPrevention' || alert.detectionSource === 'microsoftDataLossPrevention'
  );
}

/** `#microsoft.graph.security.userEvidence` → `userEvidence`. */
export function evidenceKind(evidence: AlertEvidence): string {
  const t = typeof evidence['@odata.type'] === 'string' ? evidence['@odata.type'] : '';
  const i = t.lastIndexOf('.');
  return i >= 0 ? t.slice(i + 1) : t.replace(/^#/, '');
}
