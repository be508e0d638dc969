/**
 * Builders for the activities Microsoft Teams POSTs to a bot's `/api/messages`, shaped as Teams sends
 * them (checked against the Teams platform docs and botbuilder's Teams types), plus `postActivity` to
 * deliver one over HTTP. Defaults describe one tenant (see `teams/defaults.ts`); every id can be
 * overridden. Builders validate their input and throw a `TypeError` that names the bad option.
 */
import { DEFAULT_BOT, DEFAULT_TENANT_ID } from './teams/defaults';
import {
  type ActivityContext,
  type TeamsActivity,
  type TeamsAccount,
  type TeamsConversation,
  type TeamsScope,
  channelDataFor,
  checkContext,
  conversationFor,
  envelope,
  teamBlock,
} from './teams/envelope';
import { botMri, channelThreadId, nextEventId, nextMessageId } from './teams/ids';

export type { ActivityContext, TeamsActivity, TeamsAccount, TeamsConversation, TeamsScope };
export {
  DEFAULT_BOT,
  DEFAULT_CHANNEL_ID,
  DEFAULT_MEMBERS,
  DEFAULT_TEAM,
  DEFAULT_TENANT_ID,
} from './teams/defaults';
export type { TeamsChannel, TeamsMember, TeamsTeam } from './teams/defaults';
export { personalConversationId, threadConversationId, parseConversationId } from './teams/ids';

export interface MessageOptions extends ActivityContext {
  text: string;
  scope: TeamsScope;
  /**
   * Mention the bot: the text gets a `<at>Bot Name</at> ` prefix and a mention entity. Default `true` in
   * channels and group chats (Teams only delivers messages that mention the bot there), `false` in
   * personal chats, where it is not allowed.
   */
  mention?: boolean;
  /** Channel only: the root message of the thread this message is posted in. Default: a new post. */
  replyToId?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A user's message to the bot, with the mention, html rendition and ids Teams adds. */
export function messageActivity(o: MessageOptions): TeamsActivity {
  checkContext(o, o?.scope);
  if (typeof o.text !== 'string')
    throw new TypeError(`text must be a string, got ${JSON.stringify(o.text)}.`);
  const mention = o.mention ?? o.scope !== 'personal';
  if (mention && o.scope === 'personal')
    throw new TypeError('mention applies to channel and groupChat scopes only.');
  if (o.replyToId !== undefined && o.scope !== 'channel')
    throw new TypeError('replyToId applies to channels only.');
  const id = o.id ?? nextMessageId();
  // A new channel post is its own thread root; a reply lives in its root's thread.
  const conversation = conversationFor(o, o.scope, o.scope === 'channel' ? (o.replyToId ?? id) : undefined);
  const base = envelope(o, conversation, id);
  const botName = o.botName ?? DEFAULT_BOT.name;
  const atTag = `<at>${botName}</at>`;
  const text = mention ? `${atTag} ${o.text}` : o.text;
  const html = mention
    ? `<p><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">${escapeHtml(botName)}</span>&nbsp;${escapeHtml(o.text)}</p>`
    : `<p>${escapeHtml(o.text)}</p>`;
  const mentionEntity = {
    type: 'mention',
    text: atTag,
    mentioned: { id: botMri(o.botId ?? DEFAULT_BOT.id), name: botName },
  };
  return {
    ...base,
    type: 'message',
    text,
    textFormat: 'plain',
    attachments: [{ contentType: 'text/html', content: html }],
    entities: mention ? [mentionEntity, ...base.entities] : base.entities,
    channelData: channelDataFor(o, o.scope),
    ...(o.replyToId ? { replyToId: o.replyToId } : {}),
  };
}

export interface InvokeOptions extends ActivityContext {
  /** The `verb` of the `Action.Execute` the user pressed. */
  verb: string;
  /** The action's `data`, merged with the card's input values as Teams does. Default `{}`. */
  data?: Record<string, unknown>;
  /** Where the card lives; default `channel`. */
  scope?: TeamsScope;
  /** Id of the message holding the card; default a fresh id. */
  replyToId?: string;
  /** Channel only: root of the thread holding the card when the card is a thread reply. */
  threadRootId?: string;
  /** The action's `id` in the card, copied by Teams when set. */
  actionId?: string;
  /** `manual` (a button press) or `automatic` (a card refresh); default `manual`. */
  trigger?: 'manual' | 'automatic';
}

/** The `adaptiveCard/action` invoke Teams sends when a user presses an `Action.Execute` button. */
export function invokeActivity(o: InvokeOptions): TeamsActivity {
  const scope = o?.scope ?? 'channel';
  checkContext(o, scope);
  if (typeof o.verb !== 'string' || !o.verb)
    throw new TypeError(`verb must be a non-empty string, got ${JSON.stringify(o.verb)}.`);
  if (o.data !== undefined && (typeof o.data !== 'object' || o.data === null || Array.isArray(o.data))) {
    throw new TypeError('data must be a plain object.');
  }
  const replyToId = o.replyToId ?? nextMessageId();
  const conversation = conversationFor(
    o,
    scope,
    scope === 'channel' ? (o.threadRootId ?? replyToId) : undefined,
  );
  const action = {
    type: 'Action.Execute',
    ...(o.actionId ? { id: o.actionId } : {}),
    verb: o.verb,
    data: o.data ?? {},
  };
  return {
    ...envelope(o, conversation, o.id ?? nextEventId()),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action, trigger: o.trigger ?? 'manual' },
    channelData: { ...channelDataFor(o, scope), source: { name: 'message' } },
  };
}

