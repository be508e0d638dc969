/**
 * Defender alert recipes: realistic titles, categories and MITRE techniques per product, and the
 * evidence each product attaches (defenderEvidence.ts). `shapes` lists the identity shapes a recipe
 * can produce.
 */
import type { AlertEvidence } from '../../src/model';
import { cloud, DOMAIN_CONTROLLER, email, endpoint, identity, teams } from './defenderEvidence';
import * as ev from './evidence';
import type { Rng } from './rng';
import type { DirectoryDevice, DirectoryUser } from './types';

/** Which identifiers of the user a Defender alert carries (what a correlator can match on). */
export type IdentityShape = 'user' | 'objectId' | 'mailbox' | 'device' | 'none';

export interface RecipeContext {
  rng: Rng;
  user: DirectoryUser;
  device: DirectoryDevice | undefined;
  shape: IdentityShape;
  /** Evidence createdDateTime. */
  at: string;
}

interface Product {
  source: string;
  detectionSource: string;
  productName: string;
  /** `da` uses Defender for Endpoint's tick-based ids; others are prefix + GUID. */
  idPrefix: string;
}

export interface Recipe extends Product {
  title: string;
  category: string;
  severity: 'low' | 'medium' | 'high' | 'informational';
  mitre: string[];
  shapes: readonly IdentityShape[];
  /** Only users with a device can be the subject (endpoint alerts). */
  needsDevice?: boolean;
  threat?: readonly [displayName: string, family: string];
  evidence(ctx: RecipeContext): AlertEvidence[];
}

const product = (
  source: string,
  detectionSource: string,
  productName: string,
  idPrefix: string,
): Product => ({
  source,
  detectionSource,
  productName,
  idPrefix,
});
const MDE = product('microsoftDefenderForEndpoint', 'microsoftDefenderForEndpoint', 'Microsoft Defender for Endpoint', 'da'); // prettier-ignore
const MDO = product('microsoftDefenderForOffice365', 'microsoftDefenderForOffice365', 'Microsoft Defender for Office 365', 'fa'); // prettier-ignore
const MDI = product('microsoftDefenderForIdentity', 'microsoftDefenderForIdentity', 'Microsoft Defender for Identity', 'aa'); // prettier-ignore
const MDA = product(
  'microsoftDefenderForCloudApps',
  'cloudAppSecurity',
  'Microsoft Defender for Cloud Apps',
  'ca',
);
const AIP = product(
  'azureAdIdentityProtection',
  'azureAdIdentityProtection',
  'Microsoft Entra ID Protection',
  'ad',
);
const XDR = product('microsoft365Defender', 'microsoft365Defender', 'Microsoft Defender XDR', 'ra');

const USER: readonly IdentityShape[] = ['user', 'objectId'];
const ENDPOINT: readonly IdentityShape[] = ['user', 'objectId', 'device'];
const MAIL: readonly IdentityShape[] = ['user', 'mailbox', 'none'];
const SHAREPOINT: readonly [number, string] = [20892, 'Microsoft SharePoint Online'];
const OFFICE: readonly [number, string] = [11161, 'Office 365'];

