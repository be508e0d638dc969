import type { Instant } from '../time';
import type { FilterPropertyType } from './schema';

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterLiteral =
  { type: 'string'; value: string } | { type: 'dateTime'; value: Instant; text: string } | { type: 'null' };

/** A bound `$filter` expression: every comparison is property-on-the-left and type-checked. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | {
      kind: 'compare';
      op: CompareOp;
      property: string;
      propertyType: FilterPropertyType;
      literal: FilterLiteral;
      /** Evolvable enum members read as `unknownFutureValue` (no `Prefer: include-unknown-enum-members`). */
      maskEvolvable: boolean;
    };

/** A `$filter` the service refuses; the message is Graph's wording where Graph has one. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}
