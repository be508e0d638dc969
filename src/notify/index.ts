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
export type { BackfillOptions, BackfillResult, CorrelatedAlertSource } from './backfill';
export { SnoozeBook } from './snoozeBook';
export type { SnoozeSummaryRenderer } from './snoozeBook';
export type { DigestRecord } from './digest';
export { Deliverer } from './delivery';
export type { DeliveryOptions, SendKind, SendObserver } from './delivery';
export { Pacer, TEAMS_THREAD_LIMITS } from './pacer';
export type { RateWindow } from './pacer';
export type { TeamsTransport, OutgoingActivity } from './types';
