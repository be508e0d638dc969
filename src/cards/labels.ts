/**
 * Human words for Graph's enum values. Every lookup falls back to the raw value (escaped by the caller):
 * Graph adds enum members, and an unknown value must show as-is rather than vanish or crash.
 */

/** Product names for `serviceSource`, as the Defender portal names them. */
export const SERVICE_SOURCE_NAMES: Readonly<Record<string, string>> = {
  unknown: 'Unknown source',
  microsoftDefenderForEndpoint: 'Defender for Endpoint',
  microsoftDefenderForIdentity: 'Defender for Identity',
  microsoftDefenderForCloudApps: 'Defender for Cloud Apps',
  microsoftDefenderForOffice365: 'Defender for Office 365',
  microsoft365Defender: 'Microsoft Defender XDR',
  azureAdIdentityProtection: 'Entra ID Protection',
  microsoftAppGovernance: 'App governance',
  dataLossPrevention: 'Purview Data Loss Prevention',
  unknownFutureValue: 'A source newer than this bot',
  microsoftDefenderForCloud: 'Defender for Cloud',
  microsoftSentinel: 'Microsoft Sentinel',
  microsoftInsiderRiskManagement: 'Insider Risk Management',
  microsoftThreatIntelligence: 'Microsoft Threat Intelligence',
  microsoftSecurityForAI: 'Microsoft Security for AI',
};

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  unknown: 'Unknown',
  new: 'New',
  inProgress: 'In progress',
  resolved: 'Resolved',
  unknownFutureValue: 'Unknown',
};

export const CLASSIFICATION_LABELS: Readonly<Record<string, string>> = {
  unknown: 'Not classified',
  truePositive: 'True positive',
  falsePositive: 'False positive',
  informationalExpectedActivity: 'Informational, expected activity',
  unknownFutureValue: 'Not classified',
};

export const DETERMINATION_LABELS: Readonly<Record<string, string>> = {
  unknown: 'Not set',
  apt: 'APT',
  malware: 'Malware',
  securityPersonnel: 'Security personnel',
  securityTesting: 'Security testing',
  unwantedSoftware: 'Unwanted software',
  other: 'Other',
  multiStagedAttack: 'Multi-staged attack',
  compromisedAccount: 'Compromised account',
  phishing: 'Phishing',
  maliciousUserActivity: 'Malicious user activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  confirmedActivity: 'Confirmed activity',
  lineOfBusinessApplication: 'Line-of-business application',
  unknownFutureValue: 'Not set',
};

/** Adaptive Cards colour/style names used for a severity (TextBlock `color`, Container `style`). */
export interface SeverityLook {
  emoji: string;
  label: string;
  color: 'attention' | 'warning' | 'accent' | 'default';
  style: 'attention' | 'warning' | 'accent' | 'emphasis';
  /** Sort key: higher is more severe. */
  rank: number;
}

const SEVERITY_LOOKS: Readonly<Record<string, SeverityLook>> = {
  high: { emoji: '🔴', label: 'High', color: 'attention', style: 'attention', rank: 4 },
  medium: { emoji: '🟠', label: 'Medium', color: 'warning', style: 'warning', rank: 3 },
  low: { emoji: '🟡', label: 'Low', color: 'accent', style: 'accent', rank: 2 },
  informational: { emoji: '🔵', label: 'Informational', color: 'default', style: 'emphasis', rank: 1 },
};

export function severityLook(severity: string | null | undefined): SeverityLook {
  const known = severity ? SEVERITY_LOOKS[severity] : undefined;
  if (known) return known;
  // 'unknown', 'unknownFutureValue' and values newer than this bot: neutral, shown as sent.
  const label = !severity || severity === 'unknownFutureValue' ? 'Unknown' : severity;
  return {
    emoji: '⚪',
    label: label === 'unknown' ? 'Unknown' : label,
    color: 'default',
    style: 'emphasis',
    rank: 0,
  };
}

function lookup(
  table: Readonly<Record<string, string>>,
  value: string | null | undefined,
  empty: string,
): string {
  if (value === null || value === undefined || value === '') return empty;
  return Object.prototype.hasOwnProperty.call(table, value) ? (table[value] as string) : value;
}

export const sourceName = (v: string | null | undefined): string =>
  lookup(SERVICE_SOURCE_NAMES, v, 'Unknown source');
export const statusLabel = (v: string | null | undefined): string => lookup(STATUS_LABELS, v, 'Unknown');
export const classificationLabel = (v: string | null | undefined): string =>
  lookup(CLASSIFICATION_LABELS, v, 'Not classified');
export const determinationLabel = (v: string | null | undefined): string =>
  lookup(DETERMINATION_LABELS, v, 'Not set');

const IDENTITY_HOW: Readonly<Record<string, string>> = {
  upn: 'same user (UPN)',
  aadUserId: 'same Entra object id',
  mailbox: 'same mailbox',
  device: 'same device',
  account: 'same account (domain\\name)',
};

/** How a DLP alert was matched, in words: "same user (UPN)", "same Defender incident"… */
export function matchHow(via: string, identityKind?: string | null): string {
  if (via === 'incident') return 'same Defender incident';
  if (!identityKind) return 'same identity';
  return Object.prototype.hasOwnProperty.call(IDENTITY_HOW, identityKind)
    ? (IDENTITY_HOW[identityKind] as string)
    : `same ${identityKind}`;
}
