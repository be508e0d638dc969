/**
 * `/report` in a real Teams client: Agents Playground in headless Chromium with the real service and the
 * Graph simulator. The analyst subscribes the "SOC Alerts" channel, a correlated case arrives and is
 * assigned from its card, then `/report` in the channel answers with the shift report.
 *
 * Agents Playground (0.2.28) draws Teams' `Chart.Donut` and `Chart.VerticalBar` (without their titles);
 * clients that do not know them show each chart's `fallback`, a table of the same numbers (checked in
 * test/unit/cards/reportCard.test.ts). The screenshot is docs/images/report.png with UPDATE_SCREENSHOTS=1.
 */
import { resolve } from 'node:path';
import { hasChromium, openPlayground, type PlaygroundPage } from './driver';
import { addCorrelatedPair, DEFENDER_TITLE } from './fixtures/alertPair';
import { recordCardTexts } from './fixtures/cardHistory';
import { startProductStack, type ProductStack } from './fixtures/productStack';
import { Screenshots } from './fixtures/screenshots';
import { botSettled } from './fixtures/settle';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const shots = new Screenshots(
  process.env.UPDATE_SCREENSHOTS ? resolve(ROOT, 'docs', 'images') : resolve(ROOT, '.tmp', 'e2e-screenshots'),
);

const describeWithBrowser = hasChromium() ? describe : describe.skip;

describeWithBrowser('/report in Agents Playground (real browser, simulator, in-process service)', () => {
  let stack: ProductStack;
  let ui: PlaygroundPage;

  beforeAll(async () => {
    stack = await startProductStack('report');
    ui = await openPlayground(stack.playground.url, { viewport: { width: 1280, height: 1600 } });
  });

  afterAll(async () => {
    await ui?.close();
    await stack?.stop();
  });

  it('gets a correlated case into the channel and assigns it from the card', async () => {
    await ui.openChannel('Contoso SOC', 'SOC Alerts');
    const sent = await ui.send('/subscribe', { mentionBot: true });
    await ui.waitForCard('Subscribed', { after: sent });
    const user = stack.sim.directory.users.find((u) => u.displayName === 'Emily Braun');
    addCorrelatedPair(stack.sim, user!);
    const card = await ui.waitForCard(DEFENDER_TITLE, { after: sent });

    const history = await recordCardTexts(card);
    await ui.clickCardAction(card, 'Assign to me');

    await history.waitFor('assigned the alert to');
    await botSettled(stack.bot);
  });

  it('answers /report in the channel with the shift report: charts, response times, users, analysts', async () => {
    const sent = await ui.send('/report since=24h', { mentionBot: true });

    const report = await ui.waitForCard('Shift report: 1 correlated alert', { after: sent });

    await shots.post('report', report);
    const text = visible(await ui.cardText(report));
    expect(text).toContain('New'); // the donut's legend
    expect(text).toContain('High'); // the bar's label
    expect(text).toContain('1 from Teams · 0 seen in Defender · 0 waiting');
    expect(text.toLowerCase()).toContain('emily.braun@contoso.com');
    expect(text).toContain('Riley Chen');
    expect(text).toContain('DLP alert titles stand in');
  });
});

/** Text without the zero-width joiners cards put into dotted names so that Teams does not link them. */
function visible(text: string): string {
  return text.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
}
