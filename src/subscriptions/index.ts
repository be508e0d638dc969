/**
 * Who wants what: the subscribed conversations (registry.ts), their filters (filters.ts), routing rules
 * and the sensitive route (routing.ts), and snoozes (snooze.ts: the pure rules; the stored book that
 * holds and summarises is the notifier's). Pure but for the registry, which reads and writes the store.
 */
export {
  SubscriptionRegistry,
  stableId,
  channelConversationId,
  coversTenant,
  tenantSubscriptions,
  type SubscriptionSource,
} from './registry';
export { parseAlertFilter, matchesFilter, describeFilter, parseDuration, SOURCE_ALIASES } from './filters';
export type { AlertFilter, FilterKey, FilterableAlert, ParseResult } from './filters';
export {
  routeAlert,
  routeRulesOf,
  matchWorkloads,
  isSensitive,
  combineSensitivity,
  policySensitivity,
  INSIDER_RISK_SOURCE,
} from './routing';
export type {
  Sensitivity,
  RoutableAlert,
  RoutingPolicy,
  RouteDecision,
  RouteRules,
  WorkloadSet,
} from './routing';
export {
  decideSnooze,
  isActive,
  isActive as isSnoozeActive,
  hasEnded,
  snoozeEnd,
  SNOOZE_DURATIONS,
  MAX_SNOOZE_MS,
} from './snooze';
export type {
  Snooze,
  SnoozeTarget,
  SnoozeTargetKind,
  SnoozableAlert,
  SnoozeDecision,
  SnoozeDuration,
  SnoozeEnd,
  SnoozeRequest,
} from './snooze';
export type { ConversationRef, Subscription, InstalledTeam } from './types';
