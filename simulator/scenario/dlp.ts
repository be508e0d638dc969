/** Purview DLP alerts as alerts_v2 shows them, plus the match details hunting rows are built from. */
import type { AlertEvidence, SecurityAlert } from '../../src/model';
import { type AlertTimes, makeAlert, prefixedAlertId, stamp, type Triage } from './alert';
import * as ev from './evidence';
import type { Rng } from './rng';
import { drawSitMatches, DLP_POLICIES, type DlpPolicy, type SitMatch } from './sensitive';
import { teamsMessageEvidence } from './sessionEvidence';
import type { DirectoryDevice, DirectoryUser } from './types';

export type Workload = 'SharePoint' | 'OneDrive' | 'Exchange' | 'Teams' | 'Endpoint';

/** Which hunting table (if any) holds the details of a DLP match. */
export type HuntingSource = 'DataSecurityEvents' | 'CloudAppEvents' | 'none';

export interface DlpSpec {
  user: DirectoryUser;
  /** Required for `Endpoint`. */
  device?: DirectoryDevice;
  workload: Workload;
  times: AlertTimes;
  incidentId: string;
  /** How the UPN is cased in this alert's evidence (DLP often lowercases it). */
  upnCase: 'canonical' | 'lower';
  triage: Triage;
  /** Put undocumented keys in `additionalData` (the bot must read them defensively). */
  additionalData?: boolean;
}

/** What matched: the source of hunting rows. */
export interface DlpMatch {
  alertId: string;
  user: DirectoryUser;
  device: DirectoryDevice | undefined;
  workload: Workload;
  objectName: string;
  objectId: string;
  recipient: string;
  targetDomain: string;
  policy: DlpPolicy;
  rule: DlpPolicy['rules'][number];
  sits: SitMatch[];
  enforcementMode: number;
  sensitivityLabelId: string;
  first: number;
  last: number;
}

const FILES = [
  'Q3 payroll.xlsx',
  'Customer list - EMEA.xlsx',
  'Vendor bank details.docx',
  'Benefits enrollment 2026.xlsx',
  'Card reconciliation Oct.csv',
  'employee_records_export.csv',
  'Refund batch 1147.xlsx',
];
const SUBJECTS = [
  'Customer list',
  'Payroll corrections',
  'Wire details for Fabrikam',
  'FW: employee records',
  'Card numbers for refund batch',
  'Tax forms for review',
];
const EXTERNAL = [
  'j.smith@fabrikam.com',
  'accounts@northwindtraders.com',
  'private.mail2024@outlook.com',
  'partner@adatum.com',
];
const LABELS = ['', '', 'f42aa342-8706-4288-bd11-ebb85995028c', '3a5f8c1e-2b7d-4e9a-8c6f-1d0e9b8a7c6d'];
const SEVERITY: Record<string, string> = { Low: 'low', Medium: 'medium', High: 'high' };

interface Content {
  title: string;
  objectName: string;
  objectId: string;
  recipient: string;
  targetDomain: string;
}

function content(rng: Rng, s: DlpSpec): Content {
  const file = rng.pick(FILES);
  const recipient = rng.pick(EXTERNAL);
  const domain = recipient.split('@')[1] as string;
  switch (s.workload) {
    case 'SharePoint':
      return {
        title: `DLP policy match for document '${file}' in SharePoint`,
        objectName: file,
        objectId: `https://contoso.sharepoint.com/sites/Finance/Shared Documents/${file}`,
        recipient: '',
        targetDomain: rng.chance(0.5) ? domain : '',
      };
    case 'OneDrive':
      return {
        title: `DLP policy match for document '${file}' in OneDrive`,
        objectName: file,
        objectId: `https://contoso-my.sharepoint.com/personal/${s.user.accountName}_contoso_com/Documents/${file}`,
        recipient: '',
        targetDomain: domain,
      };
    case 'Exchange': {
      const subject = rng.pick(SUBJECTS);
      return {
        title: `DLP policy match for email with subject '${subject}'`,
        objectName: subject,
        objectId: `<${rng.hex(20).toUpperCase()}@contoso.com>`,
        recipient,
        targetDomain: domain,
      };
    }
    case 'Teams':
      return {
        title: 'DLP policy match for a Teams chat message',
        objectName: 'Teams chat message',
        objectId: `19:${rng.hex(32)}@unq.gbl.spaces`,
        recipient,
        targetDomain: domain,
      };
    case 'Endpoint':
      return {
        title: `DLP policy match for file '${file}' copied to a removable USB device`,
        objectName: file,
        objectId: `E:\\Backup\\${file}`,
        recipient: '',
        targetDomain: '',
      };
  }
}

