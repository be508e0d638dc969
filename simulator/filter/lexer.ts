import { FilterError } from './ast';

/** `other`: a character no token starts with; the parser reports it where it meets it. */
export type FilterTokenType =
  'lparen' | 'rparen' | 'comma' | 'slash' | 'word' | 'string' | 'dateTime' | 'number' | 'other' | 'eof';

export interface FilterToken {
  type: FilterTokenType;
  /** The source text (for strings: the unquoted value). */
  text: string;
  /** 0-based offset in the filter text. */
  pos: number;
}

const PUNCT: Record<string, FilterTokenType> = { '(': 'lparen', ')': 'rparen', ',': 'comma', '/': 'slash' };
const DATE_TIME = /\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?/iy;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Splits a `$filter` into tokens. Strings are single-quoted with `''` as the escaped quote. */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (PUNCT[c]) {
      tokens.push({ type: PUNCT[c], text: c, pos: i });
      i++;
    } else if (c === "'") {
      i = readString(text, i, tokens);
    } else {
      const next: FilterToken = sticky(DATE_TIME, 'dateTime') ??
        sticky(NUMBER, 'number') ??
        sticky(WORD, 'word') ?? { type: 'other', text: c, pos: i };
      tokens.push(next);
      i += next.text.length;
    }
  }
  tokens.push({ type: 'eof', text: '', pos: text.length });
  return tokens;

  function sticky(re: RegExp, type: FilterTokenType): FilterToken | undefined {
    re.lastIndex = i;
    const m = re.exec(text);
    return m ? { type, text: m[0], pos: i } : undefined;
  }
}

function readString(text: string, start: number, out: FilterToken[]): number {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length)
      throw new FilterError(`There is an unterminated string literal at position ${start} in '${text}'.`);
    const c = text[i] as string;
    if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      out.push({ type: 'string', text: value, pos: start });
      return i + 1;
    }
    value += c;
    i++;
  }
}
