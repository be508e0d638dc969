import { compareInstant, instantOf } from '../time';
import { type KqlCompareOp, KqlError, type KqlPos, type KqlPredicate } from './ast';
import type { KqlColumnType } from './tables';
import { cellText, hasTerm, resolveValue, type Scalar, scalarTypeOf } from './values';

export type Row = Readonly<Record<string, unknown>>;
export type RowTest = (row: Row) => boolean;

/** What a `where` can see: the current columns and the query's clock. */
export interface PredicateScope {
  columns: ReadonlyMap<string, KqlColumnType>;
  now: number;
}

const STRING_OPS: readonly KqlCompareOp[] = [
  '==',
  '!=',
  '=~',
  '!~',
  'has',
  '!has',
  'has_cs',
  'contains',
  '!contains',
  'contains_cs',
  'startswith',
  'endswith',
];
const TEXT_SEARCH_OPS: readonly KqlCompareOp[] = [
  'has',
  '!has',
  'has_cs',
  'contains',
  '!contains',
  'contains_cs',
];
const ORDER_OPS: readonly KqlCompareOp[] = ['==', '!=', '<', '<=', '>', '>='];

/** Type-checks a `where` predicate and turns it into a row test. Throws KqlError naming the problem. */
export function compilePredicate(p: KqlPredicate, scope: PredicateScope): RowTest {
  switch (p.kind) {
    case 'and': {
      const [l, r] = [compilePredicate(p.left, scope), compilePredicate(p.right, scope)];
      return (row) => l(row) && r(row);
    }
    case 'or': {
      const [l, r] = [compilePredicate(p.left, scope), compilePredicate(p.right, scope)];
      return (row) => l(row) || r(row);
    }
    case 'not': {
      const inner = compilePredicate(p.operand, scope);
      return (row) => !inner(row);
    }
    case 'isempty':
      return compileIsEmpty(p.column, p.negated, columnType(scope, p.column, p.pos));
    case 'compare':
      return compileCompare(p, scope);
    case 'in':
      return compileIn(p, scope);
    case 'between':
      return compileBetween(p, scope);
  }
}

function columnType(scope: PredicateScope, name: string, pos: KqlPos): KqlColumnType {
  const t = scope.columns.get(name);
  if (!t) {
    throw new KqlError(
      `'where' operator: Failed to resolve column or scalar expression named '${name}' (line [${pos.line},${pos.col}])`,
    );
  }
  return t;
}

function compileIsEmpty(column: string, negated: boolean, type: KqlColumnType): RowTest {
  const empty = (raw: unknown): boolean =>
    raw === null ||
    raw === undefined ||
    raw === '' ||
    (type === 'dynamic' && Array.isArray(raw) && raw.length === 0);
  return (row) => empty(row[column]) !== negated;
}

function mismatch(type: KqlColumnType, value: Scalar, op: string, pos: KqlPos): never {
  throw new KqlError(
    `Cannot compare values of types ${type === 'int' ? 'int' : type} and ${value.type} with '${op}' ` +
      `(line [${pos.line},${pos.col}]). Try adding explicit casts.`,
  );
}

function compileCompare(p: Extract<KqlPredicate, { kind: 'compare' }>, scope: PredicateScope): RowTest {
  const type = columnType(scope, p.column, p.pos);
  const value = resolveValue(p.value, scope.now);
  const col = p.column;
  if (type === 'string' || type === 'dynamic') {
    const allowed = type === 'string' ? STRING_OPS : TEXT_SEARCH_OPS;
    if (!allowed.includes(p.op)) {
      throw new KqlError(`The operator '${p.op}' cannot be applied to the ${type} column '${col}'.`);
    }
    if (value.type !== 'string') mismatch(type, value, p.op, p.pos);
    const test = stringTest(p.op, value.value);
    return (row) => test(cellText(row[col]));
  }
  if (!ORDER_OPS.includes(p.op))
    throw new KqlError(`The operator '${p.op}' cannot be applied to the ${type} column '${col}'.`);
  if (value.type !== scalarTypeOf(type)) mismatch(type, value, p.op, p.pos);
  const cmp = orderedComparer(type, value);
  const op = p.op;
  return (row) => {
    const c = cmp(row[col]);
    return c === undefined ? op === '!=' : holds(op, c);
  };
}

