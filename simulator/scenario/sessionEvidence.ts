/** Evidence of sessions and messages: cloud/host logon sessions, cloud apps, e-mail and Teams messages. */
import type { Evidence, UserAccount } from '../../src/model';
import { base, userEvidence } from './evidence';
import type { Rng } from './rng';

export function cloudApplicationEvidence(
  at: string,
  appId: number,
  displayName: string,
): Evidence<'cloudApplicationEvidence'> {
  return {
    ...base('cloudApplicationEvidence', at, []),
    appId,
    displayName,
    instanceId: 0,
    instanceName: displayName,
    saasAppId: appId,
  };
}

export function cloudLogonSessionEvidence(
  at: string,
  account: UserAccount,
  ua: { browser: string; os: string },
): Evidence<'cloudLogonSessionEvidence'> {
  return {
    ...base('cloudLogonSessionEvidence', at, []),
    account: userEvidence(at, account),
    browser: ua.browser,
    deviceName: null,
    operatingSystem: ua.os,
    previousLogonDateTime: null,
    protocol: 'OAuth2:Authorize',
    sessionId: null,
    startUtcDateTime: at,
    userAgent: `Mozilla/5.0 (${ua.os}) ${ua.browser}`,
  };
}

export function hostLogonSessionEvidence(
  at: string,
  account: UserAccount,
  host: Evidence<'deviceEvidence'>,
  rng: Rng,
): Evidence<'hostLogonSessionEvidence'> {
  return {
    ...base('hostLogonSessionEvidence', at, []),
    account: userEvidence(at, account),
    host,
    sessionId: rng.hex(16),
    startUtcDateTime: at,
    endUtcDateTime: null,
  };
}

export interface MessageSpec {
  sender: string;
  senderName: string;
  recipient: string;
  subject: string;
  senderIp: string;
  urlCount: number;
  attachmentsCount: number;
}

export function analyzedMessageEvidence(
  at: string,
  rng: Rng,
  m: MessageSpec,
  roles: string[] = [],
): Evidence<'analyzedMessageEvidence'> {
  const domain = m.sender.split('@')[1] ?? '';
  return {
    ...base('analyzedMessageEvidence', at, roles, 'malicious'),
    networkMessageId: rng.guid(),
    internetMessageId: `<${rng.hex(24).toUpperCase()}@${domain}>`,
    subject: m.subject,
    recipientEmailAddress: m.recipient,
    p1Sender: { emailAddress: m.sender, displayName: m.senderName, domainName: domain },
    p2Sender: { emailAddress: m.sender, displayName: m.senderName, domainName: domain },
    senderIp: m.senderIp,
    receivedDateTime: at,
    deliveryAction: 'delivered',
    deliveryLocation: 'inbox',
    antiSpamDirection: 'inbound',
    language: 'en',
    threatDetectionMethods: ['urlDetonationReputation'],
    threats: ['phish'],
    urlCount: m.urlCount,
    attachmentsCount: m.attachmentsCount,
    urn: `urn:MailEntity:${rng.hex(32)}`,
  };
}

export interface TeamsMessageSpec {
  sender: string;
  recipients: string[];
  subject: string | null;
  files: Array<Evidence<'fileEvidence'>>;
  external: boolean;
  /** Recipients Defender flagged (e.g. the targets of an external phishing chat). */
  suspiciousRecipients?: string[];
}

export function teamsMessageEvidence(
  at: string,
  rng: Rng,
  t: TeamsMessageSpec,
  roles: string[] = [],
): Evidence<'teamsMessageEvidence'> {
  return {
    ...base('teamsMessageEvidence', at, roles),
    campaignId: null,
    channelId: null,
    deliveryAction: 'delivered',
    deliveryLocation: 'teams',
    files: t.files,
    isExternal: t.external,
    isOwned: true,
    lastModifiedDateTime: at,
    messageDirection: t.external ? 'outbound' : 'intraorg',
    messageId: String(rng.int(1_700_000_000, 1_799_999_999)) + rng.digits(3),
    owningTenantId: null,
    parentMessageId: null,
    receivedDateTime: at,
    recipients: t.recipients,
    senderFromAddress: t.sender,
    senderIP: null,
    sourceAppName: 'Microsoft Teams',
    sourceId: null,
    subject: t.subject,
    suspiciousRecipients: t.suspiciousRecipients ?? [],
    threadId: `19:${rng.hex(32)}@unq.gbl.spaces`,
    threadType: 'chat',
    urls: [],
  };
}
