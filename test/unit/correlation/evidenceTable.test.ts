import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITY_EVIDENCE_KINDS } from '../../../src/correlation/walk';
import type { EvidenceKind, EvidenceTypes } from '../../../src/model';

/** Every kind of `EvidenceTypes`, spelled once; the `satisfies` clause fails the type check on a gap. */
const KINDS = {
  aiAgentEvidence: 1,
  amazonResourceEvidence: 1,
  analyzedMessageEvidence: 1,
  azureResourceEvidence: 1,
  blobContainerEvidence: 1,
  blobEvidence: 1,
  cloudApplicationEvidence: 1,
  cloudLogonRequestEvidence: 1,
  cloudLogonSessionEvidence: 1,
  containerEvidence: 1,
  containerImageEvidence: 1,
  containerRegistryEvidence: 1,
  deviceEvidence: 1,
  dnsEvidence: 1,
  fileEvidence: 1,
  fileHashEvidence: 1,
  gitHubOrganizationEvidence: 1,
  gitHubRepoEvidence: 1,
  gitHubUserEvidence: 1,
  googleCloudResourceEvidence: 1,
  hostLogonSessionEvidence: 1,
  ioTDeviceEvidence: 1,
  ipEvidence: 1,
  kubernetesClusterEvidence: 1,
  kubernetesControllerEvidence: 1,
  kubernetesNamespaceEvidence: 1,
  kubernetesPodEvidence: 1,
  kubernetesSecretEvidence: 1,
  kubernetesServiceAccountEvidence: 1,
  kubernetesServiceEvidence: 1,
  mailClusterEvidence: 1,
  mailboxConfigurationEvidence: 1,
  mailboxEvidence: 1,
  malwareEvidence: 1,
  networkConnectionEvidence: 1,
  nicEvidence: 1,
  oauthApplicationEvidence: 1,
  processEvidence: 1,
  registryKeyEvidence: 1,
  registryValueEvidence: 1,
  sasTokenEvidence: 1,
  securityGroupEvidence: 1,
  servicePrincipalEvidence: 1,
  submissionMailEvidence: 1,
  teamsMessageEvidence: 1,
  urlEvidence: 1,
  userEvidence: 1,
} satisfies Record<EvidenceKind, 1>;
const ALL = Object.keys(KINDS) as Array<keyof EvidenceTypes>;

/** The rows of the "Identities per evidence type" table: kind → identities-read cell. */
function tableRows(): Map<string, string> {
  const doc = readFileSync(join(__dirname, '../../../docs/architecture.md'), 'utf8');
  const section = doc.split('## Identities per evidence type')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const kind = /^`(\w+)`$/.exec(cells[1] ?? '')?.[1];
    if (kind !== undefined) rows.set(kind, cells[2] ?? '');
  }
  return rows;
}

describe('the evidence table in docs/architecture.md', () => {
  const rows = tableRows();

  it('has one row per evidence subtype of the model, and none for a kind the model lacks', () => {
    expect([...rows.keys()].sort()).toEqual([...ALL].sort());
  });

  it('names identities for exactly the kinds the walker reads', () => {
    const documented = [...rows].filter(([, read]) => read !== '–' && read !== '').map(([k]) => k);
    expect(documented.sort()).toEqual([...IDENTITY_EVIDENCE_KINDS].sort());
  });
});
