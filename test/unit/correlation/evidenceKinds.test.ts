import { extractIdentities } from '../../../src/correlation';
import type { AlertEvidence, Evidence, EvidenceKind, UserAccount } from '../../../src/model';
import { evidenceODataType } from '../../../src/model';
import { makeAlert } from '../../helpers/builders';

/**
 * One evidence entry of every subtype the metadata has, typed with the published interfaces
 * (`Evidence<K>`): a misspelled or invented property fails the type check, and the mapped type below
 * fails it too when a kind has no row. Each row says which identity keys the walker must read.
 */
type Row<K extends EvidenceKind> = { evidence: Omit<Evidence<K>, '@odata.type'>; keys: string[] };
type Table = { [K in EvidenceKind]: Row<K> };

const AAD = '0f8fad5b-d9cb-469f-a165-70867728950e';
const DEV = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SYSTEM: UserAccount = {
  accountName: 'SYSTEM',
  domainName: 'NT AUTHORITY',
  userSid: 'S-1-5-18',
  azureAdUserId: null,
  userPrincipalName: null,
};
const alice: UserAccount = {
  accountName: 'alice',
  domainName: 'CONTOSO',
  userSid: 'S-1-5-21-1004336348-1177238915-682003330-1104',
  azureAdUserId: AAD,
  userPrincipalName: 'Alice@Contoso.com',
  displayName: 'Alice Wu',
};
const ALICE_KEYS = [`aad:${AAD}`, 'email:alice@contoso.com', 'account:contoso\\alice'];
const device = { mdeDeviceId: DEV, deviceDnsName: 'pc-7.contoso.com', hostName: 'PC-7' };
const DEVICE_KEYS = [`device:${DEV}`, 'device:pc-7.contoso.com'];
const process = { userAccount: alice, mdeDeviceId: DEV, processId: 4242, processCommandLine: 'x.exe' };
const file = { mdeDeviceId: DEV, fileDetails: { fileName: 'a.docx', sha256: 'ab'.repeat(32) } };

