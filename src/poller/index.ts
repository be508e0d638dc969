export { Poller } from './poller';
export type { PollerOptions, PollerDeps } from './poller';
export type {
  PollerStatus,
  BacklogStatus,
  UnreadStatus,
  AlertSource,
  ChangeSink,
  CycleResult,
  HandoffContext,
} from './types';
export { readWatermark } from './watermark';
export { RequestBudget } from './budget';
export { alertSelector, type AlertSelectorOptions } from './select';
