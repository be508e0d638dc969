/**
 * Checks every card must pass: the real `adaptivecards` parser reports nothing, plus the rules the
 * parser is lenient about (verbs, unique input ids, image urls, version, fallback text, size, no unbound
 * template expressions).
 */
import * as AC from 'adaptivecards';
import { ALL_VERBS } from '../../../src/cards/actions';
import { MAX_CARD_BYTES, cardBytes, type AdaptiveCard } from '../../../src/cards/render';

type Json = Record<string, unknown>;

/** Every object in the card (elements, actions, inline cards, facts, choices), depth first. */
export function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit));
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Json);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

export function objectsOfType(card: unknown, type: string): Json[] {
  const out: Json[] = [];
  walk(card, (o) => {
    if (o.type === type) out.push(o);
  });
  return out;
}

/** Every string in the card, with the key it sits under. */
export function strings(card: unknown): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  walk(card, (o) => {
    for (const [key, value] of Object.entries(o)) if (typeof value === 'string') out.push({ key, value });
  });
  return out;
}

/** Text shown as Markdown in Teams: TextBlock text and Fact title/value. */
export function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (o) => {
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) {
      for (const f of o.facts as Json[]) out.push(String(f.title), String(f.value));
    }
  });
  return out;
}

/** The Teams people-picker datasets (`choices.data` of type `Data.Query`). */
const PEOPLE_DATASETS = ['graph.microsoft.com/users', 'graph.microsoft.com/users?scope=currentContext'];

/**
 * The `adaptivecards` parser does not know Teams' dynamic `choices.data` (the people picker) and reports
 * its empty static `choices` as an error. Such a choice set is checked here instead (a well-formed
 * Data.Query on a known dataset) and handed to the parser with one stand-in choice.
 */
function withoutPeoplePickers(card: AdaptiveCard): { card: AdaptiveCard; events: string[] } {
  const events: string[] = [];
  const copy = JSON.parse(JSON.stringify(card)) as AdaptiveCard;
  walk(copy, (o) => {
    const query = o['choices.data'] as Json | undefined;
    if (o.type !== 'Input.ChoiceSet' || query === undefined) return;
    if (query.type !== 'Data.Query' || !PEOPLE_DATASETS.includes(String(query.dataset)))
      events.push(`Input.ChoiceSet "${String(o.id)}" has a choices.data that is not a people Data.Query.`);
    if (Array.isArray(o.choices) && o.choices.length === 0) o.choices = [{ title: 'stand-in', value: 'x' }];
  });
  return { card: copy, events };
}

export function parseEvents(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  const checked = withoutPeoplePickers(card);
  parsed.parse(checked.card, ctx);
  const events: string[] = [...checked.events];
  for (let i = 0; i < ctx.eventCount; i++) events.push(ctx.getEventAt(i).message);
  const validation = parsed.validateProperties();
  for (const e of validation.validationEvents) events.push(e.message);
  return events;
}

/** Throws (as a jest assertion) on anything a card must never have. */
export function expectValidCard(card: AdaptiveCard): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  expect(card.fallbackText.trim().length).toBeGreaterThan(0);
  expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
  expect(parseEvents(card)).toEqual([]);
  const ids: string[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) ids.push(String(o.id));
    if (o.type === 'Image') expect(typeof o.url === 'string' && o.url.startsWith('https://')).toBe(true);
    if (o.type === 'Action.Execute') {
      expect(ALL_VERBS).toContain(o.verb);
      const data = o.data as Json;
      expect(typeof data.alertId).toBe('string');
      expect(Number.isInteger(data.cardVersion)).toBe(true);
    }
    if (o.type === 'Action.OpenUrl') expect(String(o.url)).toMatch(/^https:\/\//);
  });
  expect(new Set(ids).size).toBe(ids.length);
  // An unbound template field expands to its own `${name}`; escaped data shows as `$\u200D{`.
  for (const s of strings(card)) expect(s.value).not.toContain('${');
}

const SPECIALS = new Set(['\\', '*', '_', '[', ']', '(', ')', '#', '>', '~', '`', '|', '<', '{', '}']);

/** Markdown-special characters in `text` that are NOT backslash-escaped. */
export function unescapedSpecials(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      i++; // the next character is escaped
      continue;
    }
    if (SPECIALS.has(c)) found.push(c);
  }
  return found;
}
