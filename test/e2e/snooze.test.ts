/**
 * Snooze from the card in a real Teams client: Agents Playground in headless Chromium, the real service
 * in-process and the Graph simulator, all on loopback. The analyst subscribes the "SOC Alerts" channel,
 * a correlated case is carded, the analyst opens "Snooze…", unticks the high-severity break-through and
 * snoozes the user; the card answers with what was snoozed and `/snoozes` lists it.
 *
 * The screenshot goes to .tmp/e2e-screenshots; with UPDATE_SCREENSHOTS=1 it refreshes docs/images.
 */
import { resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { hasChromium, openPlayground, type PlaygroundPage } from './driver';
import { addCorrelatedPair, DEFENDER_TITLE } from './fixtures/alertPair';
import { recordCardTexts } from './fixtures/cardHistory';
import { startProductStack, type ProductStack } from './fixtures/productStack';
import { Screenshots } from './fixtures/screenshots';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const shots = new Screenshots(
  process.env.UPDATE_SCREENSHOTS ? resolve(ROOT, 'docs', 'images') : resolve(ROOT, '.tmp', 'e2e-screenshots'),
);
const describeWithBrowser = hasChromium() ? describe : describe.skip;

describeWithBrowser('snooze from the card in Agents Playground', () => {
  let stack: ProductStack;
  let ui: PlaygroundPage;
  let card: Locator;

  beforeAll(async () => {
    stack = await startProductStack('snooze');
    ui = await openPlayground(stack.playground.url, { viewport: { width: 1280, height: 1600 } });
    await ui.openChannel('Contoso SOC', 'SOC Alerts');
    const sent = await ui.send('/subscribe', { mentionBot: true });
    await ui.waitForCard('Subscribed', { after: sent });
  });

  afterAll(async () => {
    await ui?.close();
    await stack?.stop();
  });

  it('snoozes the user for 24 hours, high severity included, and says so on the card', async () => {
    const before = await ui.mark();
    const user = stack.sim.directory.users.find((u) => u.displayName === 'Emily Braun')!;
    addCorrelatedPair(stack.sim, user);
    card = await ui.waitForCard(DEFENDER_TITLE, { after: before });

    await ui.clickCardAction(card, 'Snooze…');
    await ui.fillCardInput(card, 'For', '24 hours');
    await card.getByRole('checkbox', { name: 'High-severity alerts still come through' }).uncheck();
    const history = await recordCardTexts(card);
    // Addresses on cards carry zero-width joiners (no autolinks), button titles too.
    await ui.clickCardAction(card, 'Snooze Emily.\u200DBraun@contoso.\u200Dcom');

    await history.waitFor('Snoozed user');
    const text = visible(await ui.cardText(card));
    expect(text).toContain('Snoozed user Emily.Braun@contoso.com until');
    expect(text).toContain('(high severity held too) in this conversation');
    await shots.post('snooze', card);
  });

  it('lists the snooze for /snoozes in the channel', async () => {
    const sent = await ui.send('/snoozes', { mentionBot: true });
    const list = await ui.waitForCard('Snoozes here (1)', { after: sent });
    expect(visible(await ui.cardText(list))).toContain('user Emily.Braun@contoso.com until');
  });
});

function visible(text: string): string {
  return text.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
}
