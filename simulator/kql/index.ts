export { KqlError } from './ast';
export type { KqlQuery } from './ast';
export { parseKql } from './parser';
export { executeKql, runKql } from './evaluate';
export type { KqlResult, KqlRunOptions } from './evaluate';
export {
  CLOUD_APP_EVENTS_COLUMNS,
  DATA_SECURITY_EVENTS_COLUMNS,
  HUNTING_COLUMNS,
  HUNTING_TABLE_NAMES,
  SCHEMA_TYPE_NAMES,
} from './tables';
export type { HuntingTableName, KqlColumn, KqlColumnType, KqlTable } from './tables';
