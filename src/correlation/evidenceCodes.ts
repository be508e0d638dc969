/**
 * Evidence kinds as small integers for the walker (walk.ts): the hot path switches on numbers, and Graph's
 * usual `@odata.type` spellings are matched whole, without slicing a string.
 */
export const E_USER = 1;
export const E_MAILBOX = 2;
export const E_DEVICE = 3;
export const E_PROCESS = 4;
export const E_FILE = 5;
export const E_CLOUD_LOGON = 6;
export const E_HOST_LOGON = 7;
export const E_MESSAGE = 8;
export const E_TEAMS = 9;
export const E_MAILBOX_CONFIG = 10;
export const E_MALWARE = 11;
export const E_REGISTRY_VALUE = 12;
export const E_SUBMISSION = 13;
export const E_GITHUB_USER = 14;

const SHORT_CODES: Readonly<Record<string, number>> = {
  userEvidence: E_USER,
  mailboxEvidence: E_MAILBOX,
  deviceEvidence: E_DEVICE,
  processEvidence: E_PROCESS,
  fileEvidence: E_FILE,
  cloudLogonSessionEvidence: E_CLOUD_LOGON,
  hostLogonSessionEvidence: E_HOST_LOGON,
  analyzedMessageEvidence: E_MESSAGE,
  teamsMessageEvidence: E_TEAMS,
  mailboxConfigurationEvidence: E_MAILBOX_CONFIG,
  malwareEvidence: E_MALWARE,
  registryValueEvidence: E_REGISTRY_VALUE,
  submissionMailEvidence: E_SUBMISSION,
  gitHubUserEvidence: E_GITHUB_USER,
};

/** The evidence kinds the walker reads identities from (the rest name none it uses). */
export const IDENTITY_EVIDENCE_KINDS: readonly string[] = Object.keys(SHORT_CODES);

/**
 * The evidence kind of an `@odata.type`. Graph always sends the full `#microsoft.graph.security.<name>`,
 * matched without slicing; any other spelling (no `#`, another namespace) takes the slow path.
 */
export function evidenceCode(type: string): number {
  switch (type) {
    case '#microsoft.graph.security.userEvidence':
      return E_USER;
    case '#microsoft.graph.security.deviceEvidence':
      return E_DEVICE;
    case '#microsoft.graph.security.fileEvidence':
      return E_FILE;
    case '#microsoft.graph.security.processEvidence':
      return E_PROCESS;
    case '#microsoft.graph.security.mailboxEvidence':
      return E_MAILBOX;
    case '#microsoft.graph.security.analyzedMessageEvidence':
      return E_MESSAGE;
    case '#microsoft.graph.security.cloudLogonSessionEvidence':
      return E_CLOUD_LOGON;
    case '#microsoft.graph.security.hostLogonSessionEvidence':
      return E_HOST_LOGON;
    case '#microsoft.graph.security.teamsMessageEvidence':
      return E_TEAMS;
    case '#microsoft.graph.security.mailboxConfigurationEvidence':
      return E_MAILBOX_CONFIG;
    case '#microsoft.graph.security.malwareEvidence':
      return E_MALWARE;
    case '#microsoft.graph.security.registryValueEvidence':
      return E_REGISTRY_VALUE;
    case '#microsoft.graph.security.submissionMailEvidence':
      return E_SUBMISSION;
    // Common kinds that name no identity: answered here, not by the slicing slow path below.
    case '#microsoft.graph.security.ipEvidence':
    case '#microsoft.graph.security.urlEvidence':
    case '#microsoft.graph.security.cloudApplicationEvidence':
    case '#microsoft.graph.security.registryKeyEvidence':
    case '#microsoft.graph.security.oauthApplicationEvidence':
    case '#microsoft.graph.security.securityGroupEvidence':
    case '#microsoft.graph.security.blobEvidence':
    case '#microsoft.graph.security.blobContainerEvidence':
    case '#microsoft.graph.security.azureResourceEvidence':
      return 0;
    default:
      return SHORT_CODES[type.slice(type.lastIndexOf('.') + 1).replace('#', '')] ?? 0;
  }
}
