/**
 * Finding messages in the open conversation through the attributes the tagger writes (see tagger.ts):
 * every message body carries its author and its arrival number, so "the bot's newest message containing
 * X, newer than Y" is one query, in chats and channels alike.
 */
import type { Locator, Page } from 'playwright-core';
import { TAG } from './tagger';

/** A point in the conversation: messages that arrive later have a higher `seq`. */
export interface Watermark {
  /** The highest message number present when the mark was taken (0 = none). */
  readonly seq: number;
}

/** What to look for, all conditions together. */
export interface MessageQuery {
  /** Author display name; with `notAuthor`, any author but this one. */
  author: string;
  notAuthor?: boolean;
  /** Text (substring) or pattern the message's visible text must contain. */
  text?: string | RegExp;
  /** Only messages newer than this mark. */
  after?: Watermark;
  /** Only messages that hold an Adaptive Card, matched against the card's text. */
  card?: boolean;
}

/** `[attr="value"]` with the value safely quoted. */
export function attrSelector(name: string, value: string): string {
  return `[${name}=${JSON.stringify(value)}]`;
}

/** The message body numbered `seq`. */
export function messageBySeq(page: Page, seq: number): Locator {
  return page.locator(attrSelector(TAG.seq, String(seq)));
}

/** The highest message number in the page now. */
export async function currentMark(page: Page): Promise<Watermark> {
  const seqs = await page
    .locator(`[${TAG.seq}]`)
    .evaluateAll((els, attr) => els.map((el) => Number(el.getAttribute(attr))), TAG.seq);
  return { seq: Math.max(0, ...seqs) };
}

/** The number of the newest message matching `query` now, or 0. */
export async function findMessage(page: Page, query: MessageQuery): Promise<number> {
  return (await page.evaluate(matchInPage, toPageQuery(query))) as number;
}

/** Waits until a message matches `query` and returns the newest one's number. */
export async function waitForMessage(page: Page, query: MessageQuery, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(matchInPage, toPageQuery(query), {
    polling: 100,
    timeout: timeoutMs,
  });
  return (await handle.jsonValue()) as number;
}

interface PageQuery {
  tag: typeof TAG;
  author: string;
  notAuthor: boolean;
  text: { source: string; flags: string; literal: boolean } | null;
  after: number;
  card: boolean;
}

function toPageQuery(q: MessageQuery): PageQuery {
  const text =
    q.text === undefined
      ? null
      : typeof q.text === 'string'
        ? { source: q.text, flags: '', literal: true }
        : { source: q.text.source, flags: q.text.flags.replace(/[gy]/g, ''), literal: false };
  const after = q.after?.seq ?? 0;
  return { tag: TAG, author: q.author, notAuthor: q.notAuthor ?? false, text, after, card: !!q.card };
}

/** Runs in the browser (serialized). Returns the highest matching seq, or 0 (falsy: keep polling). */
function matchInPage(q: PageQuery): number {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const re = q.text && !q.text.literal ? new RegExp(q.text.source, q.text.flags) : null;
  const wanted = q.text ? norm(q.text.source) : '';
  let best = 0;
  document.querySelectorAll<HTMLElement>(`[${q.tag.seq}]`).forEach((el) => {
    const seq = Number(el.getAttribute(q.tag.seq));
    const isAuthor = el.getAttribute(q.tag.author) === q.author;
    if (seq <= q.after || seq <= best || isAuthor === q.notAuthor) return;
    const scope = q.card ? el.querySelector<HTMLElement>('.ac-adaptiveCard') : el;
    if (!scope) return;
    const text = norm(scope.innerText);
    if (re ? re.test(text) : text.includes(wanted)) best = seq;
  });
  return best;
}
