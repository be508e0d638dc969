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

// Form controls only: action buttons are labelled too (a ShowCard "Comment" next to a "Comment" input).
const CONTROLS = 'input, textarea, [role="combobox"], [role="radiogroup"]';

/** Finds the input labelled `label` (its Adaptive Card `label`, or its placeholder). */
export async function cardInput(card: Locator, label: string): Promise<Locator> {
  const controls = card.locator(CONTROLS);
  const byLabel = card.getByLabel(label, { exact: true }).and(controls);
  for (const candidate of [byLabel, card.getByPlaceholder(label, { exact: true })]) {
    if ((await candidate.count()) > 0) return candidate.first();
  }
  const names = await controls.evaluateAll((els) =>
    els.map((el) => el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.id),
  );
  throw new Error(`card has no input labelled "${label}" (its inputs: ${names.join(', ') || 'none'})`);
}

/**
 * Sets a card input like a user would: types into Input.Text (single or multiline), Number, Date and Time;
 * picks the choice titled `value` in an Input.ChoiceSet, compact (a Fluent combobox) or expanded (radios).
 * Input.Toggle and multi-select choice sets are not handled (the product uses neither).
 */
export async function fillCardInput(card: Locator, label: string, value: string): Promise<void> {
  const input = await cardInput(card, label);
  const role = await input.getAttribute('role');
  if (role === 'combobox') {
    await input.click();
    // The options list is a popup outside the card.
    await card.page().getByRole('option', { name: value, exact: true }).click();
  } else if (role === 'radiogroup') {
    await input.getByRole('radio', { name: value, exact: true }).check();
  } else {
    await input.fill(value);
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
 * Action.ShowCard (which stays in the browser) returns right after the click. Action.OpenUrl is not
 * clicked (it would leave the page): read its target with {@link cardLinkUrl}.
 */
export async function clickCardAction(card: Locator, title: string, options: ClickCardActionOptions = {}) {
  const button = await cardAction(card, title, 'button');
  // ShowCard toggles carry aria-expanded.
  const local = (await button.getAttribute('aria-expanded')) !== null;
  const page = card.page();
  const from = await logLineCount(page);
  await button.click();
  if (local) return;
  const delivery = await waitForDelivery(page, from, ['invoke', 'message'], options.timeoutMs ?? 20_000);
  if (delivery.status >= 400) {
    throw new Error(`the bot answered the "${title}" action with HTTP ${delivery.status}: ${delivery.line}`);
  }
}

/** The URL of the card's Action.OpenUrl titled `title` (rendered as a link button titled with its URL). */
export async function cardLinkUrl(card: Locator, title: string): Promise<string> {
  const link = await cardAction(card, title, 'link');
  return (await link.getAttribute('title')) ?? '';
}

async function cardAction(card: Locator, title: string, role: 'button' | 'link'): Promise<Locator> {
  // Only the card's action bars: inputs have buttons too (a combobox's "Open" chevron).
  const actions = card.locator('.ac-actionSet');
  const action = actions.getByRole(role, { name: title, exact: true });
  if ((await action.count()) === 0) {
    const titles = await actions
      .locator('button')
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    const kind = role === 'link' ? 'link' : 'action';
    throw new Error(`card has no ${kind} "${title}" (its actions: ${titles.join(', ') || 'none'})`);
  }
  return action.first();
}
