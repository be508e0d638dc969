/**
 * The triage forms in a real Teams client (Agents Playground in headless Chromium, the real service and
 * the Graph simulator on loopback): Assign to… and Resolve with a reason, worked from the alert card in
 * the "SOC Alerts" channel by Riley Chen. The steps share one Playground and one card, so they run in
 * order. Screenshots go to .tmp/e2e-screenshots; with UPDATE_SCREENSHOTS=1 to docs/images (the README's).
 */
import { resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { hasChromium, openPlayground, type PlaygroundPage, type Watermark } from './driver';
import { addCorrelatedPair, DEFENDER_TITLE, type PlantedPair } from './fixtures/alertPair';
import { recordCardTexts } from './fixtures/cardHistory';
import { startProductStack, type ProductStack } from './fixtures/productStack';
import { Screenshots } from './fixtures/screenshots';
import { botSettled } from './fixtures/settle';

jest.setTimeout(60_000);

const ANALYST = { name: 'Riley Chen', upn: 'riley.chen@contoso.com' };
/** A member of the Playground's team (.m365agentsplayground.yml). */
const COLLEAGUE = { name: 'Megan Bowen', upn: 'megan.bowen@contoso.com' };
const ROOT = resolve(__dirname, '..', '..');
const shots = new Screenshots(
  process.env.UPDATE_SCREENSHOTS ? resolve(ROOT, 'docs', 'images') : resolve(ROOT, '.tmp', 'e2e-screenshots'),
);
const REASON = 'Emily copied the files to the sanctioned backup share; approved by her manager.';

const describeWithBrowser = hasChromium() ? describe : describe.skip;

describeWithBrowser('the triage forms in Agents Playground', () => {
  let stack: ProductStack;
  let ui: PlaygroundPage;
  let pair: PlantedPair;
  let card: Locator;
  let beforeCard: Watermark;

  beforeAll(async () => {
    stack = await startProductStack('triage');
    ui = await openPlayground(stack.playground.url, { viewport: { width: 1280, height: 1600 } });
    await ui.openChannel('Contoso SOC', 'SOC Alerts');
    const sent = await ui.send('/subscribe', { mentionBot: true });
    await ui.waitForCard('Subscribed', { after: sent });
    beforeCard = await ui.mark();
    const user = stack.sim.directory.users.find((u) => u.displayName === 'Emily Braun');
    pair = addCorrelatedPair(stack.sim, user!);
    card = await ui.waitForCard(DEFENDER_TITLE, { after: beforeCard });
  });

  afterAll(async () => {
    await ui?.close();
    await stack?.stop();
  });

  it('assigns to a colleague through the UPN input beside the people picker, and mentions them', async () => {
    await ui.clickCardAction(card, 'Assign to…');
    // The Playground does not run Teams' Data.Query: its picker has no one to offer, so the text input
    // (the fallback every client gets) is what works here.
    const history = await recordCardTexts(card);
    await ui.fillCardInput(card, 'name@contoso.com', COLLEAGUE.upn);
    await shots.post('assign-form', card);
    await ui.clickCardAction(card, 'Assign');

    await history.waitFor(`assigned the alert to ${COLLEAGUE.name} (${COLLEAGUE.upn}).`);
    expect(stack.sim.alerts.get(pair.defender.id)!.assignedTo).toBe(COLLEAGUE.upn);
    await ui.waitForBotText(`${ANALYST.name} assigned you`, { after: beforeCard });
    await botSettled(stack.bot);
  });

  it('resolves with a classification, a determination that fits and a reason, and collapses the card', async () => {
    await ui.clickCardAction(card, 'Resolve / classify');
    await ui.fillCardInput(card, 'Choose a classification', 'False positive');
    await ui.fillCardInput(card, 'Choose a determination', 'Not malicious (False positive)');
    await ui.fillCardInput(card, 'Why?', REASON);
    const history = await recordCardTexts(card);
    await ui.clickCardAction(card, 'Resolve');

    await history.waitFor('resolved the alert as False positive.');
    const alert = stack.sim.alerts.get(pair.defender.id)!;
    expect(alert).toMatchObject({
      status: 'resolved',
      classification: 'falsePositive',
      determination: 'notMalicious',
    });
    const comments = stack.sim.comments(pair.defender.id);
    expect(comments.at(-1)!.comment).toContain(REASON);
    expect(comments.at(-1)!.comment).toContain(`${ANALYST.name} (${ANALYST.upn})`);
    await ui.waitForCard(`Resolved as False positive · Not malicious by ${ANALYST.name}`, {
      after: beforeCard,
    });
    await card.getByRole('button', { name: 'Reopen', exact: true }).waitFor();
    expect(await card.getByRole('button', { name: 'Assign to me', exact: true }).count()).toBe(0);
    await botSettled(stack.bot);
    await shots.post('resolved', card);
  });
});
