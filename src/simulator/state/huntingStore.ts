import { HUNTING_COLUMNS, HUNTING_TABLE_NAMES, type HuntingTableName, type KqlTable } from '../kql';
import { collectDetectedValues, type HuntingData, type HuntingRow } from '../scenario';
import { instantOf } from '../time';

/** The advanced hunting tables the simulator serves, with rows added by scenarios and tests. */
export class HuntingStore {
  private readonly tables: HuntingData = { DataSecurityEvents: [], CloudAppEvents: [] };

  constructor(initial?: HuntingData) {
    if (initial) {
      for (const name of HUNTING_TABLE_NAMES) this.tables[name].push(...initial[name]);
    }
  }

  /** Adds one row; the table must be known and `Timestamp` an ISO 8601 date-time. */
  add(table: string, row: HuntingRow): void {
    const name = checkTable(table);
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw new Error('A hunting row must be an object.');
    if (!instantOf(row.Timestamp)) {
      throw new Error(
        `A ${name} row needs Timestamp as an ISO 8601 date-time, got ${String(row.Timestamp)}.`,
      );
    }
    this.tables[name].push({ ...row });
  }

  /** A copy of a table's rows. */
  rows(table: string): HuntingRow[] {
    return [...this.tables[checkTable(table)]];
  }

  /** The table as the KQL engine reads it; undefined for a table the simulator does not have. */
  table(name: string): KqlTable | undefined {
    if (!(HUNTING_TABLE_NAMES as readonly string[]).includes(name)) return undefined;
    const t = name as HuntingTableName;
    return { name: t, columns: HUNTING_COLUMNS[t], rows: this.tables[t] };
  }

  /** Every DetectedValues entry in both tables (the values the bot must never reveal). */
  detectedValues(): string[] {
    return collectDetectedValues(this.tables);
  }
}

function checkTable(table: string): HuntingTableName {
  if (!(HUNTING_TABLE_NAMES as readonly string[]).includes(table)) {
    throw new Error(`Unknown hunting table '${table}': use ${HUNTING_TABLE_NAMES.join(' or ')}.`);
  }
  return table as HuntingTableName;
}