/** Team-level events Teams reports as `conversationUpdate` with `channelData.eventType`. */
export type TeamsEvent =
  | 'teamMemberAdded'
  | 'teamMemberRemoved'
  | 'teamDeleted'
  | 'teamRenamed'
  | 'channelCreated'
  | 'channelDeleted'
  | 'channelRenamed';

export interface ConversationUpdateOptions extends ActivityContext {
  event: TeamsEvent;
  /** Default for `teamMemberAdded`: the bot itself (the bot was added to the team). */
  membersAdded?: TeamsAccount[];
  /** Default for `teamMemberRemoved`: the bot itself. */
  membersRemoved?: TeamsAccount[];
  /** For channel events: the channel concerned; default a stable "Incident Room" channel. */
  channel?: { id: string; name: string };
}

const EVENTS: readonly TeamsEvent[] = [
  'teamMemberAdded',
  'teamMemberRemoved',
  'teamDeleted',
  'teamRenamed',
  'channelCreated',
  'channelDeleted',
  'channelRenamed',
];

/** A team event. The conversation is the team's General channel, as in Teams. */
export function conversationUpdateActivity(o: ConversationUpdateOptions): TeamsActivity {
  checkContext(o, 'channel');
  if (!EVENTS.includes(o.event))
    throw new TypeError(`event must be one of ${EVENTS.join(', ')}, got ${JSON.stringify(o.event)}.`);
  const team = teamBlock(o);
  const bot = { id: botMri(o.botId ?? DEFAULT_BOT.id) };
  const membersAdded = o.membersAdded ?? (o.event === 'teamMemberAdded' ? [bot] : undefined);
  const membersRemoved = o.membersRemoved ?? (o.event === 'teamMemberRemoved' ? [bot] : undefined);
  const isChannelEvent = o.event.startsWith('channel');
  const channel = o.channel ?? {
    id: channelThreadId(`channel:incident-room:${team.id}`),
    name: 'Incident Room',
  };
  const conversation = conversationFor({ ...o, channelId: team.id }, 'channel');
  return {
    ...envelope(o, conversation, o.id ?? nextEventId()),
    type: 'conversationUpdate',
    ...(membersAdded ? { membersAdded } : {}),
    ...(membersRemoved ? { membersRemoved } : {}),
    channelData: {
      ...(isChannelEvent ? { channel } : {}),
      team,
      eventType: o.event,
      tenant: { id: o.tenantId ?? DEFAULT_TENANT_ID },
    },
  };
}

export interface InstallationUpdateOptions extends ActivityContext {
  action: 'add' | 'remove' | 'add-upgrade' | 'remove-upgrade';
  scope: TeamsScope;
}

/** The app was installed in (or removed from) a personal chat, a group chat or a team. */
export function installationUpdateActivity(o: InstallationUpdateOptions): TeamsActivity {
  checkContext(o, o?.scope);
  if (!['add', 'remove', 'add-upgrade', 'remove-upgrade'].includes(o.action)) {
    throw new TypeError(
      `action must be 'add', 'remove', 'add-upgrade' or 'remove-upgrade', got ${JSON.stringify(o.action)}.`,
    );
  }
  const conversation = conversationFor(o, o.scope);
  const channelData = channelDataFor(o, o.scope);
  const settings = o.scope === 'channel' ? { settings: { selectedChannel: { id: conversation.id } } } : {};
  return {
    ...envelope(o, conversation, o.id ?? nextEventId()),
    type: 'installationUpdate',
    action: o.action,
    channelData: { ...settings, ...channelData },
  };
}

export { postActivity, type PostActivityOptions, type PostActivityResult } from './teams/post';
