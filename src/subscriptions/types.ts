import type { AlertFilter } from './filters';

/**
 * Where to post: a plain-JSON conversation reference (the Bot Framework's ConversationReference shape),
 * kept free of the Teams SDK so the notifier stays testable without it.
 */
export interface ConversationRef {
  serviceUrl: string;
  channelId: string;
  conversation: {
    id: string;
    conversationType?: string;
    tenantId?: string;
    isGroup?: boolean;
    name?: string;
  };
  bot?: { id: string; name?: string };
  /** Teams: the team and channel this conversation belongs to. */
  teamId?: string;
  /** The team's Entra group id: Graph's team id, to read the bot's own posts back (card recovery). */
  aadGroupId?: string;
  channelName?: string;
  teamName?: string;
}

/** A channel (or chat) that receives notifications. Stored at `sub/<id>`. */
export interface Subscription {
  id: string;
  ref: ConversationRef;
  filter: AlertFilter;
  createdBy: { name: string; aadObjectId?: string };
  createdAt: string;
  /**
   * This conversation is the sensitive route (`/route add sensitive`): it receives the sensitive
   * correlations (Insider Risk, DLP policies marked sensitive, undetermined policies) and only those.
   */
  sensitive?: boolean;
  /**
   * The customer tenants (short names, TENANTS_FILE) whose alerts this conversation wants
   * (`/subscribe tenants=contoso,fabrikam`). Absent or empty: every tenant.
   */
  tenants?: string[];
}

/** A team the bot is installed in. Stored at `team/<id>`. */
export interface InstalledTeam {
  teamId: string;
  name?: string;
  ref: ConversationRef;
  installedAt: string;
}
