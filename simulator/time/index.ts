export { compareInstant, formatInstant, graphTime, instantFromMs, instantOf, parseInstant } from './instant';
export type { Instant, ParseInstantOptions } from './instant';
export { parseIsoDuration, parseTimespan } from './duration';
export type { TimeRange } from './duration';
