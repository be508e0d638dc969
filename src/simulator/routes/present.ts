import type { SecurityAlert } from '../../model';
import { SERVICE_SOURCES } from '../../model';
import { evolvableMembers, UNKNOWN_FUTURE_VALUE } from '../filter';

const EVOLVABLE_SERVICE_SOURCES = new Set(evolvableMembers(SERVICE_SOURCES));
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

/**
 * An alert as Graph serializes it: without `Prefer: include-unknown-enum-members`, enum members added
 * after `unknownFutureValue` read as `unknownFutureValue`.
 */
export function presentAlert(alert: SecurityAlert, includeUnknownEnums: boolean): SecurityAlert {
  if (includeUnknownEnums) return alert;
  const maskSource = EVOLVABLE_SERVICE_SOURCES.has(alert.serviceSource);
  const maskDetection =
    typeof alert.detectionSource === 'string' && EVOLVABLE_DETECTION_SOURCES.has(alert.detectionSource);
  if (!maskSource && !maskDetection) return alert;
  return {
    ...alert,
    serviceSource: maskSource ? UNKNOWN_FUTURE_VALUE : alert.serviceSource,
    detectionSource: maskDetection ? UNKNOWN_FUTURE_VALUE : alert.detectionSource,
  };
}
