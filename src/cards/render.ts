/**
 * Template expansion and the size rule shared by every card. A card is a JSON template
 * (`templates/*.json`) expanded with `adaptivecards-templating` over a view model whose every bound field
 * is defined and already escaped (the engine leaves `${x}` in the output for an undefined `x`, and treats
 * `${` inside data as literal text, so data cannot inject expressions).
 */
import { BotError } from '../errors';
import { Template } from 'adaptivecards-templating';

/** The Adaptive Cards schema version every card declares (Teams supports 1.5 with Universal Actions). */
export const CARD_SCHEMA_VERSION = '1.5';

/** Teams rejects messages over ~28 KB; a card must serialize to less than this many bytes (UTF-8). */
export const MAX_CARD_BYTES = 28 * 1024;

/** What cards aim for, leaving room for the activity envelope that carries the card. */
export const CARD_BYTE_BUDGET = 24 * 1024;

/** An expanded Adaptive Card, ready for `CardFactory.adaptiveCard()` or an invoke response. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  $schema: string;
  fallbackText: string;
  body: unknown[];
  actions?: unknown[];
  /** Universal Actions refresh; `userIds` is always set on cards this module expands (see `refreshAudience`). */
  refresh?: { action: Record<string, unknown>; userIds?: string[] };
  msteams?: { width?: 'Full' };
  [key: string]: unknown;
}

/** Template data: only JSON values, so nothing can be silently left undefined. */
export type TemplateValue =
  string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

const compiled = new WeakMap<object, Template>();

/** Expands `template` over `data` and checks the result is a well-formed card. */
export function expandCard(template: object, data: { [key: string]: TemplateValue }): AdaptiveCard {
  let t = compiled.get(template);
  if (!t) {
    t = new Template(template);
    compiled.set(template, t);
  }
  const card: unknown = t.expand({ $root: data });
  if (!isCard(card)) {
    throw new BotError(
      'template_invalid',
      'Card template did not expand to an AdaptiveCard with a body: check the template JSON.',
    );
  }
  return withRefreshAudience(card, card.refresh?.userIds);
}

/** Teams auto-refreshes a card for at most this many users (`refresh.userIds`). */
export const MAX_REFRESH_USER_IDS = 60;

/** A Teams user MRI as `refresh.userIds` takes it (`29:…`, or `8:orgid:…`); no spaces, bounded. */
const USER_MRI = /^(?:29|8):\S{1,250}$/;

/**
 * Every card with `refresh` gets a `refresh.userIds` list: at most 60 distinct Teams user MRIs, and an
 * empty list when the card looks the same for everyone. Why: without `userIds` Teams auto-refreshes the
 * card for every viewer in chats and channels of up to 60 members (one `adaptiveCard/action` invoke per
 * view), while `userIds: []` refreshes for no one automatically and leaves the manual "Refresh card"
 * menu item (Microsoft Learn, "Work with Universal Actions for Adaptive Cards", section "UserIds in
 * refresh"; teams.cards `IRefreshDefinition.userIds`). `refresh` itself stays: it is how the bot
 * recognises its own cards (`alertIdOfCard`).
 */
export function withRefreshAudience(
  card: AdaptiveCard,
  userIds: readonly unknown[] | undefined,
): AdaptiveCard {
  if (!card.refresh) return card;
  const ids = [
    ...new Set((userIds ?? []).filter((id): id is string => typeof id === 'string' && USER_MRI.test(id))),
  ];
  card.refresh = { ...card.refresh, userIds: ids.slice(0, MAX_REFRESH_USER_IDS) };
  return card;
}

function isCard(v: unknown): v is AdaptiveCard {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return c.type === 'AdaptiveCard' && Array.isArray(c.body) && typeof c.fallbackText === 'string';
}

/** Serialized size in UTF-8 bytes, as Teams counts it. */
export function cardBytes(card: object): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * Builds a card with at most `maxItems` list entries, shrinking the list (halving) until the card fits
 * `CARD_BYTE_BUDGET`. The builder is expected to end a cut list with "and N more". Throws when even an
 * empty list does not fit under `MAX_CARD_BYTES`: that is a bug in a template or a missing truncation,
 * never something to send to Teams.
 */
export function fitCard(build: (maxItems: number) => AdaptiveCard, maxItems: number): AdaptiveCard {
  let limit = Math.max(0, Math.floor(maxItems));
  for (;;) {
    const card = build(limit);
    const bytes = cardBytes(card);
    if (bytes <= CARD_BYTE_BUDGET || (limit === 0 && bytes < MAX_CARD_BYTES)) return card;
    if (limit === 0) {
      throw new BotError(
        'card_too_large',
        `Card is ${bytes} bytes even with its lists emptied; Teams accepts < ${MAX_CARD_BYTES}.`,
      );
    }
    limit = Math.floor(limit / 2);
  }
}

/** The first `limit` items and how many were left out. */
export function cut<T>(items: readonly T[], limit: number): { shown: T[]; more: number } {
  const n = Math.max(0, Math.min(items.length, Math.floor(limit)));
  return { shown: items.slice(0, n), more: items.length - n };
}

/** "… and 190 more" (empty when nothing was cut). */
export function moreText(more: number): string {
  return more > 0 ? `… and ${more} more` : '';
}
