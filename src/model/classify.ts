import type { SecurityAlert } from './alert';
import { SERVICE_SOURCES, type ServiceSource } from './enums';

/**
 * Which product raised an alert, and whether the bot treats it as Purview DLP, as Defender, or not at all.
 *
 * `serviceSource` is not enough on real tenants: it reads `unknownFutureValue` for sources newer than the
 * API version even with `Prefer: include-unknown-enum-members` (a public XSOAR/PowerShell report measured
 * it on 40% of one tenant's alerts, and noted that "ProductName and DetectionSource are often populated
 * when ServiceSource is not"), and some alerts carry `unknown` or nothing. So the source is read from
 * `serviceSource`, then `detectionSource` (Graph's detectionSource enum, v1.0 metadata and the beta page
 * https://learn.microsoft.com/graph/api/resources/security-detectionsource), then `productName`.
 * Pure and dependency-free.
 */

/** The fields classification reads. */
export type ClassifiableAlert = Pick<SecurityAlert, 'serviceSource'> &
  Partial<Pick<SecurityAlert, 'detectionSource' | 'productName'>>;

/** Which field named the source. */
export type SourceEvidence = 'serviceSource' | 'detectionSource' | 'productName';

/** `dlp` / `defender`: correlated; `excluded`: a known source outside DEFENDER_SOURCES; `unclassified`: no field tells. */
export type AlertKind = 'dlp' | 'defender' | 'excluded' | 'unclassified';

export interface AlertClass {
  kind: AlertKind;
  /** The serviceSource the alert belongs to (undefined when unclassified). */
  source?: ServiceSource;
  /** The field it was read from. */
  from?: SourceEvidence;
}

/** Placeholders that name no source. */
const NO_SOURCE = new Set(['', 'unknown', 'unknownfuturevalue']);

/** Every concrete serviceSource the metadata names (the sentinel and `unknown` excluded). */
const CONCRETE_SOURCES: readonly string[] = SERVICE_SOURCES.filter((s) => !NO_SOURCE.has(s.toLowerCase()));

/** Sources an operator may list in DEFENDER_SOURCES (everything but DLP, which is always the other side). */
export const DEFENDER_SOURCE_NAMES: readonly string[] = CONCRETE_SOURCES.filter(
  (s) => s !== 'dataLossPrevention',
);

/**
 * Every source Defender XDR raises as its own. Insider Risk, Sentinel and Security for AI are not in it:
 * their alerts are not Defender detections about a user's activity, and an operator can add them.
 */
export const DEFAULT_DEFENDER_SOURCES: readonly ServiceSource[] = [
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForOffice365',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'microsoftDefenderForCloud',
  'microsoftThreatIntelligence',
];

const DEFAULT_DEFENDER_SET: ReadonlySet<string> = new Set(DEFAULT_DEFENDER_SOURCES);

/** `detectionSource` (lower-cased) → the serviceSource that raises such detections. */
const DETECTION_SERVICE: ReadonlyMap<string, ServiceSource> = lowerKeys({
  microsoftDefenderForEndpoint: 'microsoftDefenderForEndpoint',
  antivirus: 'microsoftDefenderForEndpoint',
  smartScreen: 'microsoftDefenderForEndpoint',
  customTi: 'microsoftDefenderForEndpoint',
  automatedInvestigation: 'microsoftDefenderForEndpoint',
  microsoftThreatExperts: 'microsoftDefenderForEndpoint',
  manual: 'microsoftDefenderForEndpoint',
  customDetection: 'microsoft365Defender',
  microsoft365Defender: 'microsoft365Defender',
  microsoftDefenderForOffice365: 'microsoftDefenderForOffice365',
  microsoftDefenderForIdentity: 'microsoftDefenderForIdentity',
  cloudAppSecurity: 'microsoftDefenderForCloudApps',
  azureAdIdentityProtection: 'azureAdIdentityProtection',
  microsoftDataLossPrevention: 'dataLossPrevention',
  appGovernancePolicy: 'microsoftAppGovernance',
  appGovernanceDetection: 'microsoftAppGovernance',
  microsoftDefenderForCloud: 'microsoftDefenderForCloud',
  microsoftDefenderForIoT: 'microsoftDefenderForCloud',
  microsoftDefenderForServers: 'microsoftDefenderForCloud',
  microsoftDefenderForStorage: 'microsoftDefenderForCloud',
  microsoftDefenderForDNS: 'microsoftDefenderForCloud',
  microsoftDefenderForDatabases: 'microsoftDefenderForCloud',
  microsoftDefenderForContainers: 'microsoftDefenderForCloud',
  microsoftDefenderForNetwork: 'microsoftDefenderForCloud',
  microsoftDefenderForAppService: 'microsoftDefenderForCloud',
  microsoftDefenderForKeyVault: 'microsoftDefenderForCloud',
  microsoftDefenderForResourceManager: 'microsoftDefenderForCloud',
  microsoftDefenderForApiManagement: 'microsoftDefenderForCloud',
  microsoftDefenderForAIServices: 'microsoftDefenderForCloud',
  // Sentinel analytics: near-real-time and scheduled rules, its ML, and its Threat Intelligence rule.
  nrtAlerts: 'microsoftSentinel',
  scheduledAlerts: 'microsoftSentinel',
  builtInMl: 'microsoftSentinel',
  microsoftDefenderThreatIntelligenceAnalytics: 'microsoftSentinel',
  microsoftSentinel: 'microsoftSentinel',
  microsoftInsiderRiskManagement: 'microsoftInsiderRiskManagement',
  microsoftThreatIntelligence: 'microsoftThreatIntelligence',
});

