import type { Instant } from '../time';

/** A scalar written in the query, evaluated once per query (`ago()` and `now()` read the query's clock). */
export type KqlValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'timespan'; ms: number }
  | { kind: 'datetime'; value: Instant }
  | { kind: 'ago'; ms: number }
  | { kind: 'now' };

/** Binary string/number/datetime comparisons (`==`, `=~`, `has`, `<`…). */
export type KqlCompareOp =
  | '=='
  | '!='
  | '=~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'has'
  | '!has'
  | 'has_cs'
  | 'contains'
  | '!contains'
  | 'contains_cs'
  | 'startswith'
  | 'endswith';

/** A position in the query text, for error messages. */
export interface KqlPos {
  line: number;
  col: number;
}

export type KqlPredicate =
  | { kind: 'and' | 'or'; left: KqlPredicate; right: KqlPredicate }
  | { kind: 'not'; operand: KqlPredicate }
  | { kind: 'compare'; column: string; op: KqlCompareOp; value: KqlValue; pos: KqlPos }
  | {
      kind: 'in';
      column: string;
      negated: boolean;
      caseInsensitive: boolean;
      values: KqlValue[];
      pos: KqlPos;
    }
  | { kind: 'between'; column: string; negated: boolean; from: KqlValue; to: KqlValue; pos: KqlPos }
  | { kind: 'isempty'; column: string; negated: boolean; pos: KqlPos };

export interface KqlSortKey {
  column: string;
  descending: boolean;
  pos: KqlPos;
}

export type KqlOperator =
  | { kind: 'where'; predicate: KqlPredicate }
  | { kind: 'project'; columns: Array<{ name: string; pos: KqlPos }> }
  | { kind: 'take'; count: number }
  | { kind: 'sort'; keys: KqlSortKey[] };

/** `Table | op | op …` */
export interface KqlQuery {
  table: { name: string; pos: KqlPos };
  operators: KqlOperator[];
}

/** A query the service refuses (syntax, unknown table/column, type mismatch, unsupported construct). */
export class KqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KqlError';
  }
}
