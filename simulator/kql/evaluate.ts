import { instantOf, formatInstant, type TimeRange } from '../time';
import { KqlError, type KqlOperator, type KqlQuery } from './ast';
import { parseKql } from './parser';
import { compilePredicate, type Row } from './predicate';
import { type KqlColumn, type KqlColumnType, type KqlTable, SCHEMA_TYPE_NAMES } from './tables';
import { cellText, compareCells } from './values';

/** How a query runs. */
export interface KqlRunOptions {
  /** The query's clock (epoch ms) for `ago()` and `now()`. */
  now: number;
  /** Only rows whose `Timestamp` falls in this range are visible (runHuntingQuery's `Timespan`). */
  range?: TimeRange;
  /** Row cap, as Defender's 100,000 rows. Default 100000. */
  maxRows?: number;
}

/** runHuntingQuery's answer body (without `@odata.context`). */
export interface KqlResult {
  schema: Array<{ name: string; type: string }>;
  results: Array<Record<string, unknown>>;
}

/** Parses, checks and runs `text` against the tables `resolveTable` knows. Throws KqlError. */
export function runKql(
  text: string,
  resolveTable: (name: string) => KqlTable | undefined,
  options: KqlRunOptions,
): KqlResult {
  return executeKql(parseKql(text), resolveTable, options);
}

export function executeKql(
  query: KqlQuery,
  resolveTable: (name: string) => KqlTable | undefined,
  options: KqlRunOptions,
): KqlResult {
  const table = resolveTable(query.table.name);
  if (!table) {
    const { line, col } = query.table.pos;
    throw new KqlError(
      `Failed to resolve table or column expression named '${query.table.name}' (line [${line},${col}])`,
    );
  }
  let columns: KqlColumn[] = [...table.columns];
  let rows: Row[] = inRange(table, options.range);
  for (const op of query.operators) [columns, rows] = apply(op, columns, rows, options.now);
  const maxRows = options.maxRows ?? 100_000;
  return {
    schema: columns.map((c) => ({ name: c.name, type: SCHEMA_TYPE_NAMES[c.type] })),
    results: rows.slice(0, maxRows).map((r) => render(r, columns)),
  };
}

function inRange(table: KqlTable, range: TimeRange | undefined): Row[] {
  if (!range || !table.columns.some((c) => c.name === 'Timestamp')) return [...table.rows];
  return table.rows.filter((r) => {
    const t = instantOf(r.Timestamp);
    return t !== undefined && t.ms >= range.from && t.ms <= range.to;
  });
}

function apply(op: KqlOperator, columns: KqlColumn[], rows: Row[], now: number): [KqlColumn[], Row[]] {
  const byName = new Map<string, KqlColumnType>(columns.map((c) => [c.name, c.type]));
  switch (op.kind) {
    case 'where': {
      const test = compilePredicate(op.predicate, { columns: byName, now });
      return [columns, rows.filter(test)];
    }
    case 'take':
      return [columns, rows.slice(0, op.count)];
    case 'project': {
      const kept = op.columns.map(({ name, pos }) => {
        const type = byName.get(name);
        if (!type) {
          throw new KqlError(
            `'project' operator: Failed to resolve scalar expression named '${name}' (line [${pos.line},${pos.col}])`,
          );
        }
        return { name, type };
      });
      return [kept.filter((c, i) => kept.findIndex((k) => k.name === c.name) === i), rows];
    }
    case 'sort': {
      const keys = op.keys.map((k) => {
        const type = byName.get(k.column);
        if (!type)
          throw new KqlError(`'order' operator: Failed to resolve scalar expression named '${k.column}'`);
        return { ...k, type };
      });
      const sorted = [...rows].sort((a, b) => {
        for (const k of keys) {
          const c = compareCells(k.type, a[k.column], b[k.column]);
          if (c !== 0) return k.descending ? -c : c;
        }
        return 0;
      });
      return [columns, sorted];
    }
  }
}

/** Output cells as advanced hunting prints them: seven-digit UTC datetimes, dynamic values as JSON text. */
function render(row: Row, columns: KqlColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const raw = row[c.name];
    if (c.type === 'datetime') {
      const t = instantOf(raw);
      out[c.name] = t ? formatInstant(t) : null;
    } else if (c.type === 'dynamic') {
      out[c.name] = raw === undefined || raw === null ? null : cellText(raw);
    } else if (c.type === 'int') {
      out[c.name] = typeof raw === 'number' ? raw : null;
    } else {
      out[c.name] = cellText(raw);
    }
  }
  return out;
}