const TABLE: Table = {
  aiAgentEvidence: { evidence: { agentId: 'agent-1', agentName: 'HR bot' }, keys: [] },
  amazonResourceEvidence: { evidence: { amazonAccountId: '123456789012', resourceName: 'b' }, keys: [] },
  analyzedMessageEvidence: {
    evidence: {
      recipientEmailAddress: 'alice@contoso.com',
      p1Sender: { emailAddress: 'evil@fabrikam.example', displayName: 'Evil' },
      p2Sender: { emailAddress: 'evil@fabrikam.example' },
      senderIp: '203.0.113.5',
    },
    keys: ['email:alice@contoso.com', 'email:evil@fabrikam.example'],
  },
  azureResourceEvidence: { evidence: { resourceId: '/subscriptions/x', resourceName: 'vm' }, keys: [] },
  blobContainerEvidence: { evidence: { name: 'c', url: 'https://s.blob.core.windows.net/c' }, keys: [] },
  blobEvidence: { evidence: { name: 'b', etag: '0x1' }, keys: [] },
  cloudApplicationEvidence: {
    evidence: { appId: 20893, displayName: 'Microsoft Exchange Online' },
    keys: [],
  },
  cloudLogonRequestEvidence: { evidence: { requestId: 'r-1' }, keys: [] },
  cloudLogonSessionEvidence: {
    evidence: { account: { userAccount: alice }, deviceName: 'PC-7', sessionId: 's' },
    keys: ALICE_KEYS,
  },
  containerEvidence: { evidence: { containerId: 'c1', name: 'web', isPrivileged: false }, keys: [] },
  containerImageEvidence: { evidence: { imageId: 'sha256:1' }, keys: [] },
  containerRegistryEvidence: { evidence: { registry: 'contoso.azurecr.io' }, keys: [] },
  deviceEvidence: {
    evidence: {
      ...device,
      loggedOnUsers: [
        { accountName: 'alice', domainName: 'CONTOSO' },
        { accountName: 'DWM-1', domainName: 'Window Manager' },
        { accountName: 'UMFD-0', domainName: 'Font Driver Host' },
        { accountName: 'PC-7$', domainName: 'CONTOSO' },
      ],
    },
    keys: [...DEVICE_KEYS, 'account:contoso\\alice'],
  },
  dnsEvidence: { evidence: { domainName: 'contoso.com' }, keys: [] },
  fileEvidence: { evidence: file, keys: [`device:${DEV}`] },
  fileHashEvidence: { evidence: { algorithm: 'sha256', value: 'ab'.repeat(32) }, keys: [] },
  gitHubOrganizationEvidence: { evidence: { login: 'contoso', email: 'oss@contoso.com' }, keys: [] },
  gitHubRepoEvidence: { evidence: { owner: 'contoso', repoId: '1' }, keys: [] },
  gitHubUserEvidence: {
    evidence: { email: 'Alice@Contoso.com', login: 'alice-w', userId: '77' },
    keys: ['email:alice@contoso.com'],
  },
  googleCloudResourceEvidence: { evidence: { projectId: 'p', resourceName: 'r' }, keys: [] },
  hostLogonSessionEvidence: {
    evidence: { account: { userAccount: alice }, host: device, sessionId: 's' },
    keys: [...ALICE_KEYS, ...DEVICE_KEYS],
  },
  ioTDeviceEvidence: { evidence: { deviceId: 'iot-1', owners: ['alice'], macAddress: '00:11' }, keys: [] },
  ipEvidence: { evidence: { ipAddress: '10.0.0.7' }, keys: [] },
  kubernetesClusterEvidence: { evidence: { name: 'aks' }, keys: [] },
  kubernetesControllerEvidence: { evidence: { name: 'deploy' }, keys: [] },
  kubernetesNamespaceEvidence: { evidence: { name: 'default' }, keys: [] },
  kubernetesPodEvidence: { evidence: { name: 'pod', serviceAccount: { name: 'default' } }, keys: [] },
  kubernetesSecretEvidence: { evidence: { name: 's', secretType: 'Opaque' }, keys: [] },
  kubernetesServiceAccountEvidence: { evidence: { name: 'default' }, keys: [] },
  kubernetesServiceEvidence: { evidence: { name: 'svc' }, keys: [] },
  mailClusterEvidence: {
    evidence: { clusterBy: 'Sender', clusterByValue: 'evil@fabrikam.example', emailCount: 300 },
    keys: [],
  },
  mailboxConfigurationEvidence: {
    evidence: {
      externalDirectoryObjectId: AAD,
      upn: 'Alice@Contoso.com',
      mailboxPrimaryAddress: 'alice.wu@contoso.com',
      configurationType: 'mailForwardingRule',
    },
    keys: [`aad:${AAD}`, 'email:alice@contoso.com', 'email:alice.wu@contoso.com'],
  },
  mailboxEvidence: {
    evidence: { upn: 'Alice@Contoso.com', primaryAddress: 'alice.wu@contoso.com', userAccount: alice },
    keys: ['email:alice@contoso.com', 'email:alice.wu@contoso.com', `aad:${AAD}`, 'account:contoso\\alice'],
  },
  malwareEvidence: {
    evidence: {
      name: 'Trojan:Win32/Wacatac',
      processes: [process, { ...process, userAccount: SYSTEM, mdeDeviceId: 'other-dev' }],
      files: [{ ...file, mdeDeviceId: 'third-dev' }],
    },
    keys: [...ALICE_KEYS, `device:${DEV}`, 'device:other-dev', 'device:third-dev'],
  },
  networkConnectionEvidence: { evidence: { destinationPort: 443, protocol: 'tcp' }, keys: [] },
  nicEvidence: { evidence: { macAddress: '00:11:22:33:44:55' }, keys: [] },
  oauthApplicationEvidence: { evidence: { appId: AAD, objectId: AAD, displayName: 'App' }, keys: [] },
  processEvidence: { evidence: process, keys: [...ALICE_KEYS, `device:${DEV}`] },
  registryKeyEvidence: {
    evidence: { registryHive: 'HKEY_LOCAL_MACHINE', registryKey: 'SOFTWARE' },
    keys: [],
  },
  registryValueEvidence: {
    evidence: { mdeDeviceId: DEV, registryKey: 'SOFTWARE\\Run', registryValueName: 'x' },
    keys: [`device:${DEV}`],
  },
  sasTokenEvidence: { evidence: { signedWith: 'key1', protocol: 'https' }, keys: [] },
  securityGroupEvidence: { evidence: { securityGroupId: AAD, sid: 'S-1-5-21-1-2-3-512' }, keys: [] },
  servicePrincipalEvidence: { evidence: { appId: AAD, servicePrincipalObjectId: AAD }, keys: [] },
  submissionMailEvidence: {
    evidence: {
      sender: 'evil@fabrikam.example',
      recipient: 'alice@contoso.com',
      submitter: 'helpdesk@contoso.com',
      reportType: 'Phish',
    },
    keys: ['email:evil@fabrikam.example', 'email:alice@contoso.com'],
  },
  teamsMessageEvidence: {
    evidence: {
      senderFromAddress: 'evil@fabrikam.example',
      recipients: ['alice@contoso.com'],
      suspiciousRecipients: ['bob@contoso.com'],
      files: [file],
    },
    keys: [
      'email:evil@fabrikam.example',
      'email:alice@contoso.com',
      'email:bob@contoso.com',
      `device:${DEV}`,
    ],
  },
  urlEvidence: { evidence: { url: 'https://contoso.example/' }, keys: [] },
  userEvidence: { evidence: { userAccount: alice }, keys: ALICE_KEYS },
};

function asEvidence(kind: EvidenceKind, body: object): AlertEvidence {
  return { ...body, '@odata.type': evidenceODataType(kind), roles: [], verdict: 'suspicious' };
}

describe('identities per evidence subtype', () => {
  it.each(Object.keys(TABLE) as EvidenceKind[])(
    '%s yields exactly the identities the table names',
    (kind) => {
      const row = TABLE[kind] as Row<EvidenceKind>;
      const keys = extractIdentities(makeAlert({ evidence: [asEvidence(kind, row.evidence)] })).map(
        (i) => i.key,
      );
      expect(keys).toEqual(row.keys);
    },
  );

  it('reads a mailboxConfigurationEvidence user by its Entra id alone (the type has no userAccount)', () => {
    const ev = asEvidence('mailboxConfigurationEvidence', { externalDirectoryObjectId: AAD.toUpperCase() });
    expect(extractIdentities(makeAlert({ evidence: [ev] }))).toEqual([
      { kind: 'aadUserId', key: `aad:${AAD}`, display: AAD.toUpperCase() },
    ]);
  });

  it('never reads the submitter of a submitted mail', () => {
    const ev = asEvidence('submissionMailEvidence', { submitter: 'helpdesk@contoso.com' });
    expect(extractIdentities(makeAlert({ evidence: [ev] }))).toEqual([]);
  });

  it('skips malformed nested processes and files without throwing', () => {
    const ev = asEvidence('malwareEvidence', { processes: [null, 'x', { userAccount: 7 }], files: {} });
    expect(extractIdentities(makeAlert({ evidence: [ev] }))).toEqual([]);
  });
});
