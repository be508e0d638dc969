/**
 * The one owner of stored records: every store key (keys.ts, with the key scheme and its room for a
 * tenant segment) and the shapes of the records several folders read. Imports no other product folder.
 */
export * from './keys';
export * from './cards';
export * from './segments';
export type { WatermarkRecord } from './watermark';
export type { ScheduleRecord, SlotDelivery, SlotRecord } from './report';
