import type { AlertReadModel } from '../alerts';
import type { DlpLookup } from '../alerts/dlpPolicies';
import { fetchSensitiveInfo, type HuntingClient } from '../graph/sensitiveInfo';
import type { Logger } from '../log';
import { sensitiveInfoTarget } from './targets';

/** Longest wait for one DLP alert's policy names, ms; past it the names count as undetermined. */
export const LOOKUP_TIMEOUT_MS = 15_000;

/**
 * A DLP alert's policy names and workloads, read from advanced hunting in one query
 * (`fetchSensitiveInfo` returns each sensitive info type with the policy that matched it, and the rows'
 * workloads). Either is undefined when it cannot be determined: the alert is not tracked, hunting failed,
 * was throttled (quota) or found no row; the caller then fails safe (sensitive) or open (workload
 * unknown, the alert still shown).
 */
export function dlpPolicyNames(
  hunting: HuntingClient,
  alerts: Pick<AlertReadModel, 'tracked'>,
  logger: Logger,
): (dlpAlertId: string) => Promise<DlpLookup | undefined> {
  return async (dlpAlertId) => {
    const dlp = await alerts.tracked(dlpAlertId);
    if (!dlp) return undefined;
    // Bounded: the leader's notifier waits for this before a card; a slow hunting call fails safe instead.
    const result = await fetchSensitiveInfo(hunting, sensitiveInfoTarget(dlp), {
      logger,
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    });
    const names = [...new Set(result.types.map((t) => t.policy).filter((p): p is string => Boolean(p)))];
    return {
      ...(names.length > 0 ? { names } : {}),
      ...(result.workloads?.length ? { workloads: result.workloads } : {}),
    };
  };
}