function evidence(rng: Rng, s: DlpSpec, c: Content, at: string): AlertEvidence[] {
  const account = ev.userAccount(s.user, { upn: s.upnCase, objectId: true });
  const out: AlertEvidence[] = [ev.userEvidence(at, account, ['policyViolator'])];
  const size = rng.int(20_000, 9_000_000);
  if (s.workload === 'SharePoint' || s.workload === 'OneDrive') {
    const folder = c.objectId.slice(0, c.objectId.lastIndexOf('/'));
    out.push(
      ev.fileEvidence(at, rng, { fileName: c.objectName, filePath: folder, fileSize: size }, ['contextual']),
    );
  } else if (s.workload === 'Exchange') {
    out.push(ev.mailboxEvidence(at, s.user, true, ['policyViolator']));
  } else if (s.workload === 'Teams') {
    const sender = s.upnCase === 'lower' ? s.user.userPrincipalName.toLowerCase() : s.user.userPrincipalName;
    const msg = { sender, recipients: [c.recipient], subject: null, files: [], external: true };
    out.push(teamsMessageEvidence(at, rng, msg, ['policyViolator']));
  } else {
    const device = s.device as DirectoryDevice;
    out.push(ev.deviceEvidence(at, device, [s.user], ['contextual']));
    out.push(
      ev.fileEvidence(
        at,
        rng,
        { fileName: c.objectName, filePath: 'E:\\Backup', fileSize: size },
        ['contextual'],
        device.mdeDeviceId,
      ),
    );
  }
  return out;
}

/** Builds one DLP alert and the match its hunting rows describe. */
export function buildDlpAlert(rng: Rng, s: DlpSpec): { alert: SecurityAlert; match: DlpMatch } {
  if (s.workload === 'Endpoint' && !s.device)
    throw new Error('buildDlpAlert: an Endpoint match needs a device');
  const c = content(rng, s);
  const policy = rng.pick(DLP_POLICIES);
  const rule = rng.pick(policy.rules);
  const id = prefixedAlertId(rng, 'dl');
  const at = stamp(rng, s.times.first);
  const alert = makeAlert(
    rng,
    {
      id,
      providerAlertId: id.slice(2),
      title: c.title,
      description:
        'Data loss prevention (DLP) policy match. Review the matched content and the user activity in Microsoft Purview.',
      severity: SEVERITY[rule.severity] ?? 'medium',
      serviceSource: 'dataLossPrevention',
      detectionSource: 'microsoftDataLossPrevention',
      productName: 'Microsoft Data Loss Prevention',
      category: 'Exfiltration',
      mitreTechniques: [],
      incidentId: s.incidentId,
      detectorId: rule.id,
      alertPolicyId: policy.alertPolicyId,
      recommendedActions: 'Contact the user and the data owner; confirm whether the sharing was authorized.',
      additionalData: s.additionalData ? undocumentedData(rng, s, policy, rule) : null,
      evidence: evidence(rng, s, c, at),
    },
    s.times,
    s.triage,
  );
  return { alert, match: matchOf(rng, s, c, id, policy, rule) };
}

function matchOf(
  rng: Rng,
  s: DlpSpec,
  c: Content,
  alertId: string,
  policy: DlpPolicy,
  rule: DlpPolicy['rules'][number],
): DlpMatch {
  return {
    alertId,
    user: s.user,
    device: s.device,
    workload: s.workload,
    objectName: c.objectName,
    objectId: c.objectId,
    recipient: c.recipient,
    targetDomain: c.targetDomain,
    policy,
    rule,
    sits: drawSitMatches(rng, policy, rule.severity === 'High'),
    enforcementMode: rng.weighted([
      [1, 3],
      [2, 2],
      [3, 2],
      [4, 3],
    ] as const),
    sensitivityLabelId: rng.pick(LABELS),
    first: s.times.first,
    last: s.times.last,
  };
}

/** Keys Graph does not document: present on some tenants' DLP alerts, in varying shapes. */
function undocumentedData(
  rng: Rng,
  s: DlpSpec,
  policy: DlpPolicy,
  rule: DlpPolicy['rules'][number],
): Record<string, unknown> {
  if (rng.chance(0.5)) return { DlpPolicyName: policy.name, DlpRuleName: rule.name, Workload: s.workload };
  return {
    PolicyMatches: [{ Name: policy.name, Rules: [rule.name] }],
    MatchCount: rng.int(1, 40),
    Notes: null,
  };
}
