import { KqlError, type KqlPos } from './ast';

export type KqlTokenType = 'word' | 'string' | 'number' | 'timespan' | 'datetime' | 'op' | 'eof';

export interface KqlToken {
  type: KqlTokenType;
  /** Words and operators as written; strings unquoted and unescaped; datetimes: the text inside `datetime(...)`. */
  text: string;
  /** Milliseconds, for timespan tokens. */
  ms?: number;
  pos: KqlPos;
}

const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
};

/** Longest first, so `!=` wins over `!` and `<=` over `<`. */
const OPERATORS = [
  '==',
  '!=',
  '=~',
  '!~',
  '<=',
  '>=',
  '..',
  '<',
  '>',
  '|',
  '(',
  ')',
  ',',
  '=',
  ';',
  '[',
  ']',
  '.',
];
/** Operator names KQL spells with a hyphen (read whole so the error can name them). */
const HYPHENATED = /^(project|mv|make|parse|top|order|sort)-[a-z-]+/;

/** Splits KQL into tokens; `//` comments are skipped. */
export function tokenizeKql(text: string): KqlToken[] {
  const lexer = new Lexer(text);
  const tokens: KqlToken[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.type === 'eof') return tokens;
  }
}

class Lexer {
  private i = 0;
  constructor(private readonly src: string) {}

  next(): KqlToken {
    this.skipSpace();
    const pos = this.pos(this.i);
    if (this.i >= this.src.length) return { type: 'eof', text: '', pos };
    const rest = this.src.slice(this.i);
    const c = rest[0] as string;
    if (c === '"' || c === "'") return this.string(pos, c, false);
    if (c === '@' && (rest[1] === '"' || rest[1] === "'")) {
      this.i++;
      return this.string(pos, rest[1], true);
    }
    if (/[0-9]/.test(c)) return this.number(pos);
    if (c === '!' && /^![A-Za-z]/.test(rest)) return this.negatedWord(pos);
    if (/[A-Za-z_]/.test(c)) return this.word(pos);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new KqlError(`Query could not be parsed at '${c}' on line [${pos.line},${pos.col}]`);
    this.i += op.length;
    return { type: 'op', text: op, pos };
  }

  private skipSpace(): void {
    for (;;) {
      while (this.i < this.src.length && /\s/.test(this.src[this.i] as string)) this.i++;
      if (!this.src.startsWith('//', this.i)) return;
      while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++;
    }
  }

  private string(pos: KqlPos, quote: string, verbatim: boolean): KqlToken {
    let value = '';
    this.i++;
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined || c === '\n') {
        throw new KqlError(
          `Query could not be parsed: unterminated string literal on line [${pos.line},${pos.col}]`,
        );
      }
      this.i++;
      if (c === quote) return { type: 'string', text: value, pos };
      if (c === '\\' && !verbatim) {
        const e = this.src[this.i++];
        value += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '');
      } else {
        value += c;
      }
    }
  }

  private number(pos: KqlPos): KqlToken {
    const m = /^(\d+(?:\.\d+)?)([A-Za-z]+)?/.exec(this.src.slice(this.i)) as RegExpExecArray;
    const [whole, digits, unit] = m as unknown as [string, string, string | undefined];
    this.i += whole.length;
    if (unit === undefined) return { type: 'number', text: digits, pos };
    const per = UNIT_MS[unit.toLowerCase()];
    if (per === undefined)
      throw new KqlError(`Query could not be parsed at '${whole}' on line [${pos.line},${pos.col}]`);
    return { type: 'timespan', text: whole, ms: Number(digits) * per, pos };
  }

  private negatedWord(pos: KqlPos): KqlToken {
    this.i++;
    const w = this.word(pos);
    return { ...w, type: 'op', text: `!${w.text}` };
  }

  private word(pos: KqlPos): KqlToken {
    const rest = this.src.slice(this.i);
    const hyphen = HYPHENATED.exec(rest);
    let text = hyphen ? hyphen[0] : (/^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) as RegExpExecArray)[0];
    this.i += text.length;
    if (this.src[this.i] === '~' && (text === 'in' || text === '!in')) {
      text += '~';
      this.i++;
    }
    if (text === 'datetime') return this.datetime(pos) ?? { type: 'word', text, pos };
    return { type: 'word', text, pos };
  }

  /** `datetime(2026-01-01T00:00:00Z)`: the argument is raw text, not tokens. */
  private datetime(pos: KqlPos): KqlToken | undefined {
    const m = /^\s*\(\s*([^)]*?)\s*\)/.exec(this.src.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    const inner = (m[1] as string).replace(/^(["'])(.*)\1$/, '$2');
    return { type: 'datetime', text: inner, pos };
  }

  private pos(offset: number): KqlPos {
    const before = this.src.slice(0, offset);
    const line = before.split('\n').length;
    return { line, col: offset - before.lastIndexOf('\n') };
  }
}