export const RECIPES: readonly Recipe[] = [
  { ...MDE, title: 'Suspicious PowerShell command line', category: 'Execution', severity: 'medium', mitre: ['T1059.001'], shapes: ENDPOINT, needsDevice: true,
    evidence: (c) => endpoint(c, 'powershell.exe', `powershell.exe -NoP -W Hidden -enc ${c.rng.hex(44)}`) },
  { ...MDE, title: 'Possible exfiltration of archived data', category: 'Exfiltration', severity: 'high', mitre: ['T1560.001', 'T1567.002'], shapes: ENDPOINT, needsDevice: true,
    evidence: (c) => endpoint(c, '7z.exe', '7z.exe a -p -mhe=on C:\\Temp\\q3.7z C:\\Users\\Public\\Finance', { fileName: 'q3.7z', filePath: 'C:\\Temp', fileSize: 48_211_114 }) },
  { ...MDE, title: "An active 'Mimikatz' credential theft tool was detected", category: 'CredentialAccess', severity: 'high', mitre: ['T1003.001'], shapes: ENDPOINT, needsDevice: true,
    threat: ['HackTool:Win32/Mimikatz', 'Mimikatz'], evidence: (c) => endpoint(c, 'mimi.exe', 'mimi.exe "privilege::debug" "sekurlsa::logonpasswords" exit') },
  { ...MDE, title: 'Suspicious file dropped and launched', category: 'Execution', severity: 'medium', mitre: ['T1204.002'], shapes: ENDPOINT, needsDevice: true,
    evidence: (c) => endpoint(c, 'invoice_viewer.exe', 'invoice_viewer.exe /silent') },
  { ...MDE, title: 'Suspicious sequence of exploration activities', category: 'Discovery', severity: 'low', mitre: ['T1087.002', 'T1016'], shapes: ENDPOINT, needsDevice: true,
    evidence: (c) => endpoint(c, 'cmd.exe', 'cmd.exe /c "whoami /all & net group "Domain Admins" /domain & ipconfig /all"') },
  { ...MDO, title: 'Email messages containing malicious URL removed after delivery', category: 'InitialAccess', severity: 'medium', mitre: ['T1566.002'], shapes: MAIL,
    evidence: (c) => email(c, 'Invoice #88231 overdue', `https://contoso-payments.co/inv/${c.rng.hex(10)}`) },
  { ...MDO, title: 'A potentially malicious URL click was detected', category: 'InitialAccess', severity: 'high', mitre: ['T1204.001', 'T1566.002'], shapes: ['user', 'mailbox'],
    evidence: (c) => email(c, 'Action required: password expiry', `https://login-contoso.com-verify.info/${c.rng.hex(10)}`) },
  { ...MDO, title: 'Email messages containing phish URLs removed after delivery', category: 'InitialAccess', severity: 'low', mitre: ['T1566.002'], shapes: MAIL,
    evidence: (c) => email(c, 'Shared document: Q3 bonus plan', `https://sharepoint-docs.net/${c.rng.hex(12)}`) },
  { ...MDI, title: 'Suspected identity theft (pass-the-ticket)', category: 'LateralMovement', severity: 'high', mitre: ['T1550.003'], shapes: USER,
    evidence: (c) => identity(c, DOMAIN_CONTROLLER) },
  { ...MDI, title: 'Suspected brute-force attack (Kerberos, NTLM)', category: 'CredentialAccess', severity: 'medium', mitre: ['T1110'], shapes: USER,
    evidence: (c) => identity(c, DOMAIN_CONTROLLER) },
  { ...MDI, title: 'User and IP address reconnaissance (SMB)', category: 'Discovery', severity: 'medium', mitre: ['T1049'], shapes: USER,
    evidence: (c) => identity(c, undefined) },
  { ...MDA, title: 'Mass download by a single user', category: 'Exfiltration', severity: 'medium', mitre: ['T1530'], shapes: USER,
    evidence: (c) => cloud(c, SHAREPOINT, false) },
  { ...MDA, title: 'Impossible travel activity', category: 'InitialAccess', severity: 'medium', mitre: ['T1078'], shapes: USER,
    evidence: (c) => cloud(c, OFFICE, false) },
  { ...MDA, title: 'Suspicious inbox manipulation rule', category: 'DefenseEvasion', severity: 'medium', mitre: ['T1564.008'], shapes: USER,
    evidence: (c) => cloud(c, [20893, 'Microsoft Exchange Online'], true) },
  { ...AIP, title: 'Unfamiliar sign-in properties', category: 'InitialAccess', severity: 'low', mitre: ['T1078.004'], shapes: USER,
    evidence: (c) => cloud(c, OFFICE, false) },
  { ...AIP, title: 'Anonymous IP address', category: 'InitialAccess', severity: 'medium', mitre: ['T1090.003'], shapes: USER,
    evidence: (c) => cloud(c, OFFICE, false) },
  { ...AIP, title: 'Password spray', category: 'CredentialAccess', severity: 'high', mitre: ['T1110.003'], shapes: USER,
    evidence: (c) => cloud(c, OFFICE, false) },
  { ...XDR, title: 'Suspicious Teams message with a malicious link', category: 'InitialAccess', severity: 'medium', mitre: ['T1566.003'], shapes: USER,
    evidence: teams },
  { ...XDR, title: 'Possible BEC financial fraud', category: 'Collection', severity: 'high', mitre: ['T1114.002'], shapes: ['user', 'mailbox'],
    evidence: (c) => email(c, 'RE: Updated wire instructions', `https://docs-contoso.share-file.io/${c.rng.hex(8)}`) },
]; // prettier-ignore

/** The one Insider Risk alert of the demo: its serviceSource sits after `unknownFutureValue`. */
export const INSIDER_RISK_RECIPE: Recipe = {
  ...product('microsoftInsiderRiskManagement', 'microsoftInsiderRiskManagement', 'Microsoft Purview Insider Risk Management', 'ir'), // prettier-ignore
  title: 'Data leaks by risky users',
  category: 'Exfiltration',
  severity: 'high',
  mitre: ['T1567'],
  shapes: ['user'],
  evidence: (c) => [
    ev.userEvidence(c.at, ev.userAccount(c.user), ['policyViolator']),
    ev.fileEvidence(c.at, c.rng, { fileName: 'Customer master list.xlsx', filePath: 'https://contoso-my.sharepoint.com/personal/', fileSize: 2_481_233 }), // prettier-ignore
  ],
};
