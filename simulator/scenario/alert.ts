import type { AlertComment, AlertEvidence, SecurityAlert } from '../../src/model';
import { graphTime } from '../time';
import type { Rng } from './rng';
import { TENANT_ID } from './tenant';

/** When an alert's activity happened and when Defender raised and last touched it (epoch ms). */
export interface AlertTimes {
  first: number;
  last: number;
  created: number;
  updated: number;
}

/** The product-specific part of an alert; `makeAlert` fills in the rest of the 35 properties. */
export interface AlertCore {
  id: string;
  providerAlertId: string;
  title: string;
  description: string;
  severity: string;
  serviceSource: string;
  detectionSource: string;
  productName: string;
  category: string;
  mitreTechniques: string[];
  incidentId: string;
  detectorId: string;
  alertPolicyId?: string | null;
  recommendedActions?: string | null;
  threatDisplayName?: string | null;
  threatFamilyName?: string | null;
  actorDisplayName?: string | null;
  additionalData?: Record<string, unknown> | null;
  evidence: AlertEvidence[];
}

/** Analyst state of an alert. */
export interface Triage {
  status: 'new' | 'inProgress' | 'resolved';
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  resolvedAt: number | null;
  comments: AlertComment[];
}

/** Defender for Endpoint ids embed .NET ticks: `da638712345678901234_-1234567890`. */
export function mdeAlertId(rng: Rng, createdMs: number): string {
  const ticks = BigInt(Math.floor(createdMs)) * 10_000n + 621_355_968_000_000_000n + BigInt(rng.int(0, 9999));
  return `da${ticks}_${rng.int(-2_147_483_648, 2_147_483_647)}`;
}

/** Other products: a two-letter product prefix and a GUID (`fa…` Office, `dl…` DLP, …). */
export function prefixedAlertId(rng: Rng, prefix: string): string {
  return `${prefix}${rng.guid()}`;
}

/** Graph-style timestamp with seven fractional digits (the last four drawn from `rng`). */
export function stamp(rng: Rng, ms: number): string {
  return graphTime(ms, rng.int(0, 9999));
}

export function alertWebUrl(id: string): string {
  return `https://security.microsoft.com/alerts/${encodeURIComponent(id)}?tid=${TENANT_ID}`;
}

export function incidentWebUrl(incidentId: string): string {
  return `https://security.microsoft.com/incidents/${incidentId}?tid=${TENANT_ID}`;
}

export function makeAlert(rng: Rng, core: AlertCore, times: AlertTimes, triage: Triage): SecurityAlert {
  // One literal with every property in a fixed order: cheap to build and one hidden class for all alerts.
  return {
    id: core.id,
    providerAlertId: core.providerAlertId,
    incidentId: core.incidentId,
    status: triage.status,
    severity: core.severity,
    classification: triage.classification,
    determination: triage.determination,
    serviceSource: core.serviceSource,
    detectionSource: core.detectionSource,
    productName: core.productName,
    detectorId: core.detectorId,
    tenantId: TENANT_ID,
    title: core.title,
    description: core.description,
    recommendedActions: core.recommendedActions ?? null,
    category: core.category,
    assignedTo: triage.assignedTo,
    alertWebUrl: alertWebUrl(core.id),
    incidentWebUrl: incidentWebUrl(core.incidentId),
    actorDisplayName: core.actorDisplayName ?? null,
    threatDisplayName: core.threatDisplayName ?? null,
    threatFamilyName: core.threatFamilyName ?? null,
    mitreTechniques: core.mitreTechniques,
    createdDateTime: stamp(rng, times.created),
    lastUpdateDateTime: stamp(rng, times.updated),
    resolvedDateTime: triage.resolvedAt === null ? null : stamp(rng, triage.resolvedAt),
    firstActivityDateTime: stamp(rng, times.first),
    lastActivityDateTime: stamp(rng, times.last),
    comments: triage.comments,
    evidence: core.evidence,
    systemTags: [],
    categories: [core.category],
    investigationState: triage.status === 'resolved' ? 'benign' : 'unsupportedAlertType',
    alertPolicyId: core.alertPolicyId ?? null,
    additionalData: core.additionalData ?? {},
    customDetails: {},
  };
}

const CLOSE_OUT: ReadonlyArray<readonly [string, string]> = [
  ['truePositive', 'maliciousUserActivity'],
  ['truePositive', 'compromisedAccount'],
  ['falsePositive', 'notMalicious'],
  ['informationalExpectedActivity', 'securityTesting'],
  ['informationalExpectedActivity', 'lineOfBusinessApplication'],
];

const NOTES = [
  'Contacted the user; confirmed the activity and opened a ticket with HR.',
  'Device isolated pending investigation.',
  'Password reset and sessions revoked.',
  'Looks like the quarterly finance export; checking with the data owner.',
  'Escalated to tier 2.',
];

/**
 * Mixed analyst state: most alerts new, some in progress (assigned), some resolved. `updated` is moved
 * forward past any triage activity but never beyond `now`.
 */
export function drawTriage(
  rng: Rng,
  times: AlertTimes,
  now: number,
  analysts: string[],
  analystNames: string[],
): Triage {
  const status = rng.weighted([
    ['new', 65],
    ['inProgress', 22],
    ['resolved', 13],
  ] as const);
  const who = rng.int(0, analysts.length - 1);
  const comments: AlertComment[] = [];
  if (status !== 'new' && rng.chance(0.5)) {
    const at = Math.min(now, times.created + rng.int(2, 40) * 60_000);
    comments.push({
      comment: rng.pick(NOTES),
      createdByDisplayName: analystNames[who] ?? null,
      createdDateTime: stamp(rng, at),
    });
    times.updated = Math.max(times.updated, at);
  }
  if (status === 'new')
    return {
      status,
      classification: null,
      determination: null,
      assignedTo: null,
      resolvedAt: null,
      comments,
    };
  const assignedTo = analysts[who] ?? null;
  times.updated = Math.min(now, Math.max(times.updated, times.created + rng.int(5, 60) * 60_000));
  if (status === 'inProgress')
    return { status, classification: null, determination: null, assignedTo, resolvedAt: null, comments };
  const [classification, determination] = rng.pick(CLOSE_OUT);
  return { status, classification, determination, assignedTo, resolvedAt: times.updated, comments };
}
