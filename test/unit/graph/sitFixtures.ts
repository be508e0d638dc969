/**
 * Hunting rows and audit records shaped like Defender's, carrying detected values on purpose: tests
 * assert that none of these values ever comes out of the parser.
 */
export const CARD = '50842eb7-edc8-4019-85dd-5a5c1f2bb085';
export const SSN = 'a44669fe-0d48-453d-a9b1-2cc83f2cba77';
export const CUSTOM = 'b28fcea1-4d3c-4e5f-9a8b-7c6d5e4f9291';

/** Values a DLP engine would have matched: they must never be output. */
export const DETECTED = [
  '4111 1111 1111 1111',
  '5500-0000-0000-0004',
  '078-05-1120',
  'PROJECT-OBSIDIAN-7731',
];

export function dseSit(id: string, count: number, confidence: number, extra: Record<string, unknown> = {}) {
  return {
    SensitiveInfoTypeId: id,
    Count: count,
    Confidence: confidence,
    ClassifierType: 'Entity',
    UniqueCount: Math.min(count, 2),
    DetectedValues: DETECTED.map((Value) => ({ Name: 'Credit Card Number', Value })),
    SensitiveInformationDetections: { DetectedValues: DETECTED, ResultsTruncated: false },
    MatchedText: DETECTED[0],
    ...extra,
  };
}

/** A DataSecurityEvents row; `stringly` encodes SensitiveInfoTypeInfo as Collection(String). */
export function dseRow(sits: unknown[], o: { stringly?: boolean; objectName?: string; rule?: boolean } = {}) {
  return {
    Timestamp: '2026-01-05T12:03:00Z',
    AccountUpn: 'alice@contoso.com',
    ObjectName: o.objectName ?? 'payroll.xlsx',
    SensitiveInfoTypeInfo: o.stringly ? sits.map((s) => JSON.stringify(s)) : sits,
    DlpPolicyRuleMatchInfo:
      o.rule === false
        ? []
        : JSON.stringify([
            { PolicyName: 'PCI DSS', RuleName: 'Block external sharing', PolicyId: 'p1', RuleId: 'r1' },
          ]),
    DlpPolicyMatchInfo: [{ PolicyName: 'PCI DSS', PolicyId: 'p1' }],
  };
}

/** An Office 365 DLP audit record (CloudAppEvents.RawEventData). */
export function auditRecord() {
  return {
    CreationTime: '2026-01-05T12:02:00',
    Operation: 'DlpRuleMatch',
    UserId: 'alice@contoso.com',
    PolicyDetails: [
      {
        PolicyId: 'p2',
        PolicyName: 'U.S. Financial Data',
        Rules: [
          {
            RuleId: 'r2',
            RuleName: 'High volume',
            Severity: 'High',
            Actions: ['NotifyUser'],
            ConditionsMatched: {
              SensitiveInformation: [
                {
                  SensitiveInformationTypeName: 'U.S. Social Security Number (SSN)',
                  SensitiveType: SSN,
                  Count: 3,
                  Confidence: 85,
                  UniqueCount: 3,
                  Location: 'Attachment',
                  SensitiveInformationDetections: {
                    DetectedValues: DETECTED.map((Value) => ({ Name: 'SSN', Value })),
                    ResultsTruncated: false,
                  },
                },
              ],
            },
          },
        ],
      },
    ],
    SensitiveInfoDetectionIsIncluded: true,
  };
}
