export { Notifier } from './notifier';
export type { NotifierOptions, NotifierStatus } from './notifier';
export { reconcileAlert } from './reconcile';
export { GraphCardFinder, containerOf } from './recovery';
export type { MessageSource, PostedCardFinder, RecoveryVerdict, GraphCardFinderOptions } from './recovery';
export type {
  AlertCardSource,
  RenderedAlert,
  ReconcileDeps,
  ReconcileResult,
  RecoveryOptions,
  NotifyEvent,
} from './reconcile';
export { DigestBook } from './digest';
export { Backfill } from './backfill';
export {
  routeAlert,
  isSensitive,
  combineSensitivity,
  policySensitivity,
  INSIDER_RISK_SOURCE,
} from './routing';
export type { Sensitivity, RoutableAlert, RoutingPolicy, RouteDecision } from './routing';
export type { BackfillOptions, BackfillResult, CorrelatedAlertSource } from './backfill';
export { SnoozeBook, SNOOZE_PREFIX, snoozeKey } from './snoozeBook';
export type { SnoozeRequest, SnoozeSummaryRenderer } from './snoozeBook';
export {
  decideSnooze,
  isActive as isSnoozeActive,
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
} from './snooze';
export type { DigestRecord } from './digest';
export { Deliverer } from './delivery';
export type { DeliveryOptions, SendKind, SendObserver } from './delivery';
export { Pacer, TEAMS_THREAD_LIMITS } from './pacer';
export type { RateWindow } from './pacer';
export { SubscriptionRegistry, stableId, channelConversationId } from './subscriptions';
export { parseAlertFilter, matchesFilter, describeFilter, parseDuration, SOURCE_ALIASES } from './filters';
export type { AlertFilter, FilterKey, FilterableAlert } from './filters';
export {
  cardKey,
  correlatedKey,
  updateRecord,
  emptyCardRecord,
  CARD_PREFIX,
  OUTBOX_PREFIX,
  CORRELATED_PREFIX,
} from './records';
export type { CardRecord, PostRecord, OutboxEntry, CorrelatedEntry } from './records';
export type { ConversationRef, Subscription, InstalledTeam, TeamsTransport, OutgoingActivity } from './types';