/** Compares a cell with a fixed value; undefined when the cell is null or unreadable. */
function orderedComparer(type: KqlColumnType, value: Scalar): (raw: unknown) => number | undefined {
  if (type === 'datetime' && value.type === 'datetime') {
    return (raw) => {
      const i = instantOf(raw);
      return i ? compareInstant(i, value.value) : undefined;
    };
  }
  const n = value.value as number;
  return (raw) => (typeof raw === 'number' ? raw - n : undefined);
}

function holds(op: KqlCompareOp, c: number): boolean {
  if (op === '==') return c === 0;
  if (op === '!=') return c !== 0;
  if (op === '<') return c < 0;
  if (op === '<=') return c <= 0;
  if (op === '>') return c > 0;
  return c >= 0;
}

function stringTest(op: KqlCompareOp, needle: string): (s: string) => boolean {
  const lower = needle.toLowerCase();
  switch (op) {
    case '==':
      return (s) => s === needle;
    case '!=':
      return (s) => s !== needle;
    case '=~':
      return (s) => s.toLowerCase() === lower;
    case '!~':
      return (s) => s.toLowerCase() !== lower;
    case 'has':
      return (s) => hasTerm(s, needle);
    case '!has':
      return (s) => !hasTerm(s, needle);
    case 'has_cs':
      return (s) => hasTerm(s, needle, true);
    case 'contains':
      return (s) => s.toLowerCase().includes(lower);
    case '!contains':
      return (s) => !s.toLowerCase().includes(lower);
    case 'contains_cs':
      return (s) => s.includes(needle);
    case 'startswith':
      return (s) => s.toLowerCase().startsWith(lower);
    case 'endswith':
      return (s) => s.toLowerCase().endsWith(lower);
    default:
      throw new KqlError(`The operator '${op}' cannot be applied to strings.`);
  }
}

function compileIn(p: Extract<KqlPredicate, { kind: 'in' }>, scope: PredicateScope): RowTest {
  const type = columnType(scope, p.column, p.pos);
  const op = `${p.negated ? '!' : ''}in${p.caseInsensitive ? '~' : ''}`;
  if (type === 'dynamic')
    throw new KqlError(`The operator '${op}' cannot be applied to the dynamic column '${p.column}'.`);
  const values = p.values.map((v) => resolveValue(v, scope.now));
  const col = p.column;
  if (type === 'string') {
    const bad = values.find((v) => v.type !== 'string');
    if (bad) mismatch(type, bad, op, p.pos);
    const norm = (s: string): string => (p.caseInsensitive ? s.toLowerCase() : s);
    const set = new Set(values.map((v) => norm(v.value as string)));
    return (row) => set.has(norm(cellText(row[col]))) !== p.negated;
  }
  const bad = values.find((v) => v.type !== scalarTypeOf(type));
  if (bad) mismatch(type, bad, op, p.pos);
  const comparers = values.map((v) => orderedComparer(type, v));
  return (row) => comparers.some((c) => c(row[col]) === 0) !== p.negated;
}

function compileBetween(p: Extract<KqlPredicate, { kind: 'between' }>, scope: PredicateScope): RowTest {
  const type = columnType(scope, p.column, p.pos);
  const op = p.negated ? '!between' : 'between';
  if (type !== 'datetime' && type !== 'int') {
    throw new KqlError(`The operator '${op}' cannot be applied to the ${type} column '${p.column}'.`);
  }
  const from = resolveValue(p.from, scope.now);
  const to = resolveValue(p.to, scope.now);
  for (const v of [from, to]) if (v.type !== scalarTypeOf(type)) mismatch(type, v, op, p.pos);
  const [lo, hi] = [orderedComparer(type, from), orderedComparer(type, to)];
  const col = p.column;
  return (row) => {
    const [a, b] = [lo(row[col]), hi(row[col])];
    if (a === undefined || b === undefined) return p.negated;
    return (a >= 0 && b <= 0) !== p.negated;
  };
}
