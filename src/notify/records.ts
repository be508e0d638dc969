import { StoreConflictError } from '../errors';
import type { BatchOp, Store } from '../store/types';

/** One post of an alert card in one subscribed conversation. */
export interface PostRecord {
  subscriptionId: string;
  conversationId: string;
  /**
   * `sending`: the root card's send started and its id is not known yet (written before the send, so a
   * crash is detectable); `posted`: the card exists with `rootActivityId`; `digested`: the alert went
   * into the channel's digest card instead of a card of its own; `snoozed`: a snooze in this
   * conversation held it back (`snoozeId`) and the snooze's summary names it when the snooze ends.
   */
  state: 'sending' | 'posted' | 'digested' | 'snoozed';
  rootActivityId?: string;
  /** Hash of the card last written, to skip updates that change nothing. */
  renderedHash?: string;
  /** DLP alerts already shown in this post (in the root card or as thread replies). */
  shownDlpIds: string[];
  digestKey?: string;
  snoozeId?: string;
  updatedAt: string;
}

/** Everything the notifier remembers of one Defender alert's card (`card/<alertId>`). */
export interface CardRecord {
  alertId: string;
  posts: Record<string, PostRecord>;
  /** Set by the enrich action: what was commented, by whom (idempotency and the card's "enriched" line). */
  enrichment?: {
    by: { name: string; upn?: string };
    at: string;
    dlpIds: string[];
  };
  /** Last action outcome shown on the card (e.g. an error in plain words); cleared by the next success. */
  banner?: { kind: 'info' | 'warning' | 'error'; text: string; at: string };
  /** The last resolution made from a card (who, when, as what, why); cleared by Reopen. */
  resolution?: {
    by: { name: string; upn?: string };
    at: string;
    classification: string;
    determination?: string;
    reason: string;
  };
}

export const CARD_PREFIX = 'card/';
export const OUTBOX_PREFIX = 'outbox/';
export const cardKey = (alertId: string): string => CARD_PREFIX + alertId;

/** Index of Defender alerts that have correlations (`corr/<alertId>`), for `/alerts` without a scan. */
export const CORRELATED_PREFIX = 'corr/';
export const correlatedKey = (alertId: string): string => CORRELATED_PREFIX + alertId;
export interface CorrelatedEntry {
  alertId: string;
  firstCorrelatedAt: string;
}

/** An outbox entry: "this Defender alert's cards need reconciling". Idempotent by design. */
export interface OutboxEntry {
  alertId: string;
  reason: 'correlated' | 'changed' | 'action' | 'backfill';
  queuedAt: string;
  /** Queued by a catch-up after an outage: an old or resolved correlation goes into the digest. */
  backlog?: boolean;
  /** Only this subscription's post is reconciled (the backfill of a new subscription). */
  subscriptionId?: string;
}

/** Outbox keys sort by time, so entries are handled in the order they were queued. */
export function outboxKey(now: number, seq: number, alertId: string): string {
  return `${OUTBOX_PREFIX}${String(now).padStart(15, '0')}-${String(seq).padStart(6, '0')}-${alertId}`;
}

export function outboxPut(now: number, seq: number, entry: OutboxEntry): BatchOp {
  return { op: 'put', key: outboxKey(now, seq, entry.alertId), value: entry };
}

/**
 * Read-modify-write with optimistic concurrency: retries when another writer (another replica's action,
 * the notifier) changed the record in between.
 */
export async function updateRecord<T>(
  store: Store,
  key: string,
  initial: () => T,
  change: (current: T) => T,
  attempts = 8,
): Promise<T> {
  for (let i = 0; ; i++) {
    const current = await store.get<T>(key);
    const next = change(current ? current.value : initial());
    try {
      await store.put(key, next, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return next;
    } catch (err) {
      if (!(err instanceof StoreConflictError) || i + 1 >= attempts) throw err;
    }
  }
}

export function emptyCardRecord(alertId: string): CardRecord {
  return { alertId, posts: {} };
}
