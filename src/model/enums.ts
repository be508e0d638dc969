import type { SecurityNamespace } from '@microsoft/microsoft-graph-types';
import type { OpenEnum } from './open';
import type { SupplementServiceSource } from './supplement';

/**
 * The enum members our code names, checked against the published types: each list `satisfies` the
 * package's union, so a misspelled or retired member fails the type check. The types themselves are open
 * (`OpenEnum`): Graph sends members added after these lists were written.
 */

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
] as const satisfies ReadonlyArray<SecurityNamespace.ServiceSource | SupplementServiceSource>;
export type ServiceSource = OpenEnum<(typeof SERVICE_SOURCES)[number]>;

export const SEVERITIES = [
  'unknown',
  'informational',
  'low',
  'medium',
  'high',
  'unknownFutureValue',
] as const satisfies ReadonlyArray<SecurityNamespace.AlertSeverity>;
export type AlertSeverity = OpenEnum<(typeof SEVERITIES)[number]>;

export const STATUSES = [
  'unknown',
  'new',
  'inProgress',
  'resolved',
  'unknownFutureValue',
] as const satisfies ReadonlyArray<SecurityNamespace.AlertStatus>;
export type AlertStatus = OpenEnum<(typeof STATUSES)[number]>;

export const CLASSIFICATIONS = [
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
  'unknownFutureValue',
] as const satisfies ReadonlyArray<SecurityNamespace.AlertClassification>;
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
] as const satisfies ReadonlyArray<SecurityNamespace.AlertDetermination>;
export type AlertDetermination = OpenEnum<(typeof DETERMINATIONS)[number]>;

/** `detectionSource` (not filterable on the list). Open: the metadata adds members often. */
export type DetectionSource = OpenEnum<SecurityNamespace.DetectionSource>;

/** `evidenceRole`; `policyViolator` is the role DLP alerts give the user who broke the policy. */
export type EvidenceRole = OpenEnum<SecurityNamespace.EvidenceRole>;
