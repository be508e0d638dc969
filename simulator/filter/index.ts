export { FilterError } from './ast';
export type { CompareOp, FilterLiteral, FilterNode } from './ast';
export { parseFilter } from './parser';
export type { ParseFilterOptions } from './parser';
export { evaluateFilter } from './evaluate';
export {
  ALERT_FILTER_SCHEMA,
  INCIDENT_FILTER_SCHEMA,
  INCIDENT_STATUSES,
  evolvableMembers,
  UNKNOWN_FUTURE_VALUE,
} from './schema';
export type { FilterPropertyType, FilterSchema } from './schema';
