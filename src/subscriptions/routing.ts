/**
 * Routing rules, the pure part: whether a correlation may show in a conversation. Sensitive correlations
 * (an Insider Risk alert, or a DLP policy an operator marked sensitive, e.g. HR or legal cases) go only to
 * the conversation named as the sensitive route, never to the general channel; while a DLP policy name
 * cannot be determined (advanced hunting failed or its quota is spent) the correlation is treated as
 * sensitive: fail safe. The same decision serves cards, digests, the backfill and `/alerts`.
 */

import { parseWorkloads, type Workload } from '../model';

/** Whether a correlation's DLP policies make it sensitive; `undetermined` counts as sensitive. */
export type Sensitivity = 'normal' | 'sensitive' | 'undetermined';

/** Graph's serviceSource for Insider Risk Management alerts. */
export const INSIDER_RISK_SOURCE = 'microsoftInsiderRiskManagement';

/**
 * The workloads of a correlation's DLP alerts: those known (from evidence or advanced hunting) and whether
 * some DLP alert's workload is still undetermined.
 */
export interface WorkloadSet {
  known: Workload[];
  undetermined: boolean;
}

export interface RoutableAlert {
  serviceSource: string;
  sensitivity: Sensitivity;
  /** Absent: nothing is known of the workload (it counts as undetermined). */
  workloads?: WorkloadSet;
}

/** A conversation's routing rules, as routing reads them from its subscription. */
export interface RouteRules {
  /** This conversation is the sensitive route. */
  sensitive: boolean;
  /** `/route add workloads=…`: only correlations whose DLP side is in one of these workloads. */
  workloads?: readonly Workload[];
}

/** The routing rules of a subscription (none when the conversation is not subscribed). */
export function routeRulesOf(
  sub: { sensitive?: boolean; filter?: { workloads?: readonly Workload[] } } | undefined,
): RouteRules {
  // Re-read, not trusted: a record edited by hand with a misspelt workload must not hide everything.
  const workloads = parseWorkloads(sub?.filter?.workloads);
  return { sensitive: Boolean(sub?.sensitive), ...(workloads.length ? { workloads } : {}) };
}

export interface RoutingPolicy {
  /** INSIDER_RISK_CARDS: Insider Risk alerts are carded (in the sensitive route only). Default off. */
  insiderRiskCards: boolean;
}

export type RouteDecision =
  | {
      show: true;
      /** The workloads= rule could not be applied yet: shown, the card says so. */ workloadUnknown?: true;
    }
  | { show: false; reason: 'insider-risk-off' | 'sensitive-route-only' | 'not-sensitive' | 'other-workload' };

export function isSensitive(alert: RoutableAlert): boolean {
  return alert.serviceSource === INSIDER_RISK_SOURCE || alert.sensitivity !== 'normal';
}

/**
 * Whether `alert` may show in a conversation with these rules. A sensitive route receives only sensitive
 * correlations: it is named for them. A `workloads=` rule narrows, and a narrowing rule never hides an
 * alert silently: while a DLP alert's workload is undetermined the correlation is shown, marked unknown.
 */
export function routeAlert(rules: RouteRules, alert: RoutableAlert, policy: RoutingPolicy): RouteDecision {
  if (alert.serviceSource === INSIDER_RISK_SOURCE && !policy.insiderRiskCards)
    return { show: false, reason: 'insider-risk-off' };
  if (isSensitive(alert) && !rules.sensitive) return { show: false, reason: 'sensitive-route-only' };
  if (!isSensitive(alert) && rules.sensitive) return { show: false, reason: 'not-sensitive' };
  const workloads = matchWorkloads(rules.workloads, alert.workloads);
  if (workloads === 'no') return { show: false, reason: 'other-workload' };
  return workloads === 'unknown' ? { show: true, workloadUnknown: true } : { show: true };
}

/**
 * A `workloads=` rule against a correlation's workloads (case-insensitive: both sides are parsed to
 * `Workload`). `unknown` when nothing known matches but some DLP alert's workload is undetermined.
 */
export function matchWorkloads(
  rule: readonly Workload[] | undefined,
  workloads: WorkloadSet | undefined,
): 'yes' | 'no' | 'unknown' {
  if (!rule?.length) return 'yes';
  if (workloads?.known.some((w) => rule.includes(w))) return 'yes';
  return !workloads || workloads.undetermined ? 'unknown' : 'no';
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
