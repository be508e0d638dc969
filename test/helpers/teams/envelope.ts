/**
 * The parts every activity Teams sends to a bot shares: ids, timestamps, sender, recipient, the
 * conversation and `channelData` for the scope, and the `clientInfo` entity. The builders in
 * `test/helpers/activities.ts` add the type-specific fields on top.
 */
import {
  DEFAULT_BOT,
  DEFAULT_CHANNEL_ID,
  DEFAULT_MEMBERS,
  DEFAULT_TEAM,
  DEFAULT_TENANT_ID,
} from './defaults';
import { botMri, groupChatId, personalConversationId, stableGuid, threadConversationId } from './ids';

/** Where a conversation happens, as Teams' `conversation.conversationType` says it. */
export type TeamsScope = 'personal' | 'groupChat' | 'channel';

/** A user or bot account in an activity. */
export interface TeamsAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface TeamsConversation {
  id: string;
  conversationType: TeamsScope;
  tenantId: string;
  isGroup?: true;
}

/** The fields every activity Teams sends shares. */
export interface ActivityEnvelope {
  timestamp: string;
  localTimestamp: string;
  id: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: TeamsAccount;
  conversation: TeamsConversation;
  recipient: { id: string; name: string };
  entities: Array<Record<string, unknown>>;
  locale: string;
  localTimezone: string;
}

/** An activity as Teams sends it to a bot. Fields beyond the envelope depend on `type`. */
export interface TeamsActivity extends ActivityEnvelope {
  type: 'message' | 'invoke' | 'conversationUpdate' | 'installationUpdate';
  channelData: Record<string, unknown>;
  text?: string;
  textFormat?: 'plain';
  attachments?: Array<{ contentType: string; content: unknown }>;
  replyToId?: string;
  name?: string;
  value?: unknown;
  action?: string;
  membersAdded?: TeamsAccount[];
  membersRemoved?: TeamsAccount[];
}

