import type { SecurityNamespace } from '@microsoft/microsoft-graph-types';
import type { Widen } from './open';
import type { SupplementEvidenceTypes } from './supplement';

/**
 * Alert evidence, polymorphic on `@odata.type` (`#microsoft.graph.security.<kind>`). Every subtype of the
 * published types is listed in `EvidenceTypes`, keyed by the name Graph puts after the namespace; what the
 * package lacks comes from supplement.ts.
 */
export interface EvidenceTypes extends SupplementEvidenceTypes {
  amazonResourceEvidence: SecurityNamespace.AmazonResourceEvidence;
  analyzedMessageEvidence: SecurityNamespace.AnalyzedMessageEvidence;
  azureResourceEvidence: SecurityNamespace.AzureResourceEvidence;
  blobContainerEvidence: SecurityNamespace.BlobContainerEvidence;
  blobEvidence: SecurityNamespace.BlobEvidence;
  cloudApplicationEvidence: SecurityNamespace.CloudApplicationEvidence;
  cloudLogonRequestEvidence: SecurityNamespace.CloudLogonRequestEvidence;
  cloudLogonSessionEvidence: SecurityNamespace.CloudLogonSessionEvidence;
  containerEvidence: SecurityNamespace.ContainerEvidence;
  containerImageEvidence: SecurityNamespace.ContainerImageEvidence;
  containerRegistryEvidence: SecurityNamespace.ContainerRegistryEvidence;
  deviceEvidence: SecurityNamespace.DeviceEvidence;
  dnsEvidence: SecurityNamespace.DnsEvidence;
  fileEvidence: SecurityNamespace.FileEvidence;
  fileHashEvidence: SecurityNamespace.FileHashEvidence;
  gitHubOrganizationEvidence: SecurityNamespace.GitHubOrganizationEvidence;
  gitHubRepoEvidence: SecurityNamespace.GitHubRepoEvidence;
  gitHubUserEvidence: SecurityNamespace.GitHubUserEvidence;
  googleCloudResourceEvidence: SecurityNamespace.GoogleCloudResourceEvidence;
  hostLogonSessionEvidence: SecurityNamespace.HostLogonSessionEvidence;
  ioTDeviceEvidence: SecurityNamespace.IoTDeviceEvidence;
  ipEvidence: SecurityNamespace.IpEvidence;
  kubernetesClusterEvidence: SecurityNamespace.KubernetesClusterEvidence;
  kubernetesControllerEvidence: SecurityNamespace.KubernetesControllerEvidence;
  kubernetesNamespaceEvidence: SecurityNamespace.KubernetesNamespaceEvidence;
  kubernetesPodEvidence: SecurityNamespace.KubernetesPodEvidence;
  kubernetesSecretEvidence: SecurityNamespace.KubernetesSecretEvidence;
  kubernetesServiceAccountEvidence: SecurityNamespace.KubernetesServiceAccountEvidence;
  kubernetesServiceEvidence: SecurityNamespace.KubernetesServiceEvidence;
  mailClusterEvidence: SecurityNamespace.MailClusterEvidence;
  mailboxConfigurationEvidence: SecurityNamespace.MailboxConfigurationEvidence;
  mailboxEvidence: SecurityNamespace.MailboxEvidence;
  malwareEvidence: SecurityNamespace.MalwareEvidence;
  networkConnectionEvidence: SecurityNamespace.NetworkConnectionEvidence;
  nicEvidence: SecurityNamespace.NicEvidence;
  oauthApplicationEvidence: SecurityNamespace.OauthApplicationEvidence;
  processEvidence: SecurityNamespace.ProcessEvidence;
  registryKeyEvidence: SecurityNamespace.RegistryKeyEvidence;
  registryValueEvidence: SecurityNamespace.RegistryValueEvidence;
  sasTokenEvidence: SecurityNamespace.SasTokenEvidence;
  securityGroupEvidence: SecurityNamespace.SecurityGroupEvidence;
  servicePrincipalEvidence: SecurityNamespace.ServicePrincipalEvidence;
  submissionMailEvidence: SecurityNamespace.SubmissionMailEvidence;
  teamsMessageEvidence: SecurityNamespace.TeamsMessageEvidence;
  urlEvidence: SecurityNamespace.UrlEvidence;
  userEvidence: SecurityNamespace.UserEvidence;
}

/** The name of an evidence subtype the model knows (`userEvidence`, `processEvidence`, …). */
export type EvidenceKind = keyof EvidenceTypes;

/** The OData type annotation Graph sends for `kind`. */
export type EvidenceODataType<K extends EvidenceKind = EvidenceKind> = `#microsoft.graph.security.${K}`;

/**
 * One evidence entry of a known kind, as Graph sends it: the published interface with every enum open
 * and the `@odata.type` annotation. Typing an object literal with it rejects a property the metadata
 * does not have.
 */
export type Evidence<K extends EvidenceKind> = Widen<EvidenceTypes[K]> & {
  '@odata.type': EvidenceODataType<K>;
};

/**
 * Evidence as the product keeps it: any kind, known or not (Graph adds subtypes; an unknown one is kept,
 * never dropped), with the common fields typed and the rest as Graph sent it.
 */
export interface AlertEvidence extends Widen<SecurityNamespace.AlertEvidence> {
  '@odata.type': string;
  [key: string]: unknown;
}

/** `microsoft.graph.security.userAccount`, the identity block of user, process and logon evidence. */
export type UserAccount = Widen<SecurityNamespace.UserAccount>;

const PREFIX = '#microsoft.graph.security.';

/** `#microsoft.graph.security.userEvidence` → `userEvidence`; any other spelling, its last segment. */
export function evidenceKind(evidence: { '@odata.type'?: unknown }): string {
  const t = typeof evidence['@odata.type'] === 'string' ? evidence['@odata.type'] : '';
  if (t.startsWith(PREFIX)) return t.slice(PREFIX.length);
  const i = t.lastIndexOf('.');
  return i >= 0 ? t.slice(i + 1) : t.replace(/^#/, '');
}

/** The `@odata.type` of an evidence kind. */
export function evidenceODataType<K extends EvidenceKind>(kind: K): EvidenceODataType<K> {
  return `${PREFIX}${kind}` as EvidenceODataType<K>;
}
