/**
 * `PlaygroundPage`: one headless browser page on the Agents Playground UI, with the moves a Teams user
 * makes (open a chat or channel, type, @mention the bot, click card actions) and waits on what the bot
 * shows. Every wait fails with the conversation's recent messages and the Log Panel tail in its message.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { cardLinkUrl, cardText, clickCardAction, fillCardInput } from './cards';
import { composeBox, postButton, typeMention } from './composer';
import { logLines } from './logPanel';
import {
  attrSelector,
  currentMark,
  findMessage,
  type MessageQuery,
  messageBySeq,
  waitForMessage,
  type Watermark,
} from './messages';
import { TAG, taggerScript } from './tagger';

/** Options of {@link openPlayground}. */
export interface OpenPlaygroundOptions {
  /** Where {@link PlaygroundPage.screenshot} writes PNGs. Default `<repo>/.tmp/e2e-screenshots`. */
  screenshotsDir?: string;
  /** Default timeout of every wait, in ms. Default 20000 (the machine may be busy). */
  timeoutMs?: number;
  /** Browser viewport in CSS pixels. Default 1400 x 900. */
  viewport?: { width: number; height: number };
}

/** Options of the waits. */
export interface WaitOptions {
  /** Only messages newer than this mark (from {@link PlaygroundPage.send} or {@link PlaygroundPage.mark}). */
  after?: Watermark;
  /** Overrides the page's default timeout, in ms. */
  timeoutMs?: number;
}

const DEFAULT_SCREENSHOTS = resolve(__dirname, '..', '..', '..', '.tmp', 'e2e-screenshots');
const PERSONAL_CHAT = 'Personal Chat'; // the Playground's fixed name for the 1:1 chat with the bot

