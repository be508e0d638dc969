import { parseInstant } from '../time';
import {
  type KqlCompareOp,
  KqlError,
  type KqlOperator,
  type KqlPredicate,
  type KqlQuery,
  type KqlSortKey,
  type KqlValue,
} from './ast';
import { TokenCursor } from './cursor';
import { type KqlToken, tokenizeKql } from './lexer';

const COMPARE_OPS: readonly string[] = [
  '==',
  '!=',
  '=~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  'has',
  '!has',
  'has_cs',
  'contains',
  '!contains',
  'contains_cs',
  'startswith',
  'endswith',
];
const IN_OPS: readonly string[] = ['in', 'in~', '!in', '!in~'];
/** KQL statements that do not start with a table name. */
const STATEMENTS = [
  'let',
  'union',
  'search',
  'find',
  'print',
  'range',
  'datatable',
  'externaldata',
  'evaluate',
  'set',
  'declare',
];

/** Parses the supported KQL subset (`Table | where … | project … | order by … | take n`). */
export function parseKql(text: string): KqlQuery {
  return new Parser(tokenizeKql(text)).parseQuery();
}

class Parser extends TokenCursor {
  parseQuery(): KqlQuery {
    const first = this.next();
    if (first.type !== 'word') this.fail(first, 'expected a table name');
    if (STATEMENTS.includes(first.text)) this.unsupported(first, `'${first.text}' statements`);
    const operators: KqlOperator[] = [];
    while (this.isOp('|')) {
      this.i++;
      operators.push(this.parseOperator());
    }
    const end = this.peek();
    if (end.type !== 'eof') {
      if (end.text === ';') this.unsupported(end, 'multiple statements');
      this.fail(end, `expected '|' or the end of the query`);
    }
    return { table: { name: first.text, pos: first.pos }, operators };
  }

  private parseOperator(): KqlOperator {
    const t = this.next();
    switch (t.type === 'word' ? t.text : '') {
      case 'where':
      case 'filter':
        return { kind: 'where', predicate: this.parseOr() };
      case 'project':
        return { kind: 'project', columns: this.parseColumnList() };
      case 'take':
      case 'limit':
        return { kind: 'take', count: this.parseCount(t) };
      case 'order':
      case 'sort':
        this.expectWord('by');
        return { kind: 'sort', keys: this.parseSortKeys() };
      default:
        if (t.type === 'word') this.unsupported(t, `the '${t.text}' operator`);
        return this.fail(t, 'expected a query operator');
    }
  }

  private parseColumnList(): Array<{ name: string; pos: KqlToken['pos'] }> {
    const columns: Array<{ name: string; pos: KqlToken['pos'] }> = [];
    do {
      const t = this.next();
      if (t.type !== 'word') this.fail(t, 'expected a column name');
      if (this.isOp('=')) this.unsupported(t, `computed or renamed columns in 'project'`);
      columns.push({ name: t.text, pos: t.pos });
    } while (this.eatOp(','));
    return columns;
  }

  private parseCount(op: KqlToken): number {
    const t = this.next();
    if (t.type !== 'number' || !/^\d+$/.test(t.text))
      this.fail(t, `'${op.text}' expects a whole number of rows`);
    return Number(t.text);
  }

  private parseSortKeys(): KqlSortKey[] {
    const keys: KqlSortKey[] = [];
    do {
      const t = this.next();
      if (t.type !== 'word') this.fail(t, 'expected a column name');
      let descending = true; // KQL sorts descending unless told otherwise
      if (this.isWord('asc') || this.isWord('desc')) descending = this.next().text === 'desc';
      if (this.isWord('nulls')) this.unsupported(this.peek(), `'nulls first|last'`);
      keys.push({ column: t.text, descending, pos: t.pos });
    } while (this.eatOp(','));
    return keys;
  }

