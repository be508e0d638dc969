/**
 * Evidence builders shaped like Graph's `microsoft.graph.security.*Evidence` types. Every entry carries
 * `@odata.type`, `createdDateTime`, `verdict`, `remediationStatus` and `roles`, as Graph sends them. Each
 * returns `Evidence<K>` (src/model: the published interface of its kind), so a property the metadata
 * does not have fails the type check.
 */
import {
  evidenceODataType,
  type Evidence,
  type EvidenceKind,
  type EvidenceODataType,
  type UserAccount,
} from '../../src/model';
import type { Rng } from './rng';
import type { DirectoryDevice, DirectoryUser } from './types';

export type Verdict = 'unknown' | 'suspicious' | 'malicious' | 'noThreatsFound';

/** How a user shows up in one alert: which identifiers it carries, and the UPN's casing. */
export interface AccountStyle {
  upn: 'canonical' | 'lower' | 'none';
  objectId: boolean;
}

export const FULL_ACCOUNT: AccountStyle = { upn: 'canonical', objectId: true };

/** The fields every evidence entry carries (those of `alertEvidence`, the same in every kind). */
export type EvidenceBase<K extends EvidenceKind> = { '@odata.type': EvidenceODataType<K> } & Pick<
  Evidence<'urlEvidence'>,
  | 'createdDateTime'
  | 'verdict'
  | 'remediationStatus'
  | 'remediationStatusDetails'
  | 'roles'
  | 'detailedRoles'
  | 'tags'
>;

export function base<K extends EvidenceKind>(
  kind: K,
  at: string,
  roles: string[],
  verdict: Verdict = 'suspicious',
): EvidenceBase<K> {
  return {
    '@odata.type': evidenceODataType(kind),
    createdDateTime: at,
    verdict,
    remediationStatus: 'none',
    remediationStatusDetails: null,
    roles,
    detailedRoles: [],
    tags: [],
  };
}

export function userAccount(u: DirectoryUser, style: AccountStyle = FULL_ACCOUNT): UserAccount {
  const upn =
    style.upn === 'none'
      ? null
      : style.upn === 'lower'
        ? u.userPrincipalName.toLowerCase()
        : u.userPrincipalName;
  return {
    accountName: u.accountName,
    domainName: u.domainName,
    userSid: u.userSid,
    azureAdUserId: style.objectId ? u.id : null,
    userPrincipalName: upn,
    displayName: u.displayName,
  };
}

/** A local machine account (no UPN, no Entra id): what a device-only alert carries. */
export function systemAccount(): UserAccount {
  return {
    accountName: 'SYSTEM',
    domainName: 'NT AUTHORITY',
    userSid: 'S-1-5-18',
    azureAdUserId: null,
    userPrincipalName: null,
    displayName: null,
  };
}

export function userEvidence(
  at: string,
  account: UserAccount,
  roles: string[] = [],
  verdict?: Verdict,
): Evidence<'userEvidence'> {
  return { ...base('userEvidence', at, roles, verdict), userAccount: account, stream: null };
}

export function mailboxEvidence(
  at: string,
  u: DirectoryUser,
  withUser: boolean,
  roles: string[] = [],
): Evidence<'mailboxEvidence'> {
  return {
    ...base('mailboxEvidence', at, roles),
    displayName: u.displayName,
    primaryAddress: u.mail,
    upn: withUser ? u.userPrincipalName : null,
    userAccount: withUser ? userAccount(u) : null,
  };
}

export function deviceEvidence(
  at: string,
  d: DirectoryDevice,
  loggedOn: DirectoryUser[],
  roles: string[] = [],
): Evidence<'deviceEvidence'> {
  return {
    ...base('deviceEvidence', at, roles),
    firstSeenDateTime: '2025-03-04T09:12:41.0000000Z',
    mdeDeviceId: d.mdeDeviceId,
    azureAdDeviceId: d.azureAdDeviceId,
    deviceDnsName: d.deviceDnsName,
    hostName: d.hostName,
    ntDomain: null,
    dnsDomain: 'contoso.com',
    osPlatform: d.osPlatform,
    osBuild: d.osBuild,
    version: d.version,
    healthStatus: 'active',
    riskScore: 'medium',
    rbacGroupId: 1204,
    rbacGroupName: 'Contoso Workstations',
    onboardingStatus: 'onboarded',
    defenderAvStatus: 'updated',
    lastIpAddress: d.ipAddress,
    lastExternalIpAddress: '203.0.113.24',
    ipInterfaces: [d.ipAddress],
    vmMetadata: null,
    loggedOnUsers: loggedOn.map((u) => ({ accountName: u.accountName, domainName: u.domainName })),
  };
}

export interface FileSpec {
  fileName: string;
  filePath: string;
  fileSize: number;
}

type FileDetails = NonNullable<Evidence<'fileEvidence'>['fileDetails']>;

function fileDetails(rng: Rng, f: FileSpec): FileDetails {
  return {
    fileName: f.fileName,
    filePath: f.filePath,
    fileSize: f.fileSize,
    sha1: rng.hex(40),
    sha256: rng.hex(64),
    filePublisher: null,
    signer: null,
    issuer: null,
  };
}

export function fileEvidence(
  at: string,
  rng: Rng,
  f: FileSpec,
  roles: string[] = [],
  mdeDeviceId?: string,
): Evidence<'fileEvidence'> {
  return {
    ...base('fileEvidence', at, roles),
    detectionStatus: 'detected',
    mdeDeviceId: mdeDeviceId ?? null,
    fileDetails: fileDetails(rng, f),
  };
}

export interface ProcessSpec {
  image: FileSpec;
  commandLine: string;
  parent: FileSpec;
  account: UserAccount;
  mdeDeviceId: string;
}

export function processEvidence(
  at: string,
  rng: Rng,
  p: ProcessSpec,
  roles: string[] = [],
): Evidence<'processEvidence'> {
  return {
    ...base('processEvidence', at, roles, 'malicious'),
    processId: rng.int(1000, 20000),
    parentProcessId: rng.int(500, 9000),
    processCommandLine: p.commandLine,
    processCreationDateTime: at,
    parentProcessCreationDateTime: at,
    detectionStatus: 'detected',
    mdeDeviceId: p.mdeDeviceId,
    imageFile: fileDetails(rng, p.image),
    parentProcessImageFile: fileDetails(rng, p.parent),
    userAccount: p.account,
  };
}

export function ipEvidence(
  at: string,
  ip: string,
  countryLetterCode: string,
  roles: string[] = [],
): Evidence<'ipEvidence'> {
  return {
    ...base('ipEvidence', at, roles),
    ipAddress: ip,
    countryLetterCode,
    location: { countryName: null },
  };
}

export function urlEvidence(at: string, url: string, roles: string[] = []): Evidence<'urlEvidence'> {
  return { ...base('urlEvidence', at, roles, 'malicious'), url };
}
