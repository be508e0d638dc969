import { KqlError } from './ast';
import type { KqlToken } from './lexer';

const SUPPORTED = 'where, project, take, limit, order by, sort by';

/** Walks a token list; errors name the token and its [line,column]. */
export class TokenCursor {
  protected i = 0;
  constructor(protected readonly tokens: KqlToken[]) {}

  protected peek(): KqlToken {
    return this.tokens[this.i] as KqlToken;
  }

  protected next(): KqlToken {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }

  protected isWord(w: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.text === w;
  }

  protected isOp(o: string): boolean {
    const t = this.peek();
    return t.type === 'op' && t.text === o;
  }

  protected eatOp(o: string): boolean {
    if (!this.isOp(o)) return false;
    this.i++;
    return true;
  }

  protected expectOp(o: string): void {
    const t = this.next();
    if (t.type !== 'op' || t.text !== o) this.fail(t, `expected '${o}'`);
  }

  protected expectWord(w: string): void {
    const t = this.next();
    if (t.type !== 'word' || t.text !== w) this.fail(t, `expected '${w}'`);
  }

  protected fail(t: KqlToken, what: string): never {
    const at = t.type === 'eof' ? 'the end of the query' : `'${t.text}'`;
    throw new KqlError(`Query could not be parsed at ${at} on line [${t.pos.line},${t.pos.col}]: ${what}.`);
  }

  protected unsupported(t: KqlToken, what: string): never {
    throw new KqlError(
      `Unsupported KQL: ${what} on line [${t.pos.line},${t.pos.col}]. The Graph simulator supports a table ` +
        `followed by ${SUPPORTED}.`,
    );
  }
}
