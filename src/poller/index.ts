export { Poller } from './poller';
export type { PollerOptions, PollerDeps } from './poller';
export type {
  PollerStatus,
  BacklogStatus,
  AlertSource,
  ChangeSink,
  CycleResult,
  HandoffContext,
  WatermarkRecord,
} from './types';
export { readWatermark } from './watermark';
export { RequestBudget } from './budget';
export { WATERMARK_KEY, ALERT_PREFIX, alertKey } from './keys';
export { alertSelector, type AlertSelectorOptions } from './select';
