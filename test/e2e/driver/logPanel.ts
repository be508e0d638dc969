/**
 * The Playground's Log Panel (open by default, right-hand side) lists every activity it sends to the bot
 * with the bot's HTTP status, e.g. `[9:18:49 PM] Microsoft 365 Agents Playground -> User Application
 * invoke 200`. It is the only place where a failed card action shows (the card itself does not change),
 * so the driver reads it to know when a click was answered and whether it failed.
 */
import type { Page } from 'playwright-core';

// The panel is a contenteditable div (spellcheck off); the compose box is the one with role=textbox.
// The panel ends with an empty div that new lines are inserted before: count only lines with text.
const ENTRIES = '[contenteditable="true"][spellcheck="false"]:not([role="textbox"]) > div:has(span)';
const TO_BOT = /Playground -> User Application\s+(\w[\w/]*)\s+(\d{3})/;

/** One activity the Playground delivered to the bot, with the bot's answer. */
export interface Delivery {
  /** Activity type: `message`, `invoke`, `conversationUpdate`, `installationUpdate`, … */
  type: string;
  /** The bot's HTTP status for it. */
  status: number;
  /** The whole log line. */
  line: string;
}

/** All Log Panel lines, oldest first, whitespace collapsed. */
export async function logLines(page: Page): Promise<string[]> {
  const texts = await page.locator(ENTRIES).allInnerTexts();
  return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.length > 0);
}

/** Parses a Log Panel line about an activity sent to the bot; undefined for any other line. */
export function parseDelivery(line: string): Delivery | undefined {
  const match = TO_BOT.exec(line);
  return match ? { type: match[1]!, status: Number(match[2]), line } : undefined;
}

/** Waits for the first delivery of one of `types` logged after line number `fromLine`. */
export async function waitForDelivery(
  page: Page,
  fromLine: number,
  types: readonly string[],
  timeoutMs: number,
): Promise<Delivery> {
  const handle = await page.waitForFunction(
    ({ selector, from, pattern, wanted }) => {
      const lines = Array.from(document.querySelectorAll<HTMLElement>(selector)).slice(from);
      const re = new RegExp(pattern);
      for (const el of lines) {
        const line = el.innerText.replace(/\s+/g, ' ').trim();
        const match = re.exec(line);
        if (match && wanted.includes(match[1]!)) return line;
      }
      return false;
    },
    { selector: ENTRIES, from: fromLine, pattern: TO_BOT.source, wanted: [...types] },
    { polling: 100, timeout: timeoutMs },
  );
  return parseDelivery((await handle.jsonValue()) as string)!;
}

/** Number of Log Panel lines now: the starting point for {@link waitForDelivery}. */
export function logLineCount(page: Page): Promise<number> {
  return page.locator(ENTRIES).count();
}
