import type { SecurityAlert } from '../../src/model';
import { SERVICE_SOURCES } from '../../src/model';
import { evolvableMembers, UNKNOWN_FUTURE_VALUE } from '../filter';

const EVOLVABLE_SERVICE_SOURCES = new Set(evolvableMembers(SERVICE_SOURCES));
const PUBLISHED_SERVICE_SOURCES = new Set<string>(SERVICE_SOURCES);
/** detectionSource members Graph lists before `unknownFutureValue`. */
const FIRST_DETECTION_SOURCES = [
  'unknown',
  'microsoftDefenderForEndpoint',
  'antivirus',
  'smartScreen',
  'customTi',
  'microsoftDefenderForOffice365',
  'automatedInvestigation',
  'microsoftThreatExperts',
  'customDetection',
  'microsoftDefenderForIdentity',
  'cloudAppSecurity',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'manual',
  'microsoftDataLossPrevention',
  'appGovernancePolicy',
  'appGovernanceDetection',
  'unknownFutureValue',
];
/** detectionSource members Graph lists after `unknownFutureValue`. */
const EVOLVABLE_DETECTION_SOURCES = new Set([
  'microsoftDefenderForCloud',
  'microsoftDefenderForIoT',
  'microsoftDefenderForServers',
  'microsoftDefenderForStorage',
  'microsoftDefenderForDNS',
  'microsoftDefenderForDatabases',
  'microsoftDefenderForContainers',
  'microsoftDefenderForNetwork',
  'microsoftDefenderForAppService',
  'microsoftDefenderForKeyVault',
  'microsoftDefenderForResourceManager',
  'microsoftDefenderForApiManagement',
  'nrtAlerts',
  'scheduledAlerts',
  'microsoftDefenderThreatIntelligenceAnalytics',
  'builtInMl',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
  'microsoftSentinel',
]);

const PUBLISHED_DETECTION_SOURCES = new Set([...FIRST_DETECTION_SOURCES, ...EVOLVABLE_DETECTION_SOURCES]);

/**
 * An alert as Graph serializes it: without `Prefer: include-unknown-enum-members`, enum members added
 * after `unknownFutureValue` read as `unknownFutureValue`. With it, a value the API version does not
 * publish still reads `unknownFutureValue`, and so do the `unpublished` serviceSources (sources newer
 * than the API version, as real tenants answer them: see fidelity.ts).
 */
export function presentAlert(
  alert: SecurityAlert,
  includeUnknownEnums: boolean,
  unpublished: ReadonlySet<string> = new Set(),
): SecurityAlert {
  const source = alert.serviceSource;
  const detection = typeof alert.detectionSource === 'string' ? alert.detectionSource : undefined;
  const maskSource =
    typeof source === 'string' &&
    (!PUBLISHED_SERVICE_SOURCES.has(source) ||
      unpublished.has(source) ||
      (!includeUnknownEnums && EVOLVABLE_SERVICE_SOURCES.has(source)));
  const maskDetection =
    detection !== undefined &&
    (!PUBLISHED_DETECTION_SOURCES.has(detection) ||
      (!includeUnknownEnums && EVOLVABLE_DETECTION_SOURCES.has(detection)));
  if (!maskSource && !maskDetection) return alert;
  return {
    ...alert,
    serviceSource: maskSource ? UNKNOWN_FUTURE_VALUE : alert.serviceSource,
    detectionSource: maskDetection ? UNKNOWN_FUTURE_VALUE : alert.detectionSource,
  };
}
