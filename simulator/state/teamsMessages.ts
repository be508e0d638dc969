/**
 * Teams messages as Microsoft Graph shows them (`chatMessage`), for the one thing the bot reads back: its
 * own recent root cards in a channel or chat, to recover a card whose send was interrupted. Whoever plays
 * Teams (the fake Bot Connector in tests) records each message the bot posts, updates or deletes here,
 * as Teams itself makes a bot's messages visible to Graph.
 *
 * A container (a team's channel, or a chat) holds messages in posting order. Reading one with
 * application permissions needs either a tenant-wide role or the resource-specific consent (RSC) the
 * app received when it was installed there; RSC grants are per container and never appear in the token.
 */

/** A message as the Teams side posted it. */
export interface TeamsMessageInput {
  /** A channel message: the team's Entra group id and the channel's id (`19:…@thread.tacv2`). */
  teamId?: string;
  channelId?: string;
  /** A chat message: the chat's id (`19:…@thread.v2`). */
  chatId?: string;
  /** The message id (the Bot Connector's activity id). */
  id: string;
  /** Set for a reply in a channel thread (the root message's id). */
  replyToId?: string;
  /** The sending bot's Entra app id (without the `28:` prefix), or a user. */
  from: { appId: string; name?: string } | { userId: string; name?: string };
  text?: string;
  /** Attachments as the activity carried them; object contents are stored as JSON strings, as Graph does. */
  attachments?: Array<{ contentType: string; content?: unknown; name?: string }>;
  /** Epoch ms of the post; default the simulator's now. Updates keep the first one. */
  createdAt?: number;
  /** Marks the message deleted (Graph keeps it with `deletedDateTime`). */
  deleted?: boolean;
  /** Whether the app holds resource-specific consent on this container; default true (installed there). */
  rscGranted?: boolean;
}

export interface StoredMessage {
  id: string;
  replyToId: string | null;
  from: TeamsMessageInput['from'];
  text: string;
  attachments: Array<{ id: string; contentType: string; content: string | null; name: string | null }>;
  createdAt: number;
  lastModifiedAt: number;
  deletedAt: number | null;
  version: number;
}

export interface Container {
  kind: 'channel' | 'chat';
  teamId?: string;
  channelId?: string;
  chatId?: string;
  rscGranted: boolean;
  messages: Map<string, StoredMessage>;
}

export function containerKey(c: { teamId?: string; channelId?: string; chatId?: string }): string {
  if (c.chatId) return `chat|${c.chatId}`;
  return `channel|${(c.teamId ?? '').toLowerCase()}|${c.channelId ?? ''}`;
}

export class TeamsMessageStore {
  private readonly containers = new Map<string, Container>();

  constructor(private readonly now: () => number) {}

  /** Adds or replaces (same container and id) a message; returns the stored version. */
  record(input: TeamsMessageInput): StoredMessage {
    const problem = checkInput(input);
    if (problem) throw new Error(`Invalid Teams message: ${problem}`);
    const key = containerKey(input);
    let c = this.containers.get(key);
    if (!c) {
      c = input.chatId
        ? { kind: 'chat', chatId: input.chatId, rscGranted: input.rscGranted ?? true, messages: new Map() }
        : {
            kind: 'channel',
            teamId: input.teamId,
            channelId: input.channelId,
            rscGranted: input.rscGranted ?? true,
            messages: new Map(),
          };
      this.containers.set(key, c);
    } else if (input.rscGranted !== undefined) c.rscGranted = input.rscGranted;
    const now = this.now();
    const prev = c.messages.get(input.id);
    const msg: StoredMessage = {
      id: input.id,
      replyToId: input.replyToId ?? prev?.replyToId ?? null,
      from: input.from,
      text: input.text ?? '',
      attachments: (input.attachments ?? []).map((a, i) => ({
        id: `${input.id}-${i}`,
        contentType: a.contentType,
        content:
          a.content === undefined
            ? null
            : typeof a.content === 'string'
              ? a.content
              : JSON.stringify(a.content),
        name: a.name ?? null,
      })),
      createdAt: prev?.createdAt ?? input.createdAt ?? now,
      lastModifiedAt: prev ? Math.max(now, prev.lastModifiedAt + 1) : (input.createdAt ?? now),
      deletedAt: input.deleted ? now : (prev?.deletedAt ?? null),
      version: (prev?.version ?? 0) + 1,
    };
    if (prev && input.attachments === undefined) msg.attachments = prev.attachments;
    c.messages.set(input.id, msg);
    return msg;
  }

  container(c: { teamId?: string; channelId?: string; chatId?: string }): Container | undefined {
    return this.containers.get(containerKey(c));
  }

  /** Whether a team (by group id) has any channel here. */
  hasTeam(teamId: string): boolean {
    const prefix = `channel|${teamId.toLowerCase()}|`;
    return [...this.containers.keys()].some((k) => k.startsWith(prefix));
  }

  clear(): void {
    this.containers.clear();
  }
}

function checkInput(m: TeamsMessageInput): string | undefined {
  if (typeof m !== 'object' || m === null) return 'expected an object';
  if (typeof m.id !== 'string' || m.id === '') return 'id is required';
  const inChat = typeof m.chatId === 'string' && m.chatId !== '';
  const inChannel = typeof m.teamId === 'string' && m.teamId !== '' && typeof m.channelId === 'string';
  if (inChat === inChannel) return 'give either chatId, or teamId and channelId';
  const from = m.from as { appId?: unknown; userId?: unknown } | undefined;
  if (!from || (typeof from.appId !== 'string' && typeof from.userId !== 'string'))
    return 'from must name an appId or a userId';
  if (m.attachments !== undefined && !Array.isArray(m.attachments)) return 'attachments must be a list';
  return undefined;
}
