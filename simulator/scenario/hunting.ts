/** Advanced hunting rows for DLP matches: `DataSecurityEvents` and `CloudAppEvents` (raw audit record). */
import { stamp } from './alert';
import type { DlpMatch, Workload } from './dlp';
import type { Rng } from './rng';
import { confidenceLevel, type SitMatch } from './sensitive';
import { TENANT_ID } from './tenant';
import type { HuntingData, HuntingRow } from './types';

function matchTime(rng: Rng, m: DlpMatch): number {
  return m.first + Math.floor(rng.next() * Math.max(0, m.last - m.first));
}

/** One `DataSecurityEvents` row (ActionType `DlpRuleMatch`) for a DLP match. */
export function dataSecurityEventRow(rng: Rng, m: DlpMatch): HuntingRow {
  const { policy, rule } = m;
  return {
    Timestamp: stamp(rng, matchTime(rng, m)),
    ReportId: rng.guid(),
    ActionType: 'DlpRuleMatch',
    AccountUpn: m.user.userPrincipalName.toLowerCase(),
    AccountObjectId: m.user.id,
    AccountDisplayName: m.user.displayName,
    Workload: m.workload,
    ObjectId: m.objectId,
    ObjectName: m.objectName,
    DeviceName: m.device && m.workload === 'Endpoint' ? m.device.deviceDnsName : '',
    SensitiveInfoTypeInfo: m.sits.map((s) => ({
      SensitiveInfoTypeId: s.sit.id,
      SensitiveInfoTypeName: s.sit.name,
      Count: s.count,
      UniqueCount: s.uniqueCount,
      Confidence: s.confidence,
      ConfidenceLevel: confidenceLevel(s.confidence),
      ClassifierType: 'Content',
      DetectedValues: s.values,
    })),
    DlpPolicyMatchInfo: [{ PolicyId: policy.id, PolicyName: policy.name }],
    DlpPolicyRuleMatchInfo: [
      {
        PolicyId: policy.id,
        PolicyName: policy.name,
        RuleId: rule.id,
        RuleName: rule.name,
        RuleSeverity: rule.severity,
      },
    ],
    DlpPolicyEnforcementMode: m.enforcementMode,
    SensitivityLabelId: m.sensitivityLabelId,
    TargetUrlDomain: m.targetDomain,
    RecipientEmailAddress: m.recipient,
  };
}

const APPLICATION: Record<Workload, string> = {
  SharePoint: 'Microsoft SharePoint Online',
  OneDrive: 'Microsoft OneDrive for Business',
  Exchange: 'Microsoft Exchange Online',
  Teams: 'Microsoft Teams',
  Endpoint: 'Microsoft 365',
};
/** Office 365 Management Activity record types for DLP. */
const RECORD_TYPE: Record<Workload, number> = {
  SharePoint: 11,
  OneDrive: 11,
  Exchange: 13,
  Teams: 11,
  Endpoint: 63,
};
const AUDIT_WORKLOAD: Record<Workload, string> = {
  SharePoint: 'SharePoint',
  OneDrive: 'OneDrive',
  Exchange: 'Exchange',
  Teams: 'MicrosoftTeams',
  Endpoint: 'Endpoint',
};

/** One `CloudAppEvents` row whose `RawEventData` is the O365 DLP audit record. */
export function cloudAppEventRow(rng: Rng, m: DlpMatch): HuntingRow {
  const at = matchTime(rng, m);
  const reportId = rng.guid();
  return {
    Timestamp: stamp(rng, at),
    ReportId: reportId,
    // Tenants spell the action both ways (KQL's == is case-sensitive): about half the rows each, chosen
    // from a value already drawn so the seed's other data stays the same.
    ActionType: /^[0-7]/.test(reportId) ? 'DlpRuleMatch' : 'DLPRuleMatch',
    Application: APPLICATION[m.workload],
    AccountObjectId: m.user.id,
    AccountId: m.user.id,
    AccountDisplayName: m.user.displayName,
    ObjectName: m.objectName,
    ObjectType: m.workload === 'Exchange' ? 'Email' : 'File',
    IPAddress: `20.190.${rng.int(128, 191)}.${rng.int(1, 254)}`,
    RawEventData: auditRecord(rng, m, at),
  };
}

