/** Record shapes of `card/`, `outbox/` and `corr/` (keys in keys.ts). */

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
  /**
   * When the notifier warned that this sensitive correlation has nowhere to go (no sensitive route
   * exists): the warning and its metric count once per alert, not once per reconcile.
   */
  unroutedAt?: string;
  /** The last resolution made from a card (who, when, as what, why); cleared by Reopen. */
  resolution?: {
    by: { name: string; upn?: string };
    at: string;
    classification: string;
    determination?: string;
    reason: string;
  };
}

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

/** The card record of an alert no card was made for yet. */
export function emptyCardRecord(alertId: string): CardRecord {
  return { alertId, posts: {} };
}
