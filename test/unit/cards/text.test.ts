import { Template } from 'adaptivecards-templating';
import {
  clean,
  joinWithMore,
  md,
  neutralize,
  plain,
  stripInvisible,
  truncate,
} from '../../../src/cards/text';
import { HOSTILE_TITLE } from './fixtures';
import { unescapedSpecials } from './cardChecks';

const ZWJ = '\u200D';
const strip = (s: string): string => s.split(ZWJ).join('');

describe('md() makes untrusted text render as plain words in Teams Markdown', () => {
  it('escapes a hostile title: no link, no bold', () => {
    const out = md(HOSTILE_TITLE);
    expect(unescapedSpecials(out)).toEqual([]);
    expect(out).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/); // no [text](… that Markdown would turn into a link
    expect(out).not.toMatch(/(^|[^\\])\*\*/); // no unescaped **
    expect(out).toContain(`https://${ZWJ}evil.${ZWJ}example`); // no autolink either
    expect(strip(out).replace(/\\(.)/g, '$1')).toBe(HOSTILE_TITLE); // and the words are all still there
  });

  it.each([
    ['emphasis', '*a* _b_ ~~c~~'],
    ['headings and quotes', '# Title\n> quote'],
    ['code', '`rm -rf /` ```x```'],
    ['tables', '| a | b |'],
    ['html', '<img src=x onerror=alert(1)> <b>bold</b>'],
    ['a backslash before a special', 'a\\*b\\'],
    ['date functions Teams evaluates', '{{DATE(2026-01-01T00:00:00Z, SHORT)}}'],
  ])('escapes %s', (_name, input) => {
    expect(unescapedSpecials(md(input))).toEqual([]);
  });

  it('escapes list and heading markers that only count at the start of a line', () => {
    expect(md('- item')).toBe('\\- item');
    expect(md('+ item')).toBe('\\+ item');
    expect(md('1. item')).toBe('1\\. item');
    expect(md('=== x')).toBe('\\=== x');
    expect(md('a - b')).toBe('a - b');
  });

  it('breaks autolinks: schemes, www, bare domains and e-mail addresses', () => {
    expect(md('see http://x.test/a')).toBe(`see http://${ZWJ}x.${ZWJ}test/a`);
    expect(md('www.evil.com')).toBe(`www.${ZWJ}evil.${ZWJ}com`);
    expect(md('mail alice@contoso.com')).toBe(`mail alice@contoso.${ZWJ}com`);
    expect(md('version 1.2')).toBe(`version 1.${ZWJ}2`);
    expect(md('end of sentence. Next')).toBe('end of sentence. Next');
  });

  it('neutralises HTML entities that would decode into Markdown syntax', () => {
    expect(md('&#91;x&#93;(y)')).toBe(`&${ZWJ}\\#91;x&${ZWJ}\\#93;\\(y\\)`);
  });

  it('removes control and bidi characters and collapses whitespace to one line', () => {
    expect(md('a\u0000b\u202Ec\n\nd\t e')).toBe('a b c d e');
  });

  it('keeps paragraphs when asked, as Markdown paragraph breaks', () => {
    expect(md('line 1\r\nline 2\n\n\n\nline 3', { multiline: true })).toBe('line 1\n\nline 2\n\nline 3');
  });

  it('truncates before escaping so an escape is never cut in half', () => {
    const out = md('*'.repeat(500), { max: 10 });
    expect(out).toBe('\\*'.repeat(9) + '…');
  });

  it('turns null, undefined and numbers into text', () => {
    expect(md(null)).toBe('');
    expect(md(undefined)).toBe('');
    expect(md(42)).toBe('42');
  });
});

describe('plain() is for places that are never Markdown', () => {
  it('breaks links and template expressions but adds no backslashes', () => {
    expect(plain(HOSTILE_TITLE)).toBe(`[click](https://${ZWJ}evil.${ZWJ}example) **urgent**`);
    expect(plain('${secret}')).toBe(`$${ZWJ}{secret}`);
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair and marks the cut', () => {
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('clean() cuts to the default of 200 code points', () => {
    expect(Array.from(clean('x'.repeat(1000))).length).toBe(200);
  });
});

describe('template expressions cannot be injected through data', () => {
  it('adaptivecards-templating leaves ${…} inside data as literal text', () => {
    const t = new Template({
      type: 'TextBlock',
      text: '${title}',
      nested: { $data: '${items}', text: '${name}' },
    });
    const out = t.expand({
      $root: { title: '${secret} ${json($root)}', secret: 'LEAK', items: [{ name: '${$root.secret}' }] },
    });
    expect(JSON.stringify(out)).not.toContain('LEAK');
    expect(out.text).toBe('${secret} ${json($root)}');
  });

  it('and escaping breaks ${ anyway, so an expanded card re-expanded by mistake stays inert', () => {
    const escaped = md('${secret}');
    const t = new Template({ text: escaped });
    expect(JSON.stringify(t.expand({ $root: { secret: 'LEAK' } }))).not.toContain('LEAK');
    expect(neutralize('${a}${b}')).toBe(`$${ZWJ}{a}$${ZWJ}{b}`);
  });
});

describe('joinWithMore', () => {
  it('ends a cut list with "and N more"', () => {
    expect(joinWithMore(['a', 'b'], 5)).toBe('a, b and 3 more');
    expect(joinWithMore(['a', 'b'], 2)).toBe('a, b');
  });
});

describe('stripInvisible', () => {
  it('gives back what the analyst saw when they copy neutralised text into a command', () => {
    expect(stripInvisible(plain('alice@contoso.com https://x.example'))).toBe(
      'alice@contoso.com https://x.example',
    );
    expect(stripInvisible('a\u200Bb\uFEFFc\u2060d')).toBe('abcd');
  });
});
