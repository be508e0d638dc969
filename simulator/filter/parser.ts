import { parseInstant } from '../time';
import { type CompareOp, FilterError, type FilterLiteral, type FilterNode } from './ast';
import { type FilterToken, tokenizeFilter } from './lexer';
import { checkLiteral } from './check';
import type { FilterPropertyType, FilterSchema } from './schema';

/** Options that change how a `$filter` binds. */
export interface ParseFilterOptions {
  /** The request carried `Prefer: include-unknown-enum-members`. Default false. */
  includeUnknownEnumMembers?: boolean;
}

const COMPARE_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

type Operand =
  { kind: 'property'; name: string; pos: number } | { kind: 'literal'; literal: FilterLiteral; pos: number };

/**
 * Parses and type-checks a `$filter` against `schema` (recursive descent; precedence, loosest first:
 * `or`, `and`, `not`, comparison). Throws FilterError with Graph's wording.
 */
export function parseFilter(
  text: string,
  schema: FilterSchema,
  options: ParseFilterOptions = {},
): FilterNode {
  if (text.trim() === '') throw new FilterError('The $filter query option must not be empty.');
  const p = new Parser(text, tokenizeFilter(text), schema, options.includeUnknownEnumMembers ?? false);
  return p.parse();
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: FilterToken[],
    private readonly schema: FilterSchema,
    private readonly unknownMembers: boolean,
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    const t = this.peek();
    if (t.type !== 'eof') this.fail(t, `expected 'and', 'or' or the end of the expression`);
    return node;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isWord('not')) {
      const t = this.next();
      // There are no boolean properties on these types, so `not` must negate a parenthesized clause.
      if (this.peek().type !== 'lparen') this.fail(t, `'not' must be followed by a parenthesized expression`);
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (this.peek().type === 'lparen') {
      this.i++;
      const inner = this.parseOr();
      this.expect('rparen', `expected ')'`);
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const left = this.parseOperand();
    const opToken = this.peek();
    if (opToken.type !== 'word' || !COMPARE_OPS.includes(opToken.text)) {
      const after = left.kind === 'property' ? `'${left.name}'` : 'a literal';
      if (opToken.type === 'word' && ['in', 'has'].includes(opToken.text)) {
        throw new FilterError(`The operator '${opToken.text}' is not supported: use eq, ne, gt, ge, lt, le.`);
      }
      this.fail(opToken, `expected a comparison operator (eq, ne, gt, ge, lt, le) after ${after}`);
    }
    this.i++;
    const right = this.parseOperand();
    let op = opToken.text as CompareOp;
    if (left.kind === 'property' && right.kind === 'literal') return this.bind(left, op, right.literal);
    if (left.kind === 'literal' && right.kind === 'property') {
      op = FLIP[op];
      return this.bind(right, op, left.literal);
    }
    throw new FilterError(
      `Comparisons must be between one property and one literal, at position ${left.pos} in '${this.text}'.`,
    );
  }

  private parseOperand(): Operand {
    const t = this.next();
    switch (t.type) {
      case 'string':
        return { kind: 'literal', literal: { type: 'string', value: t.text }, pos: t.pos };
      case 'dateTime': {
        const value = parseInstant(t.text, { requireOffset: true });
        if (!value) throw new FilterError(`The DateTimeOffset literal '${t.text}' is not valid.`);
        return { kind: 'literal', literal: { type: 'dateTime', value, text: t.text }, pos: t.pos };
      }
      case 'word':
        return this.wordOperand(t);
      case 'number':
        throw new FilterError(`Numeric literals are not supported here ('${t.text}' at position ${t.pos}).`);
      default:
        return this.fail(t, 'expected a property or a literal');
    }
  }

  private wordOperand(t: FilterToken): Operand {
    if (t.text === 'null') return { kind: 'literal', literal: { type: 'null' }, pos: t.pos };
    if (t.text === 'true' || t.text === 'false') {
      throw new FilterError(`Boolean literals are not supported here ('${t.text}' at position ${t.pos}).`);
    }
    if (this.peek().type === 'lparen') {
      throw new FilterError(
        `The function '${t.text}' is not supported in $filter on this resource: use eq, ne, gt, ge, lt, le, and, or, not.`,
      );
    }
    this.checkProperty(t.text);
    // A path (`evidence/any(...)`, `x/y`) on a filterable property is still not supported.
    if (this.peek().type === 'slash') {
      throw new FilterError(
        `Property paths are not supported in $filter ('${t.text}/…' at position ${t.pos}).`,
      );
    }
    return { kind: 'property', name: t.text, pos: t.pos };
  }

  private checkProperty(name: string): void {
    const { schema } = this;
    if (schema.filterable[name]) return;
    const allowed = Object.keys(schema.filterable).join(', ');
    if (schema.allProperties.includes(name)) {
      throw new FilterError(
        `The property '${name}' cannot be used in the $filter query option. Filterable properties: ${allowed}.`,
      );
    }
    throw new FilterError(`Could not find a property named '${name}' on type '${schema.entityType}'.`);
  }

  private bind(
    prop: Extract<Operand, { kind: 'property' }>,
    op: CompareOp,
    literal: FilterLiteral,
  ): FilterNode {
    const type = this.schema.filterable[prop.name] as FilterPropertyType;
    checkLiteral(type, op, literal, this.unknownMembers);
    return {
      kind: 'compare',
      op,
      property: prop.name,
      propertyType: type,
      literal,
      maskEvolvable: !this.unknownMembers,
    };
  }

  private peek(): FilterToken {
    return this.tokens[this.i] as FilterToken;
  }

  private next(): FilterToken {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.text === word;
  }

  private expect(type: FilterToken['type'], what: string): void {
    const t = this.next();
    if (t.type !== type) this.fail(t, what);
  }

  private fail(t: FilterToken, what: string): never {
    if (t.type === 'other') {
      throw new FilterError(
        `Syntax error: character '${t.text}' is not valid at position ${t.pos} in '${this.text}'.`,
      );
    }
    const found = t.type === 'eof' ? 'the end of the expression' : `'${t.text}'`;
    throw new FilterError(`Syntax error at position ${t.pos} in '${this.text}': ${what}, found ${found}.`);
  }
}
