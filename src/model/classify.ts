import type { SecurityAlert } from './alert';

/** A DLP alert is any alert whose serviceSource (or, failing that, detectionSource) is Purview DLP. */
export function isDlpAlert(alert: Pick<SecurityAlert, 'serviceSource' | 'detectionSource'>): boolean {
  return (
    alert.serviceSource === 'dataLossPrevention' || alert.detectionSource === 'microsoftDataLossPrevention'
  );
}
