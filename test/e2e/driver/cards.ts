/**
 * Adaptive Card interactions. The Playground renders cards with the adaptivecards JS renderer and Fluent
 * UI controls: root `.ac-adaptiveCard`, actions as buttons named by their title, inputs labelled by their
 * `label` (`<label for>`) or, without one, by their placeholder (aria-label). A card input's `id` never
 * reaches the DOM (the renderer generates `__ac-<uuid>` ids), so inputs are found by label.
 */
import type { Locator } from 'playwright-core';
import { logLineCount, waitForDelivery } from './logPanel';

/** The visible text of a card (input values excluded), whitespace collapsed. */
export async function cardText(card: Locator): Promise<string> {
  return (await card.innerText()).replace(/\s+/g, ' ').trim();
}

/** Finds the input labelled `label` (its Adaptive Card `label`, or its placeholder). */
export async function cardInput(card: Locator, label: string): Promise<Locator> {
  for (const candidate of [
    card.getByLabel(label, { exact: true }),
    card.getByPlaceholder(label, { exact: true }),
  ]) {
    if ((await candidate.count()) > 0) return candidate.first();
  }
  const inputs = await card
    .locator('input, textarea, [role="combobox"]')
    .evaluateAll((els) =>
      els.map((el) => el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.id),
    );
  throw new Error(`card has no input labelled "${label}" (its inputs: ${inputs.join(', ') || 'none'})`);
}

/**
 * Sets a card input like a user would: types into Input.Text/Number/Date, picks the choice whose title is
 * `value` in a compact Input.ChoiceSet (a Fluent combobox) or an expanded one (radios), and checks or
 * unchecks an Input.Toggle (`value` true/false).
 */
export async function fillCardInput(card: Locator, label: string, value: string | boolean): Promise<void> {
  const input = await cardInput(card, label);
  const role = await input.getAttribute('role');
  const type = await input.getAttribute('type');
  if (role === 'combobox') {
    await input.click();
    await card
      .page()
      .getByRole('option', { name: String(value), exact: true })
      .click();
  } else if (role === 'radiogroup') {
    await input.getByRole('radio', { name: String(value), exact: true }).check();
  } else if (type === 'checkbox') {
    await input.setChecked(value === true || value === 'true');
  } else {
    await input.fill(String(value));
  }
}

/** Options of {@link clickCardAction}. */
export interface ClickCardActionOptions {
  /** How long to wait for the bot's answer, in ms. Default 20000. */
  timeoutMs?: number;
}

/**
 * Clicks the card action titled `title` and, for actions that reach the bot (Action.Execute, Action.Submit),
 * waits until the Playground logged the bot's answer. Throws when the bot answered with an HTTP error
 * (the Playground leaves the card unchanged then, so the failure would otherwise be silent).
 * Action.ShowCard and Action.OpenUrl (which do not reach the bot) return right after the click.
 */
export async function clickCardAction(card: Locator, title: string, options: ClickCardActionOptions = {}) {
  // Only the card's action bars: inputs have buttons too (a combobox's "Open" chevron).
  const actions = card.locator('.ac-actionSet');
  const button = actions.getByRole('button', { name: title, exact: true });
  if ((await button.count()) === 0) {
    const titles = await actions.getByRole('button').allInnerTexts();
    throw new Error(`card has no action "${title}" (its actions: ${titles.join(', ') || 'none'})`);
  }
  // ShowCard toggles carry aria-expanded; they and links stay in the browser.
  const local = (await button.first().getAttribute('aria-expanded')) !== null;
  const page = card.page();
  const from = await logLineCount(page);
  await button.first().click();
  if (local) return;
  const delivery = await waitForDelivery(page, from, ['invoke', 'message'], options.timeoutMs ?? 20_000);
  if (delivery.status >= 400) {
    throw new Error(`the bot answered the "${title}" action with HTTP ${delivery.status}: ${delivery.line}`);
  }
}
