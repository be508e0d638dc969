/**
 * Graph's enums are evolvable: the service adds members (after `unknownFutureValue`, or without notice),
 * and `@microsoft/microsoft-graph-types` spells them as closed unions. Every enum in our model is widened
 * to an open string so that an unknown member type-checks and flows through untouched.
 */

/** A closed list of known values that still accepts any other string (`Known | (string & {})`). */
export type OpenEnum<T extends string> = T | (string & { readonly __open?: never });

/**
 * `T` with every string-literal union widened to an `OpenEnum`, recursively (arrays and nested objects
 * included). Plain `string` stays `string`; property names are kept exactly, so a misspelled property in
 * an object literal typed with it still fails the type check.
 */
export type Widen<T> = T extends string
  ? string extends T
    ? T
    : OpenEnum<T>
  : T extends ReadonlyArray<infer U>
    ? Widen<U>[]
    : T extends object
      ? { [K in keyof T]: Widen<T[K]> }
      : T;