/** Options every builder accepts. Defaults come from `test/helpers/teams/defaults.ts`. */
export interface ActivityContext {
  /** The Bot Connector base URL replies go to (the fake connector's `url`, with its trailing slash). */
  serviceUrl: string;
  /** Sender; default: the first default member (Megan Bowen). */
  from?: TeamsAccount;
  /** The bot's Entra app id (without `28:`); default `DEFAULT_BOT.id`. */
  botId?: string;
  /** The bot's display name, used in mentions; default `DEFAULT_BOT.name`. */
  botName?: string;
  /** Team id (the General channel's thread id); default `DEFAULT_TEAM.id`. */
  teamId?: string;
  /** Team name in `channelData.team`; default the default team's name when `teamId` is the default team. */
  teamName?: string;
  /** Channel thread id (`19:…@thread.tacv2`, no `;messageid=`); default the "DLP Alerts" channel. */
  channelId?: string;
  /** Entra tenant id; default `DEFAULT_TENANT_ID`. */
  tenantId?: string;
  /** Overrides the conversation id the scope would get (used verbatim). */
  conversationId?: string;
  /** Activity id; default a fresh Teams-style id. */
  id?: string;
  /** Send time; default now. */
  timestamp?: Date;
  /** Client locale; default `en-US`. */
  locale?: string;
  /** IANA time zone of the sender's client, for `localTimestamp`; default `Europe/Berlin`. */
  timezone?: string;
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(value)}.`);
  }
}

/** Rejects a missing or relative serviceUrl: Teams always sends an absolute one, ending with `/`. */
export function checkContext(o: ActivityContext, scope: TeamsScope): void {
  if (typeof o?.serviceUrl !== 'string' || !/^https?:\/\/[^/]+/.test(o.serviceUrl)) {
    throw new TypeError(`serviceUrl must be an absolute http(s) URL, got ${JSON.stringify(o?.serviceUrl)}.`);
  }
  if (!['personal', 'groupChat', 'channel'].includes(scope)) {
    throw new TypeError(`scope must be 'personal', 'groupChat' or 'channel', got ${JSON.stringify(scope)}.`);
  }
  for (const key of ['botId', 'teamId', 'channelId', 'tenantId', 'conversationId', 'id'] as const) {
    if (o[key] !== undefined) requireText(key, o[key]);
  }
  if (o.from !== undefined) requireText('from.id', o.from?.id);
}

/** `2026-11-20T13:00:00.000+01:00`: the sender's wall-clock time with its UTC offset. */
export function localTimestamp(at: Date, timeZone: string): string {
  const offsetName =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offsetName);
  const sign = match?.[1] === '-' ? -1 : 1;
  const offsetMin = match ? sign * (Number(match[2]) * 60 + Number(match[3])) : 0;
  const local = new Date(at.getTime() + offsetMin * 60_000).toISOString().slice(0, -1);
  const hh = String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offsetMin) % 60).padStart(2, '0');
  return `${local}${offsetMin < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** The team block of `channelData`: known name and group id for the default team, stable ones otherwise. */
export function teamBlock(o: ActivityContext): { id: string; name?: string; aadGroupId: string } {
  const id = o.teamId ?? DEFAULT_TEAM.id;
  const isDefault = id === DEFAULT_TEAM.id;
  const name = o.teamName ?? (isDefault ? DEFAULT_TEAM.name : undefined);
  const aadGroupId = isDefault ? DEFAULT_TEAM.aadGroupId : stableGuid(`group:${id}`);
  return name === undefined ? { id, aadGroupId } : { id, name, aadGroupId };
}

/** The conversation for a scope; in a channel `threadRootId` selects the thread (`;messageid=`). */
export function conversationFor(
  o: ActivityContext,
  scope: TeamsScope,
  threadRootId?: string,
): TeamsConversation {
  const tenantId = o.tenantId ?? DEFAULT_TENANT_ID;
  const from = o.from ?? DEFAULT_MEMBERS[0]!;
  const channelId = o.channelId ?? DEFAULT_CHANNEL_ID;
  if (scope === 'personal') {
    const id = o.conversationId ?? personalConversationId(from.id, o.botId ?? DEFAULT_BOT.id);
    return { conversationType: 'personal', tenantId, id };
  }
  if (scope === 'groupChat') {
    return {
      isGroup: true,
      conversationType: 'groupChat',
      tenantId,
      id: o.conversationId ?? groupChatId(tenantId),
    };
  }
  const id = o.conversationId ?? (threadRootId ? threadConversationId(channelId, threadRootId) : channelId);
  return { isGroup: true, conversationType: 'channel', tenantId, id };
}

/** `channelData` as Teams sends it: tenant always; channel and team (plus legacy ids) in channels. */
export function channelDataFor(o: ActivityContext, scope: TeamsScope): Record<string, unknown> {
  const tenant = { id: o.tenantId ?? DEFAULT_TENANT_ID };
  if (scope !== 'channel') return { tenant };
  const team = teamBlock(o);
  const channelId = o.channelId ?? DEFAULT_CHANNEL_ID;
  return { teamsChannelId: channelId, teamsTeamId: team.id, channel: { id: channelId }, team, tenant };
}

/** The fields shared by every activity type, in the order Teams writes them. */
export function envelope(o: ActivityContext, conversation: TeamsConversation, id: string): ActivityEnvelope {
  const at = o.timestamp ?? new Date();
  const timezone = o.timezone ?? 'Europe/Berlin';
  const locale = o.locale ?? 'en-US';
  const from = o.from ?? DEFAULT_MEMBERS[0]!;
  return {
    timestamp: at.toISOString(),
    localTimestamp: localTimestamp(at, timezone),
    id,
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    conversation,
    recipient: { id: botMri(o.botId ?? DEFAULT_BOT.id), name: o.botName ?? DEFAULT_BOT.name },
    entities: [
      { locale, country: locale.split('-')[1] ?? 'US', platform: 'Web', timezone, type: 'clientInfo' },
    ],
    locale,
    localTimezone: timezone,
  };
}
