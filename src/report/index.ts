/**
 * The shift report: pure aggregation of tracked alerts and the audit log (`buildShiftReport`), report
 * slots in a time zone (`schedule.ts`), the store-backed service shared by `/report` and the scheduler,
 * and the leader-only scheduler that sends each slot once.
 */
export { buildShiftReport, inShift } from './aggregate';
export { ACTING_ACTIONS, firstAction, graphFirstAction, resolvedAt, durationStats } from './timing';
export {
  parseSchedule,
  isTimeZone,
  formatSlotTime,
  slotAtOrBefore,
  slotAfter,
  wallToInstant,
  zoneOffset,
  localDateTimeOf,
} from './schedule';
export type { SlotTime } from './schedule';
export { ReportService, MAX_AUDIT_READ } from './service';
export type { ReportServiceOptions, ReportRequest, ReportTenant } from './service';
export { ReportScheduler } from './scheduler';
export type { ReportSchedulerOptions, SlotOutcome } from './scheduler';
export type {
  AlertPredicate,
  AnalystRow,
  CountRow,
  DurationStats,
  PolicySource,
  ShiftReport,
  ShiftReportInput,
  TenantRow,
} from './types';
