import { type CompareOp, FilterError, type FilterLiteral } from './ast';
import { evolvableMembers, type FilterPropertyType } from './schema';

/** OData's names for the operators, used in its type-mismatch message. */
const OP_KIND: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
function edmName(literal: FilterLiteral): string {
  return literal.type === 'string'
    ? 'Edm.String'
    : literal.type === 'dateTime'
      ? 'Edm.DateTimeOffset'
      : 'null';
}

/** Type-checks a comparison the way OData binds it; throws FilterError with its wording. */
export function checkLiteral(
  type: FilterPropertyType,
  op: CompareOp,
  literal: FilterLiteral,
  unknownMembers: boolean,
): void {
  const ordering = op !== 'eq' && op !== 'ne';
  if (literal.type === 'null') {
    if (ordering) throw new FilterError(`The operator '${op}' cannot be used with null.`);
    return;
  }
  const propEdm =
    type.kind === 'enum' ? type.enumType : type.kind === 'dateTime' ? 'Edm.DateTimeOffset' : 'Edm.String';
  const compatible =
    (type.kind === 'dateTime' && literal.type === 'dateTime') ||
    (type.kind !== 'dateTime' && literal.type === 'string');
  if (!compatible) {
    throw new FilterError(
      `A binary operator with incompatible types was detected. Found operand types '${propEdm}' and ` +
        `'${edmName(literal)}' for operator kind '${OP_KIND[op]}'.`,
    );
  }
  if (type.kind !== 'dateTime' && ordering) {
    throw new FilterError(`The operator '${op}' is not supported on '${propEdm}' values: use eq or ne.`);
  }
  if (type.kind === 'enum' && literal.type === 'string') {
    const visible = unknownMembers
      ? type.members
      : type.members.filter((m) => !evolvableMembers(type.members).includes(m));
    if (!visible.includes(literal.value)) {
      const hint = type.members.includes(literal.value)
        ? ` It was added after unknownFutureValue: send the header 'Prefer: include-unknown-enum-members' to use it.`
        : '';
      throw new FilterError(`The string '${literal.value}' is not a valid enumeration type constant.${hint}`);
    }
  }
}
