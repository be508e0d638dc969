import { compareInstant, type Instant, instantOf } from '../time';
import type { KqlValue } from './ast';
import type { KqlColumnType } from './tables';

/** A query value after `ago()`/`now()` are read against the query's clock. */
export type Scalar =
  | { type: 'string'; value: string }
  | { type: 'long'; value: number }
  | { type: 'datetime'; value: Instant }
  | { type: 'timespan'; value: number };

export function resolveValue(v: KqlValue, now: number): Scalar {
  switch (v.kind) {
    case 'string':
      return { type: 'string', value: v.value };
    case 'number':
      return { type: 'long', value: v.value };
    case 'timespan':
      return { type: 'timespan', value: v.ms };
    case 'datetime':
      return { type: 'datetime', value: v.value };
    case 'ago':
      return { type: 'datetime', value: { ms: now - v.ms, sub: 0 } };
    case 'now':
      return { type: 'datetime', value: { ms: now, sub: 0 } };
  }
}

/** The scalar type a column's values compare as. */
export function scalarTypeOf(column: KqlColumnType): Scalar['type'] | 'dynamic' {
  return column === 'int' ? 'long' : column;
}

/** A cell as a string (strings are never null in KQL: a missing one is ''); dynamic values as JSON. */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/**
 * Orders two cells of one column; null/missing sorts lowest. Returns negative, 0 or positive.
 */
export function compareCells(type: KqlColumnType, a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (type === 'datetime') {
    const ia = instantOf(a);
    const ib = instantOf(b);
    if (!ia || !ib) return ia ? 1 : ib ? -1 : 0;
    return compareInstant(ia, ib);
  }
  if (type === 'int') return Number(a) - Number(b);
  const sa = cellText(a);
  const sb = cellText(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** `has`: `needle` appears as whole term(s), case-insensitively (terms are runs of letters and digits). */
export function hasTerm(haystack: string, needle: string, caseSensitive = false): boolean {
  if (needle === '') return true;
  const h = caseSensitive ? haystack : haystack.toLowerCase();
  const n = caseSensitive ? needle : needle.toLowerCase();
  const alnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) {
    const startOk = !alnum(n[0]) || !alnum(h[at - 1]);
    const endOk = !alnum(n[n.length - 1]) || !alnum(h[at + n.length]);
    if (startOk && endOk) return true;
  }
  return false;
}
