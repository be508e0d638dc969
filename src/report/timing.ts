/**
 * When an alert was first acted on and when it was resolved, from what the product can see:
 * - our audit log (actions taken from the card or with a command: exact times);
 * - what Graph shows of actions taken anywhere, the Defender portal included. The tracked alert holds
 *   only the latest version the poller saw, not its history, so a Graph-visible change is dated by the
 *   alert's `lastUpdateDateTime`: an upper bound (the change happened at or before it). A single comment
 *   is dated exactly by its `createdDateTime`.
 * Pure: no clock, no store.
 */
import type { AuditEntry } from '../analyst/types';
import type { TrackedAlert } from '../correlation';
import { VERBS } from '../cards/actions';
import type { DurationStats } from './types';

/** Audit actions that change the alert in Graph (reads such as refresh or /sit are not "acting"). */
export const ACTING_ACTIONS: ReadonlySet<string> = new Set([
  VERBS.setStatus,
  VERBS.assignToMe,
  VERBS.classify,
  VERBS.comment,
  VERBS.enrich,
  '/comment',
  '/enrich',
]);

/**
 * How much older than our audit line a Graph-visible change may be and still be the same action taken
 * through the bot (the audit is recorded after Graph answers), ms.
 */
export const BOT_ATTRIBUTION_MS = 60_000;

/** True for an audit entry that is an analyst acting on an alert. */
export function isActing(e: AuditEntry): boolean {
  return e.result === 'ok' && ACTING_ACTIONS.has(e.action) && typeof e.alertId === 'string';
}

/** Epoch ms of an ISO string, or undefined. */
export function ms(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** The earliest Graph-visible sign that someone acted (status left `new`, an assignee, a comment, a verdict). */
export function graphFirstAction(a: TrackedAlert): number | undefined {
  const candidates: number[] = [];
  const touched =
    (a.status !== 'new' && a.status !== 'unknown') ||
    Boolean(a.assignedTo) ||
    (a.classification !== null && a.classification !== 'unknown');
  const updated = ms(a.lastUpdateDateTime);
  if (touched && updated !== undefined) candidates.push(updated);
  if (a.commentCount > 0) {
    const c = ms(a.lastComment?.createdDateTime);
    // One comment: its own time. Several: the last one's time bounds the first from above.
    if (c !== undefined) candidates.push(c);
  }
  return candidates.length ? Math.min(...candidates) : undefined;
}

/** First action on `a` (bot or Graph) and where it was seen; undefined when nobody acted yet. */
export function firstAction(
  a: TrackedAlert,
  acting: readonly AuditEntry[],
): { at: number; via: 'bot' | 'graph' } | undefined {
  const bot = Math.min(...acting.map((e) => ms(e.at) ?? Infinity));
  const graph = graphFirstAction(a) ?? Infinity;
  if (bot === Infinity && graph === Infinity) return undefined;
  // Our audit line is written after Graph accepted the change, so the change Graph shows for the same
  // action is a little older: it is still the bot's action.
  const via = bot <= graph + BOT_ATTRIBUTION_MS ? 'bot' : 'graph';
  return { at: Math.min(bot, graph), via };
}

/** When `a` was resolved: the bot's own "resolved" action if any, else the last update (an upper bound). */
export function resolvedAt(a: TrackedAlert, acting: readonly AuditEntry[]): number | undefined {
  if (a.status !== 'resolved') return undefined;
  const byBot = acting
    .filter((e) => e.action === VERBS.setStatus && e.detail === 'status=resolved')
    .map((e) => ms(e.at) ?? Infinity);
  const t = Math.min(...byBot);
  return t !== Infinity ? t : ms(a.lastUpdateDateTime);
}

/** Median and 90th percentile (nearest rank) of non-negative durations. */
export function durationStats(values: readonly number[]): DurationStats {
  const sorted = values.map((v) => Math.max(0, v)).sort((a, b) => a - b);
  const rank = (p: number): number | null =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : null;
  return { count: sorted.length, medianMs: rank(0.5), p90Ms: rank(0.9) };
}
