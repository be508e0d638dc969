import { HUNTING_COLUMNS, HUNTING_TABLE_NAMES, type HuntingTableName, type KqlTable } from '../kql';
import { collectDetectedValues, type HuntingData, type HuntingRow } from '../scenario';
import { instantOf } from '../time';

/** How the tables are served (see fidelity.ts). */
export interface HuntingView {
  /** Serve DataSecurityEvents with no rows. */
  emptyDataSecurityEvents?: boolean;
  /** Respell ActionType of DLP rule-match rows; `both` serves them as stored. */
  dlpActionType?: 'DlpRuleMatch' | 'DLPRuleMatch' | 'both';
}

const DLP_RULE_MATCH = /^dlprulematch$/i;

/** The advanced hunting tables the simulator serves, with rows added by scenarios and tests. */
export class HuntingStore {
  private readonly tables: HuntingData = { DataSecurityEvents: [], CloudAppEvents: [] };

  constructor(
    initial?: HuntingData,
    private readonly view: HuntingView = {},
  ) {
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

  /**
   * The table as the KQL engine reads it (as served: see `HuntingView`); undefined for a table the
   * simulator does not have.
   */
  table(name: string): KqlTable | undefined {
    if (!(HUNTING_TABLE_NAMES as readonly string[]).includes(name)) return undefined;
    const t = name as HuntingTableName;
    let rows = this.tables[t];
    if (t === 'DataSecurityEvents' && this.view.emptyDataSecurityEvents) rows = [];
    const spelling = this.view.dlpActionType;
    if (spelling && spelling !== 'both') {
      rows = rows.map((r) =>
        typeof r.ActionType === 'string' && DLP_RULE_MATCH.test(r.ActionType)
          ? { ...r, ActionType: spelling }
          : r,
      );
    }
    return { name: t, columns: HUNTING_COLUMNS[t], rows };
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