/** Opens the Playground UI at `url` in a fresh headless Chromium. Close it with `close()`. */
export async function openPlayground(
  url: string,
  options: OpenPlaygroundOptions = {},
): Promise<PlaygroundPage> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript({ content: taggerScript() });
    await page.goto(url);
    const avatar = page.getByRole('treeitem', { name: PERSONAL_CHAT }).getByRole('img');
    const botName = await avatar.getAttribute('aria-label', { timeout: options.timeoutMs ?? 20_000 });
    if (!botName)
      throw new Error(`the Playground at ${url} shows no bot name on its "${PERSONAL_CHAT}" entry`);
    return new PlaygroundPage(browser, page, botName, options);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export class PlaygroundPage {
  private readonly timeoutMs: number;
  private readonly screenshotsDir: string;

  /** @internal use {@link openPlayground}. `page` is the raw Playwright page, for anything not covered. */
  constructor(
    private readonly browser: Browser,
    readonly page: Page,
    /** The bot's display name, read from the UI (the config file's `bot.name`). */
    readonly botName: string,
    options: OpenPlaygroundOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.screenshotsDir = options.screenshotsDir ?? DEFAULT_SCREENSHOTS;
    page.setDefaultTimeout(this.timeoutMs);
  }

  /** Opens the 1:1 chat with the bot (selected at page load, but opening it explicitly is harmless). */
  async openPersonalChat(): Promise<void> {
    await this.chats().getByRole('treeitem', { name: PERSONAL_CHAT, exact: true }).click();
    await this.chatOpened();
  }

  /** Opens the group chat (the config file's `groupChat`; there is only one). */
  async openGroupChat(): Promise<void> {
    await this.chats().getByRole('treeitem').filter({ hasNotText: PERSONAL_CHAT }).first().click();
    await this.chatOpened();
  }

  /** Opens `channel` of `team` (e.g. "Contoso SOC", "SOC Alerts"; the team's first channel is "General"). */
  async openChannel(team: string, channel: string): Promise<void> {
    const item = this.page.getByRole('treeitem', { name: `${team} - ${channel}`, exact: true });
    // The Playground first renders its built-in team ("My Team") and swaps in the configured one a moment
    // later: wait for the channel rather than looking once.
    await item.waitFor({ timeout: 15_000 }).catch(() => undefined);
    if ((await item.count()) === 0) {
      const names = await this.page.getByRole('tree', { name: 'Teams Channel' }).getByRole('treeitem').all();
      const known = await Promise.all(names.map((n) => n.getAttribute('aria-label')));
      throw new Error(`no channel "${team} - ${channel}" in the Playground (it has: ${known.join(', ')})`);
    }
    await item.click();
    await postButton(this.page).waitFor();
  }

  /**
   * Sends `text` from the current user in the open conversation (a new post in a channel) and waits until
   * it shows. With `mentionBot`, first types `@` and picks the bot from the typeahead, as a channel or
   * group chat needs for the bot to receive it. Returns a mark taken just before sending: pass it as
   * `after` to wait only for what the bot answers to this message.
   */
  async send(text: string, options: { mentionBot?: boolean } = {}): Promise<Watermark> {
    if (/[\r\n]/.test(text)) throw new Error('send: text must be a single line (Enter sends the message)');
    const before = await this.mark();
    await (await composeBox(this.page)).click();
    if (options.mentionBot) await typeMention(this.page, this.botName);
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.waitFor(
      { author: this.botName, notAuthor: true, text, after: before },
      'your message to show',
    );
    return before;
  }

  /** A mark of the conversation now, for the `after` option of the waits. */
  mark(): Promise<Watermark> {
    return currentMark(this.page);
  }

  /** All of the bot's message bodies in the open conversation (DOM order; channel posts newest first). */
  botMessages(): Locator {
    return this.page.locator(attrSelector(TAG.author, this.botName));
  }

  /** The reply bodies in the channel thread that holds `message` (a post, or anything inside one). */
  replies(message: Locator): Locator {
    return message
      .locator('xpath=ancestor-or-self::div[@role="group"][1]')
      .locator(attrSelector(TAG.kind, 'reply'));
  }

  /** Visible text of the bot's newest message (the one that arrived last while this view was open). */
  async lastBotMessage(): Promise<string> {
    const seq = await findMessage(this.page, { author: this.botName });
    if (seq === 0)
      throw new Error(`no message from ${this.botName} in the open conversation\n${await this.state()}`);
    return normalize(await messageBySeq(this.page, seq).innerText());
  }

  /** Waits for a bot message whose text contains `text` (or matches it) and returns that message. */
  async waitForBotText(text: string | RegExp, options: WaitOptions = {}): Promise<Locator> {
    const query = { author: this.botName, text, after: options.after };
    return messageBySeq(this.page, await this.waitFor(query, `bot text ${String(text)}`, options.timeoutMs));
  }

  /**
   * Waits for a bot message holding an Adaptive Card whose text contains `text` and returns the card.
   * The locator follows the message, so it still points at the card after the bot updates it in place.
   */
  async waitForCard(text: string | RegExp, options: WaitOptions = {}): Promise<Locator> {
    const query = { author: this.botName, text, after: options.after, card: true };
    const seq = await this.waitFor(query, `a card with ${String(text)}`, options.timeoutMs);
    return messageBySeq(this.page, seq).locator('.ac-adaptiveCard').first();
  }

  /** See {@link clickCardAction}: clicks and waits for the bot's answer; throws on an HTTP error. */
  clickCardAction(card: Locator, title: string): Promise<void> {
    return clickCardAction(card, title, { timeoutMs: this.timeoutMs });
  }

  /** See {@link cardLinkUrl}: the URL of the card's Action.OpenUrl titled `title`. */
  cardLinkUrl(card: Locator, title: string): Promise<string> {
    return cardLinkUrl(card, title);
  }

  /** See {@link fillCardInput}: sets the input labelled `label` (or with that placeholder). */
  fillCardInput(card: Locator, label: string, value: string): Promise<void> {
    return fillCardInput(card, label, value);
  }

  /** The card's visible text, whitespace collapsed. */
  cardText(card: Locator): Promise<string> {
    return cardText(card);
  }

  /** Saves a PNG of the page (or of `target`) as `<screenshotsDir>/<name>.png`; returns its path. */
  async screenshot(name: string, options: { target?: Locator } = {}): Promise<string> {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot: name "${name}" must be a plain file name`);
    mkdirSync(this.screenshotsDir, { recursive: true });
    const path = join(this.screenshotsDir, `${name}.png`);
    await (options.target ?? this.page).screenshot({ path });
    return path;
  }

  /** The Log Panel's lines (what the Playground sent the bot and the bot sent back), oldest first. */
  logLines(): Promise<string[]> {
    return logLines(this.page);
  }

  /** Closes the browser. */
  async close(): Promise<void> {
    await this.browser.close();
  }

  private async waitFor(query: MessageQuery, what: string, timeoutMs = this.timeoutMs): Promise<number> {
    try {
      return await waitForMessage(this.page, query, timeoutMs);
    } catch (error) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${await this.state()}`, {
        cause: error,
      });
    }
  }

  /** The newest messages and log lines, for failure messages. */
  private async state(): Promise<string> {
    const messages = await this.page.locator(`[${TAG.seq}]`).evaluateAll(
      (els, tag) =>
        els.map((el) => ({
          seq: Number(el.getAttribute(tag.seq)),
          line: `${el.getAttribute(tag.author) || 'me'}: ${(el as HTMLElement).innerText.replace(/\s+/g, ' ')}`,
        })),
      TAG,
    );
    const recent = messages.sort((a, b) => a.seq - b.seq).slice(-10);
    const lines = recent.map((m) => `${m.seq} ${m.line.slice(0, 160)}`);
    const log = (await logLines(this.page)).slice(-8);
    return `--- messages (seq author: text) ---\n${lines.join('\n') || '(none)'}\n--- log panel ---\n${log.join('\n')}`;
  }

  private async chatOpened(): Promise<void> {
    await postButton(this.page).waitFor({ state: 'detached' });
    await this.page.getByRole('textbox').waitFor();
  }

  private chats(): Locator {
    return this.page.getByRole('tree', { name: 'Personal and Group Chat' });
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