function auditRecord(rng: Rng, m: DlpMatch, at: number): Record<string, unknown> {
  const { policy, rule } = m;
  return {
    CreationTime: new Date(at).toISOString().slice(0, 19),
    Id: rng.guid(),
    Operation: 'DlpRuleMatch',
    OrganizationId: TENANT_ID,
    RecordType: RECORD_TYPE[m.workload],
    UserKey: m.user.id,
    UserType: 0,
    Version: 1,
    Workload: AUDIT_WORKLOAD[m.workload],
    ObjectId: m.objectId,
    UserId: m.user.userPrincipalName,
    IncidentId: rng.guid(),
    SensitiveInfoDetectionIsIncluded: true,
    PolicyDetails: [
      {
        PolicyId: policy.id,
        PolicyName: policy.name,
        Rules: [
          {
            RuleId: rule.id,
            RuleName: rule.name,
            Severity: rule.severity,
            Actions: m.enforcementMode >= 3 ? ['NotifyUser', 'BlockAccess'] : ['NotifyUser'],
            ConditionsMatched: {
              ConditionMatchedInPolicy: true,
              SensitiveInformation: m.sits.map(sensitiveInformation),
            },
          },
        ],
      },
    ],
  };
}

/** One detected type as the audit record holds it, sample values included. */
function sensitiveInformation(s: SitMatch): Record<string, unknown> {
  return {
    SensitiveInformationTypeName: s.sit.name,
    SensitiveType: s.sit.id,
    Count: s.count,
    Confidence: s.confidence,
    UniqueCount: s.uniqueCount,
    Location: null,
    ClassifierType: 'Content',
    SensitiveInformationDetections: {
      DetectedValues: s.values.map((v) => ({ Name: s.sit.name, Value: v })),
      ResultsTruncated: s.values.length < s.count,
    },
  };
}

/** Every DetectedValues entry in the hunting data (both tables), for leak tests. */
export function collectDetectedValues(hunting: HuntingData): string[] {
  const out: string[] = [];
  for (const row of hunting.DataSecurityEvents) {
    for (const sit of asArray(row.SensitiveInfoTypeInfo)) {
      for (const v of asArray((sit as Record<string, unknown>).DetectedValues))
        if (typeof v === 'string') out.push(v);
    }
  }
  for (const row of hunting.CloudAppEvents) {
    const raw = typeof row.RawEventData === 'string' ? parseJson(row.RawEventData) : row.RawEventData;
    collectFromAudit(raw, out);
  }
  return out;
}

function collectFromAudit(raw: unknown, out: string[]): void {
  for (const p of asArray((raw as Record<string, unknown> | null)?.PolicyDetails)) {
    for (const r of asArray((p as Record<string, unknown>).Rules)) {
      const cond = (r as Record<string, unknown>).ConditionsMatched as Record<string, unknown> | undefined;
      for (const si of asArray(cond?.SensitiveInformation)) {
        const det = (si as Record<string, unknown>).SensitiveInformationDetections as
          Record<string, unknown> | undefined;
        for (const v of asArray(det?.DetectedValues)) {
          const value = (v as Record<string, unknown>).Value;
          if (typeof value === 'string') out.push(value);
        }
      }
    }
  }
}

/** A dynamic value as stored: an array, or JSON text of one (rows added by tests may be either). */
function asArray(v: unknown): unknown[] {
  const parsed = typeof v === 'string' ? parseJson(v) : v;
  return Array.isArray(parsed) ? parsed : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Plain text in a dynamic column holds no detected values.
    return undefined;
  }
}
