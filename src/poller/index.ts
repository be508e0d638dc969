export { Poller } from './poller';
export type { PollerOptions, PollerDeps } from './poller';
export type { PollerStatus, AlertSource, ChangeSink, CycleResult, WatermarkRecord } from './types';
export { WATERMARK_KEY, ALERT_PREFIX, alertKey } from './keys';
