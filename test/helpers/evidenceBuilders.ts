/**
 * Evidence builders shaped exactly like Graph's `microsoft.graph.security.*Evidence` JSON (polymorphic on
 * `@odata.type`, with the common `createdDateTime`, `verdict`, `remediationStatus`, `roles`, … fields and
 * null where Graph has no value). Re-exported by `builders.ts`; import from there.
 */
import type { AlertEvidence, Evidence, EvidenceKind, UserAccount } from '../../src/model';

/** 2026-01-05T12:00:00Z: the default activity time of built alerts. */
export const BASE_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
export const TENANT_ID = '4b2462a4-bbee-495a-a0e1-f23ae524cc9c';
const NS = '#microsoft.graph.security.';

/** ISO-8601 UTC string of epoch ms, as Graph writes it. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The properties of evidence kind `K` as the published types name them, with any value: a misspelled or
 * invented property name fails the type check, while a test may still send a value of the wrong shape
 * (the walker must survive what some payloads carry, e.g. a plain string where an object belongs).
 */
export type EvidenceFields<K extends EvidenceKind> = { [P in keyof Evidence<K>]?: unknown };

/** Common fields of every evidence entry. */
function evidence<K extends EvidenceKind>(
  type: K,
  roles: string[] = [],
  extra: EvidenceFields<K> = {},
): AlertEvidence {
  return {
    '@odata.type': NS + type,
    createdDateTime: iso(BASE_MS),
    verdict: 'suspicious',
    remediationStatus: 'none',
    remediationStatusDetails: null,
    roles,
    detailedRoles: [],
    tags: [],
    ...extra,
  };
}

export interface UserOpts {
  upn?: string | null;
  aadId?: string | null;
  accountName?: string | null;
  domainName?: string | null;
  displayName?: string | null;
  sid?: string | null;
  roles?: string[];
}

/** A `userAccount` object (nested in user, mailbox, process and logon-session evidence). */
export function userAccount(o: UserOpts = {}): UserAccount {
  const upn = o.upn ?? null;
  return {
    accountName: o.accountName !== undefined ? o.accountName : upn ? upn.split('@')[0] : null,
    domainName: o.domainName !== undefined ? o.domainName : upn ? upn.split('@')[1] : null,
    userPrincipalName: upn,
    azureAdUserId: o.aadId ?? null,
    displayName: o.displayName ?? null,
    userSid: o.sid ?? null,
    resourceAccessEvents: [],
  };
}

export function userEvidence(o: UserOpts = {}): AlertEvidence {
  return evidence('userEvidence', o.roles, { stream: null, userAccount: userAccount(o) });
}

export interface MailboxOpts {
  upn?: string | null;
  primaryAddress?: string | null;
  displayName?: string | null;
  user?: UserOpts | null;
  roles?: string[];
}

export function mailboxEvidence(o: MailboxOpts = {}): AlertEvidence {
  return evidence('mailboxEvidence', o.roles, {
    displayName: o.displayName ?? null,
    primaryAddress: o.primaryAddress ?? null,
    upn: o.upn ?? null,
    userAccount: o.user ? userAccount(o.user) : null,
  });
}

export interface DeviceOpts {
  mdeDeviceId?: string | null;
  azureAdDeviceId?: string | null;
  deviceDnsName?: string | null;
  loggedOnUsers?: Array<{ accountName: string | null; domainName: string | null }>;
  osPlatform?: string;
  roles?: string[];
}

export function deviceEvidence(o: DeviceOpts = {}): AlertEvidence {
  const dns = o.deviceDnsName ?? null;
  return evidence('deviceEvidence', o.roles, {
    mdeDeviceId: o.mdeDeviceId ?? null,
    azureAdDeviceId: o.azureAdDeviceId ?? null,
    deviceDnsName: dns,
    hostName: dns ? dns.split('.')[0] : null,
    ntDomain: null,
    dnsDomain: dns ? dns.split('.').slice(1).join('.') : null,
    osPlatform: o.osPlatform ?? 'Windows11',
    osBuild: 22631,
    version: '23H2',
    healthStatus: 'active',
    riskScore: 'medium',
    rbacGroupId: 0,
    rbacGroupName: null,
    onboardingStatus: 'onboarded',
    defenderAvStatus: 'updated',
    firstSeenDateTime: iso(BASE_MS - 90 * 86_400_000),
    lastIpAddress: '10.0.0.12',
    lastExternalIpAddress: '203.0.113.7',
    ipInterfaces: ['10.0.0.12'],
    vmMetadata: null,
    loggedOnUsers: o.loggedOnUsers ?? [],
  });
}

export interface ProcessOpts {
  user?: UserOpts | null;
  mdeDeviceId?: string | null;
  commandLine?: string;
  fileName?: string;
  roles?: string[];
}

function fileDetails(fileName: string, filePath: string, sha1: string | null, sha256: string | null) {
  return {
    fileName,
    filePath,
    filePublisher: null,
    fileSize: 4096,
    issuer: null,
    sha1,
    sha256,
    signer: null,
  };
}