/**
 * `productName` spellings, tested in order on the name lower-cased with punctuation folded to spaces
 * (Defender writes "Microsoft Defender for Endpoint", "Microsoft Data Loss Prevention", older alerts
 * "Microsoft Cloud App Security", "Azure Advanced Threat Protection", "AAD Identity Protection"…).
 * Specific names come before the ones they contain ("defender for cloud apps" before "defender for cloud").
 */
const PRODUCT_PATTERNS: ReadonlyArray<readonly [RegExp, ServiceSource]> = [
  [/\bdata loss prevention\b|\bdlp\b/, 'dataLossPrevention'],
  [/\binsider risk\b/, 'microsoftInsiderRiskManagement'],
  [/\bsentinel\b/, 'microsoftSentinel'],
  [/\bdefender for endpoint\b|\bdefender atp\b|\bmdatp\b|\bthreat experts\b|\bwdatp\b/, 'microsoftDefenderForEndpoint'], // prettier-ignore
  [/\bdefender for office\b|\boffice 365 (advanced threat protection|atp)\b/, 'microsoftDefenderForOffice365'], // prettier-ignore
  [/\bdefender for identity\b|\bazure (advanced threat protection|atp)\b/, 'microsoftDefenderForIdentity'], // prettier-ignore
  [/\bdefender for cloud apps\b|\bcloud app security\b|\bmcas\b/, 'microsoftDefenderForCloudApps'],
  [/\bapp governance\b/, 'microsoftAppGovernance'],
  [/\b(identity|id) protection\b|\baad ?ip\b/, 'azureAdIdentityProtection'],
  [/\bsecurity for ai\b/, 'microsoftSecurityForAI'],
  [/\bdefender for (cloud|servers|storage|dns|databases|containers|key ?vault|resource manager|app service|api management|iot|ai)\b|\bsecurity center\b/, 'microsoftDefenderForCloud'], // prettier-ignore
  [/\bthreat intelligence\b/, 'microsoftThreatIntelligence'],
  [/\b365 defender\b|\bdefender xdr\b|\bdefender experts\b|^microsoft defender$/, 'microsoft365Defender'],
];

/** The concrete serviceSource an alert belongs to, and where that was read; undefined when nothing tells. */
export function alertSource(
  alert: ClassifiableAlert,
): { source: ServiceSource; from: SourceEvidence } | undefined {
  const service = canonicalSource(alert.serviceSource);
  if (service) return { source: service, from: 'serviceSource' };
  const detection =
    typeof alert.detectionSource === 'string' ? alert.detectionSource.trim().toLowerCase() : '';
  const fromDetection = DETECTION_SERVICE.get(detection);
  if (fromDetection) return { source: fromDetection, from: 'detectionSource' };
  const product = productSource(alert.productName);
  return product ? { source: product, from: 'productName' } : undefined;
}

/**
 * Classifies an alert: Purview DLP, Defender (its source is in `defenderSources`), excluded (a known source
 * not in the set: Insider Risk and Sentinel by default), or unclassified (no field names a source).
 */
export function classifyAlert(
  alert: ClassifiableAlert,
  defenderSources: ReadonlySet<string> = DEFAULT_DEFENDER_SET,
): AlertClass {
  const found = alertSource(alert);
  if (!found) return { kind: 'unclassified' };
  const kind = found.source === 'dataLossPrevention' ? 'dlp' : defenderSources.has(found.source) ? 'defender' : 'excluded'; // prettier-ignore
  return { kind, ...found };
}

/** A Purview DLP alert: its source (serviceSource, else detectionSource, else productName) is DLP. */
export function isDlpAlert(alert: ClassifiableAlert): boolean {
  // The correlation engine asks this of every alert it ingests: settle the usual cases without the chain.
  if (alert.serviceSource === 'dataLossPrevention') return true;
  if (SOURCE_EXACT.has(alert.serviceSource)) return false;
  return alertSource(alert)?.source === 'dataLossPrevention';
}

/**
 * Parses a DEFENDER_SOURCES value (comma list, case-insensitive): the canonical names, and each name that
 * is not a serviceSource Defender can be told apart by. Empty input means the default set.
 */
export function parseDefenderSources(value: string | undefined): {
  sources: ServiceSource[];
  unknown: string[];
} {
  const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean); // prettier-ignore
  if (names.length === 0) return { sources: [...DEFAULT_DEFENDER_SOURCES], unknown: [] };
  const sources: ServiceSource[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const canonical = DEFENDER_SOURCE_NAMES.find((s) => s.toLowerCase() === name.toLowerCase());
    if (!canonical) unknown.push(name);
    else if (!sources.includes(canonical)) sources.push(canonical);
  }
  return { sources, unknown };
}

/** Exact spellings first (the common case, no string work), then case-insensitive. */
const SOURCE_EXACT = new Map(CONCRETE_SOURCES.map((v) => [v, v]));
const SOURCE_LOWER = new Map(CONCRETE_SOURCES.map((v) => [v.toLowerCase(), v]));

/** A concrete serviceSource in its published spelling; undefined for placeholders and unknown strings. */
function canonicalSource(value: unknown): ServiceSource | undefined {
  if (typeof value !== 'string') return undefined;
  return SOURCE_EXACT.get(value) ?? SOURCE_LOWER.get(value.trim().toLowerCase());
}

function productSource(value: unknown): ServiceSource | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (name === '') return undefined;
  for (const [pattern, source] of PRODUCT_PATTERNS) if (pattern.test(name)) return source;
  return undefined;
}

/** A Map, not an object: a forged detectionSource such as `constructor` must find nothing. */
function lowerKeys(map: Record<string, ServiceSource>): Map<string, ServiceSource> {
  return new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
}
