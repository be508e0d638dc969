/**
 * The product in a real Teams client: Agents Playground in headless Chromium, the real service in-process
 * and the Graph simulator, all on loopback. An analyst (Riley Chen, from .m365agentsplayground.yml)
 * subscribes the "SOC Alerts" channel, a correlated Defender + DLP case is planted in the simulator, and
 * the analyst works it from its card; then uses the personal chat. The steps share one Playground, one
 * browser and one conversation, so they run in order.
 *
 * Screenshots go to .tmp/e2e-screenshots; with UPDATE_SCREENSHOTS=1 they refresh the README's images in
 * docs/images instead.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { hasChromium, openPlayground, type PlaygroundPage, type Watermark } from './driver';
import { addCorrelatedPair, DEFENDER_TITLE, type PlantedPair } from './fixtures/alertPair';
import { recordCardTexts } from './fixtures/cardHistory';
import { startProductStack, type ProductStack } from './fixtures/productStack';
import { Screenshots } from './fixtures/screenshots';
import { botSettled } from './fixtures/settle';

// jest 30 ignores `testTimeout` inside a `projects` entry, so set it here (each step takes seconds).
jest.setTimeout(60_000);

const ANALYST = { name: 'Riley Chen', upn: 'riley.chen@contoso.com' };
const ROOT = resolve(__dirname, '..', '..');
const shots = new Screenshots(
  process.env.UPDATE_SCREENSHOTS ? resolve(ROOT, 'docs', 'images') : resolve(ROOT, '.tmp', 'e2e-screenshots'),
);
const ALERT_ACTIONS = [
  'Enrich',
  'Sensitive info types',
  'Snooze…',
  'Assign to me',
  'Assign to…',
  'Resolve / classify',
  'Set status',
  'Comment',
];
const COMMENT_INPUT = 'What did you find?'; // the placeholder (a required input's label gets a " *")

const describeWithBrowser = hasChromium() ? describe : describe.skip;

describeWithBrowser('the bot in Agents Playground (real browser, simulator, in-process service)', () => {
  let stack: ProductStack;
  let ui: PlaygroundPage;
  let pair: PlantedPair;
  let card: Locator;
  let beforeCard: Watermark;
  let subscribed: Locator;

  beforeAll(async () => {
    stack = await startProductStack('product');
    // Tall enough for a whole alert card (the Playground renders cards 446 px wide).
    ui = await openPlayground(stack.playground.url, { viewport: { width: 1280, height: 1400 } });
  });

  afterAll(async () => {
    await ui?.close();
    await stack?.stop();
  });

  it('subscribes the SOC channel when the analyst @mentions the bot with /subscribe', async () => {
    await ui.openChannel('Contoso SOC', 'SOC Alerts');
    const sent = await ui.send('/subscribe', { mentionBot: true });

    subscribed = await ui.waitForCard('Subscribed', { after: sent });

    expect(await ui.cardText(subscribed)).toContain('will be posted in this channel');
  });

  it('posts a correlated Defender alert with its DLP alert as a card in the channel', async () => {
    beforeCard = await ui.mark();
    const user = stack.sim.directory.users.find((u) => u.displayName === 'Emily Braun');
    pair = addCorrelatedPair(stack.sim, user!);

    card = await ui.waitForCard(DEFENDER_TITLE, { after: beforeCard });

    const text = visible(await ui.cardText(card));
    expect(text).toContain('High severity');
    expect(text).toContain('Emily.Braun@contoso.com');
    expect(text).toContain('Correlated DLP alerts (1)');
    expect(text).toContain(pair.dlp.title);
    for (const action of ALERT_ACTIONS) {
      await card.getByRole('button', { name: action, exact: true }).waitFor();
    }
    await shots.channel('channel-card', card, { until: subscribed });
  });

  it('adds one enrichment comment naming the analyst to the Defender alert when Enrich is clicked', async () => {
    const history = await recordCardTexts(card);
    await ui.clickCardAction(card, 'Enrich');

    // The answer's banner; the bot's own refresh of the card replaces it a moment later.
    await history.waitFor('added the DLP context to the Defender alert as a comment (1 DLP alert).');
    await ui.waitForCard(`Last enriched by ${ANALYST.name}`, { after: beforeCard });
    const comments = stack.sim.comments(pair.defender.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.comment).toContain(`${ANALYST.name} (${ANALYST.upn})`);
    expect(comments[0]!.comment).toContain(pair.dlp.id);
    for (const value of stack.sim.detectedValues()) expect(comments[0]!.comment).not.toContain(value);
    await botSettled(stack.bot);
    await shots.post('enriched', card);
  });

  it('posts a comment typed on the card to the Defender alert, signed with the analyst', async () => {
    const note = 'Confirmed with Emily: no business reason to copy card data to OneDrive. Escalating.';
    const history = await recordCardTexts(card);
    await ui.clickCardAction(card, 'Comment');
    await ui.fillCardInput(card, COMMENT_INPUT, note);
    await ui.clickCardAction(card, 'Add comment');

    await history.waitFor('added a comment to the Defender alert.');
    const comments = stack.sim.comments(pair.defender.id);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.comment).toContain(note);
    expect(comments[1]!.comment).toContain(`${ANALYST.name} (${ANALYST.upn})`);
    await ui.waitForCard(note, { after: beforeCard });
  });

  it('shows the sensitive info types with their counts and never a detected value', async () => {
    // A late refresh from the comment would replace the answer card: let the bot finish first.
    await botSettled(stack.bot);
    await ui.clickCardAction(card, 'Sensitive info types');

    await ui.waitForCard('Credit Card Number · 14 matches', { after: beforeCard });
    const text = visible(await ui.cardText(card));
    expect(text).toContain('Credit Card Number · 14 matches');
    expect(text).toContain('U.S. Social Security Number (SSN) · 3 matches');
    expect(text).toContain('Policy: U.S. Financial Data');
    const values = stack.sim.detectedValues();
    expect(values.length).toBeGreaterThan(0); // the leak check below must have something to look for
    const log = readFileSync(stack.botLogFile, 'utf8');
    expect(log).toContain('sensitive info types found'); // the log holds this lookup
    for (const value of values) {
      expect(text).not.toContain(value);
      expect(log).not.toContain(value);
    }
    await shots.post('sit', card);
  });

  it('lists the correlated alert for /alerts in the personal chat', async () => {
    await ui.openPersonalChat();
    const sent = await ui.send('/alerts');

    const list = await ui.waitForCard('Correlated alerts (1)', { after: sent });

    const text = visible(await ui.cardText(list));
    expect(text).toContain(DEFENDER_TITLE);
    expect(text).toContain(pair.defender.id);
    await shots.message('alerts', list);
  });

  it('answers /help in the personal chat with the commands', async () => {
    const sent = await ui.send('/help');

    const help = await ui.waitForCard('Commands', { after: sent });

    const text = await ui.cardText(help);
    const commands = [
      '/alerts',
      '/subscribe',
      '/enrich',
      '/sit',
      '/comment',
      '/status',
      '/report',
      '/snoozes',
    ];
    for (const command of [...commands, '/routes', '/route add|remove']) expect(text).toContain(command);
    for (const action of ['On an alert card', 'Resolve / classify', 'Assign to…', 'Snooze…'])
      expect(text).toContain(action);
    // The help card is taller than the viewport: make room for all of it in the README's screenshot.
    await ui.page.setViewportSize({ width: 1280, height: 2400 });
    await shots.message('help', help);
  });
});

/** Text without the zero-width joiners cards put into dotted names so that Teams does not link them. */
function visible(text: string): string {
  return text.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
}