export function processEvidence(o: ProcessOpts = {}): AlertEvidence {
  const fileName = o.fileName ?? 'powershell.exe';
  return evidence('processEvidence', o.roles, {
    processId: 4242,
    parentProcessId: 1000,
    processCommandLine: o.commandLine ?? `${fileName} -NoProfile -EncodedCommand SQBFAFgA`,
    processCreationDateTime: iso(BASE_MS),
    parentProcessCreationDateTime: iso(BASE_MS - 60_000),
    detectionStatus: 'detected',
    mdeDeviceId: o.mdeDeviceId ?? null,
    imageFile: fileDetails(fileName, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', null, null),
    parentProcessImageFile: fileDetails('explorer.exe', 'C:\\Windows', null, null),
    userAccount: o.user ? userAccount(o.user) : null,
  });
}

export interface LogonOpts {
  user?: UserOpts | null;
  sessionId?: string;
  roles?: string[];
}

export function cloudLogonSessionEvidence(o: LogonOpts & { browser?: string } = {}): AlertEvidence {
  return evidence('cloudLogonSessionEvidence', o.roles, {
    account: o.user ? userEvidence(o.user) : null,
    browser: o.browser ?? 'Edge 120.0',
    deviceName: null,
    operatingSystem: 'Windows 11',
    previousLogonDateTime: iso(BASE_MS - 3_600_000),
    protocol: 'OAuth2',
    sessionId: o.sessionId ?? 'b7c3a0f2-7d4e-4d1c-9f60-0d2b1e4f5a6b',
    startUtcDateTime: iso(BASE_MS),
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  });
}

export function hostLogonSessionEvidence(o: LogonOpts & { host?: DeviceOpts | null } = {}): AlertEvidence {
  return evidence('hostLogonSessionEvidence', o.roles, {
    account: o.user ? userEvidence(o.user) : null,
    host: o.host ? deviceEvidence(o.host) : null,
    sessionId: o.sessionId ?? '0x3e7',
    startUtcDateTime: iso(BASE_MS),
    endUtcDateTime: iso(BASE_MS + 600_000),
  });
}

/** `emailSender`; a plain string is passed through (some payloads carry one). */
export type SenderOpt =
  string | { emailAddress: string | null; displayName?: string | null; domainName?: string | null };

function sender(v: SenderOpt | null | undefined): unknown {
  if (v === undefined || v === null || typeof v === 'string') return v ?? null;
  return {
    emailAddress: v.emailAddress,
    displayName: v.displayName ?? null,
    domainName: v.domainName ?? (v.emailAddress ? v.emailAddress.split('@')[1] : null),
  };
}

export function analyzedMessageEvidence(
  o: {
    recipient?: string | null;
    p1Sender?: SenderOpt | null;
    p2Sender?: SenderOpt | null;
    subject?: string;
    roles?: string[];
  } = {},
): AlertEvidence {
  return evidence('analyzedMessageEvidence', o.roles, {
    antiSpamDirection: 'outbound',
    attachmentsCount: 1,
    deliveryAction: 'delivered',
    deliveryLocation: 'external',
    internetMessageId: '<PH0PR11MB4902.namprd11.prod.outlook.com>',
    language: 'en',
    networkMessageId: '5e1b3a4c-1d2e-4f50-8a6b-7c8d9e0f1a2b',
    p1Sender: sender(o.p1Sender),
    p2Sender: sender(o.p2Sender),
    receivedDateTime: iso(BASE_MS),
    recipientEmailAddress: o.recipient ?? null,
    senderIp: '203.0.113.25',
    subject: o.subject ?? 'Q4 forecast',
    threatDetectionMethods: [],
    threats: [],
    urlCount: 0,
    urls: [],
    urn: null,
  });
}

export function teamsMessageEvidence(
  o: { sender?: SenderOpt | null; recipients?: string[]; subject?: string; roles?: string[] } = {},
): AlertEvidence {
  return evidence('teamsMessageEvidence', o.roles, {
    campaignId: null,
    channelId: null,
    deliveryAction: 'delivered',
    deliveryLocation: 'teams',
    files: [],
    groupId: null,
    isExternal: false,
    isOwned: true,
    lastModifiedDateTime: iso(BASE_MS),
    messageDirection: 'outbound',
    messageId: '1736078400000',
    owningTenantId: TENANT_ID,
    parentMessageId: '1736078400000',
    receivedDateTime: iso(BASE_MS),
    recipients: o.recipients ?? [],
    senderFromAddress: sender(o.sender),
    senderIP: '203.0.113.25',
    sourceAppName: 'Microsoft Teams',
    sourceId: null,
    subject: o.subject ?? null,
    suspiciousRecipients: [],
    threadId: '19:meeting_abc@thread.v2',
    threadType: 'chat',
    urls: [],
  });
}

export function fileEvidence(
  o: {
    fileName?: string;
    filePath?: string;
    sha1?: string | null;
    sha256?: string | null;
    mdeDeviceId?: string | null;
    roles?: string[];
  } = {},
): AlertEvidence {
  return evidence('fileEvidence', o.roles, {
    detectionStatus: 'detected',
    mdeDeviceId: o.mdeDeviceId ?? null,
    fileDetails: fileDetails(
      o.fileName ?? 'Q4 forecast.xlsx',
      o.filePath ?? 'https://contoso-my.sharepoint.com/personal/alice_contoso_com/Documents',
      o.sha1 ?? null,
      o.sha256 ?? null,
    ),
  });
}
