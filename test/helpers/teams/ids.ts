/**
 * Teams identifier shapes, shared by the activity builders and the fake Bot Connector so that both sides
 * of a test speak about the same conversations:
 * - user MRI `29:1…`, bot MRI `28:<appId>`;
 * - personal chat `a:1…` (one per user and bot, stable), group chat `19:…@thread.v2`,
 *   channel `19:…@thread.tacv2`, a channel thread `19:…@thread.tacv2;messageid=<root activity id>`;
 * - message ids: epoch milliseconds as a decimal string (`1732312345678`), unique and increasing.
 */
import { createHash, randomBytes } from 'node:crypto';

const THREAD_MARKER = ';messageid=';

let lastMessageId = 0;

/** A fresh Teams message id: epoch ms as a string, strictly increasing within this process. */
export function nextMessageId(): string {
  lastMessageId = Math.max(Date.now(), lastMessageId + 1);
  return String(lastMessageId);
}

/** A fresh invoke/event id in the `f:<guid>` form Teams uses for non-message activities. */
export function nextEventId(): string {
  return `f:${randomBytes(16).toString('hex')}`;
}

/** Splits a conversation id into the conversation itself and, for a channel thread, its root id. */
export function parseConversationId(raw: string): { base: string; threadRootId?: string } {
  const at = raw.indexOf(THREAD_MARKER);
  if (at < 0) return { base: raw };
  const threadRootId = raw.slice(at + THREAD_MARKER.length);
  if (!threadRootId) throw new Error(`Conversation id "${raw}" has an empty ;messageid= part.`);
  return { base: raw.slice(0, at), threadRootId };
}

/** The conversation id that addresses one thread of a channel (what Teams hands a bot inside a thread). */
export function threadConversationId(channelId: string, rootId: string): string {
  return `${parseConversationId(channelId).base}${THREAD_MARKER}${rootId}`;
}

/** The bot's account id as Teams writes it (`28:<appId>`); an id that already has a prefix is kept. */
export function botMri(botId: string): string {
  return botId.startsWith('28:') ? botId : `28:${botId}`;
}

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** A stable GUID derived from a seed, for ids that must not change between runs (snapshots). */
export function stableGuid(seed: string): string {
  const h = digest(seed).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The personal (1:1) conversation id between a user and the bot. Teams keeps one per pair, so it is
 * derived from both ids: the same user always lands in the same chat.
 */
export function personalConversationId(userId: string, botId: string): string {
  return `a:1${digest(`personal|${userId}|${botMri(botId)}`).toString('base64url')}`;
}

/** A stable group chat id (`19:<hex>@thread.v2`) for a seed. */
export function groupChatId(seed: string): string {
  return `19:${digest(`group|${seed}`).toString('hex').slice(0, 32)}@thread.v2`;
}

/** A stable channel id (`19:<hex>@thread.tacv2`) for a seed. */
export function channelThreadId(seed: string): string {
  return `19:${digest(`channel|${seed}`).toString('hex').slice(0, 32)}@thread.tacv2`;
}

/** A stable user MRI (`29:1…`) for a seed. */
export function userMri(seed: string): string {
  return `29:1${digest(`user|${seed}`).toString('base64url')}`;
}
