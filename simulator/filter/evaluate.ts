import { compareInstant, instantOf } from '../time';
import type { CompareOp, FilterNode } from './ast';
import { evolvableMembers, UNKNOWN_FUTURE_VALUE } from './schema';

/** Evaluates a bound `$filter` on one entity (an alert or incident as JSON). OData null semantics. */
export function evaluateFilter(node: FilterNode, item: Readonly<Record<string, unknown>>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, item) && evaluateFilter(node.right, item);
    case 'or':
      return evaluateFilter(node.left, item) || evaluateFilter(node.right, item);
    case 'not':
      return !evaluateFilter(node.operand, item);
    case 'compare':
      return compare(node, item[node.property]);
  }
}

function compare(node: Extract<FilterNode, { kind: 'compare' }>, raw: unknown): boolean {
  const { op, literal, propertyType } = node;
  const isNull = raw === null || raw === undefined;
  if (literal.type === 'null') return op === 'eq' ? isNull : !isNull;
  if (isNull) return op === 'ne';
  if (literal.type === 'dateTime') {
    const value = instantOf(raw);
    if (!value) return op === 'ne';
    return holds(op, compareInstant(value, literal.value));
  }
  let value = typeof raw === 'string' ? raw : String(raw);
  if (
    propertyType.kind === 'enum' &&
    node.maskEvolvable &&
    evolvableMembers(propertyType.members).includes(value)
  ) {
    value = UNKNOWN_FUTURE_VALUE;
  }
  return op === 'eq' ? value === literal.value : value !== literal.value;
}

function holds(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
  }
}