  private parseOr(): KqlPredicate {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): KqlPredicate {
    let left = this.parseUnary();
    while (this.isWord('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): KqlPredicate {
    if (this.eatOp('(')) {
      const inner = this.parseOr();
      this.expectOp(')');
      return inner;
    }
    const t = this.next();
    if (t.type !== 'word') return this.fail(t, 'expected a column name or a predicate');
    if (this.isOp('(')) return this.parseCall(t);
    return this.parsePredicate(t);
  }

  /** `not(…)`, `isempty(Col)`, `isnotempty(Col)`. */
  private parseCall(fn: KqlToken): KqlPredicate {
    this.expectOp('(');
    if (fn.text === 'not') {
      const operand = this.parseOr();
      this.expectOp(')');
      return { kind: 'not', operand };
    }
    if (fn.text !== 'isempty' && fn.text !== 'isnotempty')
      this.unsupported(fn, `the function '${fn.text}()'`);
    const col = this.next();
    if (col.type !== 'word') this.fail(col, 'expected a column name');
    this.expectOp(')');
    return { kind: 'isempty', column: col.text, negated: fn.text === 'isnotempty', pos: fn.pos };
  }

  private parsePredicate(column: KqlToken): KqlPredicate {
    if (this.isOp('.') || this.isOp('['))
      this.unsupported(this.peek(), `property access on '${column.text}'`);
    const op = this.next();
    const name = op.text;
    if ((op.type === 'op' || op.type === 'word') && COMPARE_OPS.includes(name)) {
      return {
        kind: 'compare',
        column: column.text,
        op: name as KqlCompareOp,
        value: this.parseValue(),
        pos: op.pos,
      };
    }
    if ((op.type === 'op' || op.type === 'word') && IN_OPS.includes(name)) {
      const values = this.parseValueList();
      return {
        kind: 'in',
        column: column.text,
        negated: name.startsWith('!'),
        caseInsensitive: name.endsWith('~'),
        values,
        pos: op.pos,
      };
    }
    if (name === 'between' || name === '!between') {
      this.expectOp('(');
      const from = this.parseValue();
      this.expectOp('..');
      const to = this.parseValue();
      this.expectOp(')');
      return { kind: 'between', column: column.text, negated: name === '!between', from, to, pos: op.pos };
    }
    if (op.type === 'word' || (op.type === 'op' && name.startsWith('!') && name.length > 1)) {
      this.unsupported(op, `the operator '${name}'`);
    }
    return this.fail(op, `expected a comparison operator after '${column.text}'`);
  }

  private parseValueList(): KqlValue[] {
    this.expectOp('(');
    const values = [this.parseValue()];
    while (this.eatOp(',')) values.push(this.parseValue());
    this.expectOp(')');
    return values;
  }

  private parseValue(): KqlValue {
    const t = this.next();
    switch (t.type) {
      case 'string':
        return { kind: 'string', value: t.text };
      case 'number':
        return { kind: 'number', value: Number(t.text) };
      case 'timespan':
        return { kind: 'timespan', ms: t.ms as number };
      case 'datetime': {
        const value = parseInstant(t.text);
        if (!value)
          throw new KqlError(
            `Invalid datetime literal 'datetime(${t.text})' on line [${t.pos.line},${t.pos.col}]`,
          );
        return { kind: 'datetime', value };
      }
      case 'word':
        return this.parseFunctionValue(t);
      default:
        return this.fail(t, 'expected a value');
    }
  }

  private parseFunctionValue(t: KqlToken): KqlValue {
    if (t.text === 'ago') {
      this.expectOp('(');
      const span = this.next();
      if (span.type !== 'timespan') this.fail(span, `ago() expects a timespan such as 1d, 2h or 30m`);
      this.expectOp(')');
      return { kind: 'ago', ms: span.ms as number };
    }
    if (t.text === 'now' && this.isOp('(')) {
      this.i++;
      this.expectOp(')');
      return { kind: 'now' };
    }
    if (t.text === 'true' || t.text === 'false') this.unsupported(t, 'boolean literals');
    if (this.isOp('(')) this.unsupported(t, `the function '${t.text}()'`);
    this.unsupported(t, `comparing a column with another column or expression ('${t.text}')`);
  }
}
