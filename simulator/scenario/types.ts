import type { SecurityAlert } from '../../src/model';

/** One row of an advanced hunting table (dynamic columns hold objects; they are JSON-encoded on output). */
export type HuntingRow = Record<string, unknown>;

/** The advanced hunting tables the simulator serves. */
export interface HuntingData {
  DataSecurityEvents: HuntingRow[];
  CloudAppEvents: HuntingRow[];
}

/** An Entra ID user of the simulated tenant. */
export interface DirectoryUser {
  /** Entra object id (GUID). */
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  /** Canonical casing, e.g. `Megan.Bowen@contoso.com`. */
  userPrincipalName: string;
  mail: string;
  /** On-premises sAMAccountName, e.g. `meganb`. */
  accountName: string;
  /** NetBIOS domain, `CONTOSO`. */
  domainName: string;
  userSid: string;
  jobTitle: string;
  department: string;
}

/** A device onboarded to Defender for Endpoint and joined to Entra ID. */
export interface DirectoryDevice {
  /** Defender for Endpoint device id (40 hex digits). */
  mdeDeviceId: string;
  /** Entra device id (GUID). */
  azureAdDeviceId: string;
  hostName: string;
  deviceDnsName: string;
  /** Object id of the primary user. */
  ownerId: string;
  osPlatform: string;
  osBuild: number;
  version: string;
  ipAddress: string;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  memberIds: string[];
}

/** The simulated Entra ID tenant. */
export interface Directory {
  tenantId: string;
  users: DirectoryUser[];
  devices: DirectoryDevice[];
  groups: DirectoryGroup[];
}

/** How a planted Defender/DLP pair can be linked. */
export type MatchKey = 'upn' | 'objectId' | 'mailbox' | 'device';

/**
 * What the scenario planted, for correlation tests and benchmarks. `exhaustive: true` (demo, live at
 * start) means no other Defender/DLP pair shares an identity within ±30 minutes.
 */
export interface CorrelationTruth {
  matches: Array<{ defenderAlertId: string; dlpAlertId: string; via: MatchKey }>;
  /** Same identity, but the closest activity times are just over 30 minutes apart. */
  nearMisses: Array<{ defenderAlertId: string; dlpAlertId: string; gapMinutes: number }>;
  /** DLP alerts whose user has no Defender alert at all. */
  dlpWithoutDefender: string[];
  exhaustive: boolean;
  /**
   * Pairs that share only accounts that are no person (SYSTEM, DWM-n, machine accounts `name$`) within
   * ±30 minutes: they must never correlate.
   */
  decoys?: Array<{ defenderAlertId: string; dlpAlertId: string; shared: string }>;
}

/**
 * Evidence the simulator holds back: the last `held` entries of alert `alertId`'s evidence are served only
 * after the alert has been listed once (Graph fills entities in late; see state/lateEvidence.ts). The
 * scenario's `alerts` carry the whole evidence, as the alert ends up.
 */
export interface LateEvidenceSpec {
  alertId: string;
  held: number;
}

/** Everything one scenario generates. */
export interface ScenarioData {
  /** Most recent first (createdDateTime desc, then id). */
  alerts: SecurityAlert[];
  hunting: HuntingData;
  directory: Directory;
  truth: CorrelationTruth;
  /** Evidence served only after a first listing (demo and live). */
  lateEvidence?: LateEvidenceSpec[];
}
