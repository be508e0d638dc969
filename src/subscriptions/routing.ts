/**
 * Routing rules, the pure part: whether a correlation may show in a conversation. Sensitive correlations
 * (an Insider Risk alert, or a DLP policy an operator marked sensitive, e.g. HR or legal cases) go only to
 * the conversation named as the sensitive route, never to the general channel; while a DLP policy name
 * cannot be determined (advanced hunting failed or its quota is spent) the correlation is treated as
 * sensitive: fail safe. The same decision serves cards, digests, the backfill and `/alerts`.
 */

/** Whether a correlation's DLP policies make it sensitive; `undetermined` counts as sensitive. */
export type Sensitivity = 'normal' | 'sensitive' | 'undetermined';

/** Graph's serviceSource for Insider Risk Management alerts. */
export const INSIDER_RISK_SOURCE = 'microsoftInsiderRiskManagement';

export interface RoutableAlert {
  serviceSource: string;
  sensitivity: Sensitivity;
}

export interface RoutingPolicy {
  /** INSIDER_RISK_CARDS: Insider Risk alerts are carded (in the sensitive route only). Default off. */
  insiderRiskCards: boolean;
}

export type RouteDecision =
  { show: true } | { show: false; reason: 'insider-risk-off' | 'sensitive-route-only' | 'not-sensitive' };

export function isSensitive(alert: RoutableAlert): boolean {
  return alert.serviceSource === INSIDER_RISK_SOURCE || alert.sensitivity !== 'normal';
}

/**
 * Whether `alert` may show in a conversation whose subscription is (`sensitiveRoute`) or is not the
 * sensitive route. A sensitive route receives only sensitive correlations: it is named for them.
 */
export function routeAlert(
  sensitiveRoute: boolean,
  alert: RoutableAlert,
  policy: RoutingPolicy,
): RouteDecision {
  if (alert.serviceSource === INSIDER_RISK_SOURCE && !policy.insiderRiskCards)
    return { show: false, reason: 'insider-risk-off' };
  if (isSensitive(alert))
    return sensitiveRoute ? { show: true } : { show: false, reason: 'sensitive-route-only' };
  return sensitiveRoute ? { show: false, reason: 'not-sensitive' } : { show: true };
}

/** Combines the sensitivity of several DLP alerts: any sensitive wins, then any undetermined. */
export function combineSensitivity(parts: readonly Sensitivity[]): Sensitivity {
  if (parts.includes('sensitive')) return 'sensitive';
  if (parts.includes('undetermined')) return 'undetermined';
  return 'normal';
}

/** Whether a DLP alert's policy names include one the operator marked sensitive (case-insensitive). */
export function policySensitivity(
  names: readonly string[] | undefined,
  sensitive: readonly string[],
): Sensitivity {
  if (names === undefined) return 'undetermined';
  const marked = new Set(sensitive.map((s) => s.trim().toLowerCase()));
  return names.some((n) => marked.has(n.trim().toLowerCase())) ? 'sensitive' : 'normal';
}
