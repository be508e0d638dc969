/**
 * Untrusted text → card text. Alert titles, descriptions, user names, comments and file names are chosen
 * by whoever triggered the alert (a file name, a mail subject), so they must render as plain words: no
 * links, no emphasis, no headings, no template expressions, no invisible tricks, and bounded in length.
 *
 * Teams renders TextBlock and FactSet text as (a subset of) Markdown, so `md()` backslash-escapes every
 * character that has meaning there and breaks autolinks with a zero-width joiner. Places that are never
 * Markdown (fallbackText, action titles, choice titles) use `plain()`, which does everything but the
 * backslashes.
 */

/** Default longest untrusted string on a card, in characters (code points). */
export const DEFAULT_MAX_TEXT = 200;

const ZWJ = '\u200D';
// Control characters (C0, DEL, C1), bidi embeddings/overrides/isolates, and line/paragraph separators:
// they can hide or reorder text, or break a one-line layout.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2028\u2029\u2066-\u2069]/g;
// CommonMark ASCII punctuation that Teams' Markdown gives meaning to, plus `<`/`>` (HTML, autolinks) and
// `{`/`}` (the `{{DATE()}}`/`{{TIME()}}` functions Teams evaluates inside TextBlocks).
const MARKDOWN_SPECIAL = /[\\*_[\]()#>~`|<{}]/g;

/** Options for `md()` / `plain()`. */
export interface TextOptions {
  /** Longest result before escaping, in code points; longer text ends with "…". Default 200. */
  max?: number;
  /** Keep line breaks (as Markdown paragraph breaks in `md`, as "\n" in `plain`). Default false: one line. */
  multiline?: boolean;
}

/** Anything → a clean string: invisible characters removed, whitespace collapsed, truncated. */
export function clean(value: unknown, o: TextOptions = {}): string {
  const max = o.max ?? DEFAULT_MAX_TEXT;
  let s = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  if (o.multiline) {
    s = s
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  } else {
    s = s.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  }
  return truncate(s, max);
}

/** Cuts to `max` code points (never inside a surrogate pair), ending with "…" when cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  if (points.length <= max) return s;
  return (
    points
      .slice(0, Math.max(0, max - 1))
      .join('')
      .trimEnd() + '…'
  );
}

/**
 * Defeats autolinking (`https://x`, `www.x.com`, `a@b.com`, bare `evil.example`) by a zero-width joiner
 * after `://` and inside every dotted name; defeats template expressions (`${…}`) and HTML entities
 * (`&#91;` would otherwise become `[`) the same way. The text looks the same; it just does nothing.
 */
export function neutralize(s: string): string {
  return s
    .replace(/:\/\//g, `://${ZWJ}`)
    .replace(/([\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu, `$1.${ZWJ}`)
    .replace(/\$\{/g, () => `$${ZWJ}{`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, `&${ZWJ}`);
}

function escapeLine(line: string): string {
  const escaped = line.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
  // Block-level syntax that only counts at the start of a line: lists ("- ", "+ ", "1. ", "1) ") and
  // setext/thematic breaks ("---", "==="). `)` is already escaped above.
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d+)\./, '$1\\.');
}

/** Untrusted text for a Markdown context (TextBlock, Fact title/value). */
export function md(value: unknown, o: TextOptions = {}): string {
  const s = neutralize(clean(value, o));
  if (!o.multiline) return escapeLine(s);
  // Markdown needs a blank line for a visible break.
  return s
    .split('\n')
    .map((line) => escapeLine(line))
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** Untrusted text for a non-Markdown context (fallbackText, action/choice titles, placeholders). */
export function plain(value: unknown, o: TextOptions = {}): string {
  return neutralize(clean(value, o));
}

/**
 * Undoes `neutralize` and drops other invisible characters, for text an analyst copied from a card into
 * a command (`/dlp alice@contoso.com` copied from a card carries the zero-width joiners).
 */
export function stripInvisible(s: string): string {
  return s.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
}

/** "a, b, c and 4 more" from already-rendered items. */
export function joinWithMore(items: readonly string[], total: number): string {
  const more = total - items.length;
  const list = items.join(', ');
  return more > 0 ? `${list} and ${more} more` : list;
}

/** "1 DLP alert" / "3 DLP alerts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
