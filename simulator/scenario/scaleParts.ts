/** The lean building blocks of `scale:<n>` alerts: per-kind fields shared between alerts, small evidence. */
import type { AlertEvidence, Evidence, SecurityAlert, UserAccount } from '../../src/model';
import { stamp } from './alert';
import type { Workload } from './dlp';
import type { Recipe } from './recipes';
import type { Rng } from './rng';
import { TENANT_ID } from './tenant';

const MINUTE = 60_000;
const STATUS = [
  ['new', 75],
  ['inProgress', 15],
  ['resolved', 10],
] as const;

/** Shared between many alerts, so frozen: a consumer that tries to mutate one fails loudly. */
export const frozen = <T extends object>(v: T): T => Object.freeze(v);
export const EMPTY_LIST = frozen([]) as unknown as never[];
export const EMPTY_MAP = frozen({}) as Record<string, never>;
export const POLICY_VIOLATOR = frozen(['policyViolator']) as unknown as string[];
export const COMPROMISED = frozen(['compromised']) as unknown as string[];

/** Per-alert fields that differ between Defender and DLP alerts. */
export interface Kind {
  source: string;
  detectionSource: string;
  productName: string;
  title: string;
  severity: string;
  category: string;
  categories: string[];
  mitre: string[];
  alertPolicyId: string | null;
}

/** What differs between two scale alerts of the same kind. */
export interface LeanAlertSpec {
  id: string;
  kind: Kind;
  incidentId: string;
  first: number;
  created: number;
  /** The scenario clock: creation is never dated after it. */
  now: number;
  evidence: AlertEvidence[];
}

/** The fields shared by every scale alert made from `r` (cached per title). */
export function defenderKind(cache: Map<string, Kind>, r: Recipe): Kind {
  const key = r.title;
  let kind = cache.get(key);
  if (!kind) {
    kind = {
      source: r.source,
      detectionSource: r.detectionSource,
      productName: r.productName,
      title: r.title,
      severity: r.severity,
      category: r.category,
      categories: frozen([r.category]) as string[],
      mitre: frozen(r.mitre) as string[],
      alertPolicyId: null,
    };
    cache.set(key, kind);
  }
  return kind;
}

/** The fields shared by every scale DLP alert of one workload, file, severity and policy. */
export function dlpKind(
  cache: Map<string, Kind>,
  workload: Workload,
  file: string,
  severity: string,
  alertPolicyId: string,
): Kind {
  const key = `${workload}|${file}|${severity}|${alertPolicyId}`;
  let kind = cache.get(key);
  if (!kind) {
    const title =
      workload === 'Exchange'
        ? `DLP policy match for email with subject 'Customer list'`
        : workload === 'Endpoint'
          ? `DLP policy match for file '${file}' copied to a removable USB device`
          : `DLP policy match for document '${file}' in ${workload}`;
    kind = {
      source: 'dataLossPrevention',
      detectionSource: 'microsoftDataLossPrevention',
      productName: 'Microsoft Data Loss Prevention',
      title,
      severity: severity.toLowerCase(),
      category: 'Exfiltration',
      categories: frozen(['Exfiltration']) as string[],
      mitre: EMPTY_LIST,
      alertPolicyId,
    };
    cache.set(key, kind);
  }
  return kind;
}

/** One alert literal (every property, fixed order); shared parts are frozen. */
export function leanAlert(rng: Rng, a: LeanAlertSpec): SecurityAlert {
  const { id, kind: k, incidentId, first, evidence } = a;
  const status = rng.weighted(STATUS);
  const resolved = status === 'resolved';
  const createdStamp = stamp(rng, Math.min(a.created, a.now));
  const alert: SecurityAlert = {
    id,
    providerAlertId: id.slice(2),
    incidentId,
    status,
    severity: k.severity,
    classification: resolved ? 'truePositive' : null,
    determination: resolved ? 'maliciousUserActivity' : null,
    serviceSource: k.source,
    detectionSource: k.detectionSource,
    productName: k.productName,
    detectorId: null,
    tenantId: TENANT_ID,
    title: k.title,
    description: k.title,
    recommendedActions: null,
    category: k.category,
    assignedTo: status === 'new' ? null : 'Adele.Vance@contoso.com',
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${TENANT_ID}`,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${TENANT_ID}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: k.mitre,
    createdDateTime: createdStamp,
    lastUpdateDateTime: createdStamp,
    resolvedDateTime: resolved ? createdStamp : null,
    firstActivityDateTime: stamp(rng, first),
    lastActivityDateTime: stamp(rng, first + rng.int(0, 3) * MINUTE),
    comments: EMPTY_LIST,
    evidence,
    systemTags: EMPTY_LIST,
    categories: k.categories,
    investigationState: 'unsupportedAlertType',
    alertPolicyId: k.alertPolicyId,
    additionalData: EMPTY_MAP,
    customDetails: EMPTY_MAP,
  };
  return alert;
}

/** Small evidence entries, built without the generic builders' spreads (they dominate at this volume). */
export function userEntry(at: string, roles: string[], account: UserAccount): Evidence<'userEvidence'> {
  return {
    '@odata.type': '#microsoft.graph.security.userEvidence',
    createdDateTime: at,
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles,
    userAccount: account,
  };
}

export function ipEntry(at: string, rng: Rng): Evidence<'ipEvidence'> {
  return {
    '@odata.type': '#microsoft.graph.security.ipEvidence',
    createdDateTime: at,
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles: EMPTY_LIST,
    ipAddress: `198.51.100.${rng.int(1, 254)}`,
    countryLetterCode: 'NL',
  };
}

export function fileEntry(at: string, fileName: string): Evidence<'fileEvidence'> {
  const fileDetails = {
    fileName,
    filePath: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents',
    fileSize: 482_113,
  };
  return {
    '@odata.type': '#microsoft.graph.security.fileEvidence',
    createdDateTime: at,
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles: EMPTY_LIST,
    fileDetails,
  };
}
