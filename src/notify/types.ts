import type { ConversationRef } from '../subscriptions';

/** The outgoing side of Teams (the Bot Connector). Errors are TeamsSendError. */
export interface TeamsTransport {
  /** Posts a new top-level message; returns its activity id. */
  send(ref: ConversationRef, activity: OutgoingActivity): Promise<string>;
  /** Posts a reply in the thread of `rootActivityId`. */
  reply(ref: ConversationRef, rootActivityId: string, activity: OutgoingActivity): Promise<string>;
  /** Replaces a message in place. */
  update(ref: ConversationRef, activityId: string, activity: OutgoingActivity): Promise<void>;
}

/** A message: text and/or one Adaptive Card. */
export interface OutgoingActivity {
  text?: string;
  card?: Record<string, unknown>;
  /** Shown in notifications and by clients that cannot render the card. */
  summary?: string;
}
