/**
 * The Playground driver against a real Agents Playground, a real headless Chromium and a tiny echo bot:
 * proves each move the product's browser tests will make (chat, channel @mention, card actions with
 * inputs, proactive cards and their in-place updates, screenshots). One Playground and one browser serve
 * the whole file: the machine is small.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import {
  hasChromium,
  openPlayground,
  type PlaygroundPage,
  type RunningPlayground,
  startPlayground,
} from './driver';
import { type EchoBot, startEchoBot } from './fixtures/echoBot';

// The analyst and channel defined in .m365agentsplayground.yml.
const ANALYST_OBJECT_ID = '02f78dc3-4ca1-402c-a6a7-4d22d52af8c8';
const SOC_ALERTS_CHANNEL_ID = '19:bfc4be45b19d4e5c@thread.tacv2';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// jest 30 ignores `testTimeout` inside a `projects` entry (jest.config.js sets one for e2e), so set it here.
jest.setTimeout(120_000);

const describeWithBrowser = hasChromium() ? describe : describe.skip;

const REFUSED = { cause: { code: 'ECONNREFUSED' } };

const isMessage = (text: string) => (a: Activity) => a.type === 'message' && (a.text ?? '').includes(text);

describeWithBrowser('Agents Playground driver (real browser, echo bot)', () => {
  let bot: EchoBot;
  let playground: RunningPlayground;
  let ui: PlaygroundPage;
  let screenshotsDir: string;

  beforeAll(async () => {
    screenshotsDir = mkdtempSync(join(tmpdir(), 'pg-shots-'));
    bot = await startEchoBot();
    playground = await startPlayground({ botEndpoint: bot.endpoint });
    ui = await openPlayground(playground.url, { screenshotsDir });
  });

  afterAll(async () => {
    await ui?.close();
    await playground?.stop();
    await bot?.stop();
    rmSync(screenshotsDir, { recursive: true, force: true });
  });

  it('reads the bot name from the UI', () => {
    expect(ui.botName).toBe('Defender DLP Bot');
  });

  it('delivers a personal-chat message to the bot as the configured analyst and shows the echo', async () => {
    await ui.openPersonalChat();
    const sent = await ui.send('hello from the analyst');

    await ui.waitForBotText('Echo: hello from the analyst', { after: sent });

    expect(await ui.lastBotMessage()).toBe('Echo: hello from the analyst');
    const received = await bot.waitFor(isMessage('hello from the analyst'));
    expect(received.conversation.conversationType).toBe('personal');
    expect(received.from.aadObjectId).toBe(ANALYST_OBJECT_ID);
    expect(received.from.aadObjectId).toMatch(GUID);
    expect(received.serviceUrl).toBe(playground.connectorUrl);
  });

  it('delivers a channel post to the bot only when it @mentions the bot, and threads the reply', async () => {
    await ui.openChannel('Contoso SOC', 'SOC Alerts');
    await ui.send('a post for humans only');
    const sent = await ui.send('ping', { mentionBot: true });

    const reply = await ui.waitForBotText('Echo: ping', { after: sent });

    expect(await reply.getAttribute('data-pg-kind')).toBe('reply');
    const received = await bot.waitFor(isMessage('ping'));
    expect(received.text).toBe('<at>Defender DLP Bot</at> ping');
    expect(received.entities).toContainEqual(
      expect.objectContaining({
        type: 'mention',
        mentioned: expect.objectContaining({ name: 'Defender DLP Bot' }),
      }),
    );
    expect(received.conversation.id).toMatch(new RegExp(`^${SOC_ALERTS_CHANNEL_ID};messageid=\\d+$`));
    expect(received.channelData.channel.id).toBe(SOC_ALERTS_CHANNEL_ID);
    // Sent before the mention and answered in order: had it been delivered, it would be here by now.
    expect(bot.received.some(isMessage('a post for humans only'))).toBe(false);
  });

  it('delivers a group-chat message that @mentions the bot', async () => {
    await ui.openGroupChat();
    const sent = await ui.send('group hello', { mentionBot: true });

    await ui.waitForBotText('Echo: group hello', { after: sent });

    expect((await bot.waitFor(isMessage('group hello'))).conversation.conversationType).toBe('groupChat');
  });

  it('replaces a card with the invoke response of its Action.Execute, which carries the card inputs', async () => {
    await ui.openPersonalChat();
    const sent = await ui.send('card');
    const card = await ui.waitForCard('Demo card', { after: sent });

    await ui.fillCardInput(card, 'Note', 'escalate to tier 2');
    await ui.fillCardInput(card, 'Severity', 'High');
    await ui.clickCardAction(card, 'Click me');

    await ui.waitForCard('Clicked by Riley Chen', { after: sent });
    expect(await ui.cardText(card)).toBe(
      'Clicked by Riley Chen note: escalate to tier 2 severity: high source: click',
    );
    const invoke = await bot.waitFor((a) => a.type === 'invoke');
    expect(invoke.name).toBe('adaptiveCard/action');
    expect(invoke.value.action).toMatchObject({
      verb: 'demo.click',
      data: { source: 'click', note: 'escalate to tier 2', severity: 'high' },
    });
  });

  it("sends the inputs of an Action.ShowCard's sub-card (multiline text, radio choices) with its action", async () => {
    const sent = await ui.send('card');
    const card = await ui.waitForCard('Demo card', { after: sent });

    await ui.clickCardAction(card, 'Comment');
    await ui.fillCardInput(card, 'Comment', 'Looks like exfiltration to a personal mailbox');
    await ui.fillCardInput(card, 'Status', 'Resolved');
    await ui.clickCardAction(card, 'Add comment');

    await ui.waitForCard('Clicked by Riley Chen', { after: sent });
    expect(await ui.cardText(card)).toContain('comment: Looks like exfiltration to a personal mailbox');
    const invoke = await bot.waitFor((a) => a.type === 'invoke' && a.value.action.data.source === 'comment');
    expect(invoke.value.action.data).toMatchObject({
      comment: 'Looks like exfiltration to a personal mailbox',
      status: 'resolved',
    });
  });

  it('fails a card click with the HTTP status when the bot rejects the action', async () => {
    const sent = await ui.send('card');
    const card = await ui.waitForCard('Demo card', { after: sent });

    await expect(ui.clickCardAction(card, 'Break')).rejects.toThrow(/HTTP 501/);
  });

  it('reads the URL of an Action.OpenUrl without leaving the page', async () => {
    const card = await ui.waitForCard('Demo card');

    expect(await ui.cardLinkUrl(card, 'Docs')).toBe('http://127.0.0.1/docs');
  });

  it('names the missing action and input when a card has no such thing', async () => {
    const card = await ui.waitForCard('Demo card');

    await expect(ui.clickCardAction(card, 'Nope')).rejects.toThrow(
      'card has no action "Nope" (its actions: Click me, Break, Comment, Docs)',
    );
    await expect(ui.fillCardInput(card, 'Nope', 'x')).rejects.toThrow('card has no input labelled "Nope"');
  });

  it('shows a proactive card as a new channel post and its in-place update in the same post', async () => {
    await ui.openChannel('Contoso SOC', 'SOC Alerts');
    // The bot learns this channel's reference from a message in it (opening the team only announces
    // the General channel), as the product learns it from `@bot /subscribe`.
    await ui.waitForBotText('Echo: subscribe', { after: await ui.send('subscribe', { mentionBot: true }) });
    const before = await ui.mark();

    const activityId = await bot.postCard('channel', 'Alert 42 (v1)');
    const card = await ui.waitForCard('Alert 42 (v1)', { after: before });
    await bot.updateCard('channel', activityId, 'Alert 42 (v2)');

    await ui.waitForCard('Alert 42 (v2)', { after: before });
    expect(await ui.cardText(card)).toContain('Alert 42 (v2)');
    expect(await ui.botMessages().filter({ hasText: 'Alert 42' }).count()).toBe(1);
    expect(await ui.lastBotMessage()).toContain('Alert 42 (v2)');
  });

  it("shows a proactive reply sent to a post's thread under that post", async () => {
    const before = await ui.mark();
    const rootId = await bot.postCard('channel', 'Alert 43');
    const card = await ui.waitForCard('Alert 43', { after: before });

    await bot.replyInThread('channel', rootId, 'Enrichment posted to Defender');

    const reply = await ui.waitForBotText('Enrichment posted to Defender', { after: before });
    expect(await reply.getAttribute('data-pg-kind')).toBe('reply');
    expect(await ui.replies(card).allInnerTexts()).toEqual(['Enrichment posted to Defender']);
  });

  it('writes a PNG screenshot of the page and of a single card', async () => {
    const card = await ui.waitForCard('Alert 42');

    const page = await ui.screenshot('channel');
    const cardOnly = await ui.screenshot('card', { target: card });

    for (const path of [page, cardOnly]) {
      expect(readFileSync(path).subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
    }
    expect(page).toBe(join(screenshotsDir, 'channel.png'));
  });

  it('reports the conversation and the log panel when a wait times out', async () => {
    await expect(ui.waitForBotText('never said', { timeoutMs: 500 })).rejects.toThrow(
      /waiting for bot text never said[\s\S]*--- messages[\s\S]*Alert 42[\s\S]*--- log panel/,
    );
  });
});

describe('startPlayground (no browser)', () => {
  const endpoint = 'http://127.0.0.1:9/api/messages'; // nothing listens there: fine, no page is opened

  it('serves on loopback only and is gone after stop()', async () => {
    const playground = await startPlayground({ botEndpoint: endpoint });
    const port = new URL(playground.url).port;
    try {
      expect((await fetch(playground.url)).status).toBe(200);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      // Without a non-loopback interface there is nothing to reach it from (the check is then moot).
      if (external) await expect(fetch(`http://${external.address}:${port}/`)).rejects.toMatchObject(REFUSED);
    } finally {
      await playground.stop();
    }
    await expect(fetch(playground.url)).rejects.toMatchObject(REFUSED);
  });

  it("fails with the Playground's own reason when its config file is invalid", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-config-'));
    const configPath = join(dir, 'bad.yml');
    writeFileSync(configPath, "version: '0.1.1'\ntenantId: t\n");
    try {
      await expect(startPlayground({ botEndpoint: endpoint, configPath })).rejects.toThrow(
        /did not start[\s\S]*ConfigFileParseError/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bot endpoint that is not an http URL with a path', async () => {
    await expect(startPlayground({ botEndpoint: '127.0.0.1:3978' })).rejects.toThrow(/botEndpoint must be/);
  });

  it('rejects a config file that does not exist', async () => {
    await expect(
      startPlayground({ botEndpoint: 'http://127.0.0.1:3978/api/messages', configPath: '/nonexistent.yml' }),
    ).rejects.toThrow('config file not found: /nonexistent.yml');
  });
});
