/**
 * Alert and evidence builders shaped exactly like Graph's `/v1.0/security/alerts_v2` JSON: every one of the
 * 35 alert properties present (null when Graph has no value), evidence entries polymorphic on
 * `@odata.type` with their common fields (`createdDateTime`, `verdict`, `remediationStatus`, `roles`, …).
 * Ids are deterministic (a counter; `resetBuilderIds()` restarts it).
 */
import type { SecurityAlert } from '../../src/model';
import { BASE_MS, TENANT_ID, iso } from './evidenceBuilders';

export * from './evidenceBuilders';

let seq = 0;

export function resetBuilderIds(): void {
  seq = 0;
}

/** The four alert timestamps for an activity from `startMs` to `endMs` (default: an instant). */
export function timesAt(startMs: number, endMs: number = startMs): Partial<SecurityAlert> {
  return {
    firstActivityDateTime: iso(startMs),
    lastActivityDateTime: iso(endMs),
    createdDateTime: iso(endMs + 60_000),
    lastUpdateDateTime: iso(endMs + 120_000),
  };
}

/** A deterministic GUID-shaped id from a number. */
export function guid(n: number, prefix = '0000'): string {
  const hex = n.toString(16).padStart(12, '0').slice(-12);
  return `${prefix.padStart(8, '0').slice(-8)}-1111-4222-8333-${hex}`;
}

function base(id: string, over: Partial<SecurityAlert>): SecurityAlert {
  const incidentId = over.incidentId === undefined ? String(10000 + seq) : over.incidentId;
  const t = timesAt(BASE_MS);
  return {
    id,
    providerAlertId: id.slice(2),
    incidentId,
    status: 'new',
    severity: 'medium',
    classification: null,
    determination: null,
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'antivirus',
    productName: 'Microsoft Defender for Endpoint',
    detectorId: '7f1c3609-a3ff-40e2-995b-c01770161d68',
    tenantId: TENANT_ID,
    title: 'Suspicious PowerShell command line',
    description: 'A suspicious PowerShell command line was observed.',
    recommendedActions: null,
    category: 'Execution',
    assignedTo: null,
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${TENANT_ID}`,
    incidentWebUrl:
      incidentId === null ? null : `https://security.microsoft.com/incidents/${incidentId}?tid=${TENANT_ID}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: ['T1059.001'],
    createdDateTime: t.createdDateTime as string,
    lastUpdateDateTime: t.lastUpdateDateTime as string,
    resolvedDateTime: null,
    firstActivityDateTime: t.firstActivityDateTime ?? null,
    lastActivityDateTime: t.lastActivityDateTime ?? null,
    alertPolicyId: null,
    additionalData: {},
    customDetails: {},
    investigationState: 'unsupportedAlertType',
    systemTags: [],
    comments: [],
    evidence: [],
    categories: [],
    ...over,
  } as SecurityAlert;
}

/** A Defender (Endpoint by default) alert; any property can be overridden. */
export function makeAlert(over: Partial<SecurityAlert> = {}): SecurityAlert {
  seq++;
  const id = over.id ?? `da${String(638700000000000000n + BigInt(seq))}_${String(100000000 + seq)}`;
  return base(id, over);
}

/** A Purview DLP alert (`serviceSource: dataLossPrevention`); any property can be overridden. */
export function makeDlpAlert(over: Partial<SecurityAlert> = {}): SecurityAlert {
  seq++;
  const id = over.id ?? `dl${guid(seq, 'd1a0')}`;
  return base(id, {
    serviceSource: 'dataLossPrevention',
    detectionSource: 'microsoftDataLossPrevention',
    productName: 'Microsoft Data Loss Prevention',
    detectorId: null,
    title: "DLP policy (U.S. Financial Data) matched for document 'Q4 forecast.xlsx' in OneDrive",
    description: 'Content matching a DLP policy was shared.',
    category: 'Exfiltration',
    mitreTechniques: [],
    investigationState: 'unsupportedAlertType',
    ...over,
  });
}
