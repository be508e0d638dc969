/** The public types of the fake Bot Connector (`test/helpers/fakeConnector.ts`). */
import type { Clock } from '../../../src/clock';
import type { TeamsMember, TeamsTeam } from './defaults';

/** What a bot did through the connector. `create` is `POST /v3/conversations` (a new thread or chat). */
export type ConnectorOpKind = 'send' | 'reply' | 'update' | 'delete' | 'create';

/**
 * A read: `member` is `GET /v3/conversations/{id}/members/{memberId}` (`TeamsInfo.getMember`), `members`
 * and `pagedMembers` the whole roster, `teamDetails` / `teamChannels` the team APIs.
 */
export type ConnectorReadKind = 'member' | 'members' | 'pagedMembers' | 'teamDetails' | 'teamChannels';

/** One read the connector answered (faults and throttling included), in order. */
export interface ConnectorRead {
  kind: ConnectorReadKind;
  /** The conversation (or team) without any `;messageid=` part. */
  conversationId: string;
  /** For `member`: the MRI or Entra object id asked for. */
  memberId?: string;
  /** The HTTP status answered (200, 404, 429 when throttled or injected, …). */
  status: number;
  at: number;
}

/** Which recorded reads `reads()` returns: a predicate or fields that must all match. */
export type ReadFilter =
  | ((read: ConnectorRead) => boolean)
  | Partial<Pick<ConnectorRead, 'kind' | 'conversationId' | 'memberId' | 'status'>>;

/** Requests to hold before answering them as usual (a slow Teams). */
export interface ConnectorStall {
  /** How long each matching request is held, ms (wall clock). */
  delayMs: number;
  /** The operations held (writes and/or reads); required. */
  ops: Array<ConnectorOpKind | ConnectorReadKind>;
  /** Only conversations whose id matches. Default: all. */
  match?: RegExp;
  /** How many requests it holds before it is used up. Default: unlimited. */
  count?: number;
}

/** An activity as the bot sent it (JSON body of the request). */
export interface SentActivity {
  type?: string;
  text?: string;
  attachments?: Array<{ contentType?: string; content?: unknown }>;
  [key: string]: unknown;
}

/** One accepted write, in the order the connector accepted it. */
export interface ConnectorOp {
  op: ConnectorOpKind;
  /** The conversation without any `;messageid=` part (for a thread post: the channel). */
  conversationId: string;
  /** For a post inside a channel thread (or an update/delete of one): the thread's root message id. */
  threadRootId?: string;
  /** The message created, replaced or deleted. */
  activityId: string;
  /** For `reply`: the id in the URL (`POST …/activities/{replyToId}`). It does not choose the thread. */
  replyToId?: string;
  /** The body the bot sent; for `delete`, the last version of the message that was deleted. */
  activity: SentActivity;
  /** When the connector accepted it (ms since the epoch, from the connector's clock). */
  at: number;
  /** The `Authorization` header the bot sent, if any (none in local mode). */
  authorization?: string;
}

/** A write the connector refused, and why. */
export interface RejectedRequest {
  op: ConnectorOpKind;
  conversationId: string;
  threadRootId?: string;
  activityId?: string;
  status: number;
  code: string;
  /** `fault`: injected; `rateLimit`: over `rateLimit.perSecond`; `invalid`: bad or unknown input. */
  reason: 'fault' | 'rateLimit' | 'invalid';
  retryAfterSeconds?: number;
  at: number;
}

/** A message as it now stands in Teams: its latest version after updates. */
export interface ConnectorMessage {
  conversationId: string;
  threadRootId?: string;
  activityId: string;
  /** The latest version the bot sent. */
  activity: SentActivity;
  /** The first Adaptive Card attachment's content in the latest version, if any. */
  card?: Record<string, unknown>;
  /** 1 for the original post, plus one per update. */
  versions: number;
  deleted: boolean;
  postedAt: number;
  updatedAt: number;
}

/** HTTP statuses a fault can answer with (the ones Teams documents for its bot APIs). */
export type FaultStatus = 403 | 404 | 412 | 429 | 500 | 502 | 503 | 504;

/** A failure to answer instead of doing the work. */
export interface ConnectorFault {
  status: FaultStatus;
  /**
   * Error code in the body; default per status: 403 `BotNotInConversationRoster`, 404
   * `ConversationNotFound`, 412 `PreconditionFailed`, 429 `Throttled`, 500/502 `ServiceError`, 503
   * `ServiceUnavailable`, 504 `GatewayTimeout`. Others Teams uses: `ConversationBlockedByUser`,
   * `MessageWritesBlocked`, `BotDisabledByAdmin`, `ActivityNotFoundInConversation`.
   */
  code?: string;
  /** Error message; default the one Teams sends with `code`. */
  message?: string;
  /** `Retry-After` header in seconds; default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
  /** Only conversations whose id (with or without `;messageid=`) matches. Default: all. */
  match?: RegExp;
  /** Only these operations; reads (`member`, …) only when named here. Default: every write. */
  ops?: Array<ConnectorOpKind | ConnectorReadKind>;
  /**
   * How many requests it fails before it is used up. Default: unlimited (until `cancel` or `reset`).
   * Mind botbuilder's HTTP pipeline: it makes up to 4 attempts on 429 (honouring `Retry-After`) and on
   * 5xx (about 5 s of backoff in all), none on 403/404/412. For a bot to see a 429/5xx, use `count >= 4`.
   */
  count?: number;
}

/** The handle `inject` returns. */
export interface InjectedFault {
  /** Requests it will still fail (`Infinity` when unlimited). */
  readonly remaining: number;
  /** Requests it has failed so far. */
  readonly hits: number;
  /** Withdraws the fault. */
  cancel(): void;
}

export interface FakeConnectorOptions {
  /** Delay before each request is handled, in ms (wall clock). Default 0. */
  latencyMs?: number;
  /**
   * Refuse writes beyond `perSecond` per conversation in any sliding 1-second window with 429
   * `Throttled` and a `Retry-After`, as Teams does per thread (its documented limit is 7 per second per
   * bot and thread). Roster and team reads spend the same budget, as in Teams. Refused requests do not
   * count. Default: no limit.
   */
  rateLimit?: { perSecond: number };
  /** Stamps `at` and drives the rate-limit window. Default: the system clock. */
  clock?: Clock;
  /** The roster answered for every conversation; default `DEFAULT_MEMBERS`. */
  members?: readonly TeamsMember[];
  /** Teams known to `GET /v3/teams/{id}`; default `[DEFAULT_TEAM]`. */
  teams?: readonly TeamsTeam[];
  /**
   * Largest accepted activity, in bytes of its JSON as UTF-16 (how Teams measures it); larger ones get
   * 413 `MessageSizeTooBig`. Default 100 KiB, Teams' documented limit.
   */
  maxMessageBytes?: number;
  /**
   * Called with every message right after it is posted, updated or deleted (before the answer goes back),
   * as Teams makes a bot's messages visible to Graph: `mirrorToGraph(sim)` (test/helpers/graphMirror.ts)
   * records them in the Graph simulator, where the bot can read its own posts back.
   */
  onMessage?: (message: ConnectorMessage) => void;
}

/** Which recorded operations `activities()` returns: a predicate or fields that must all match. */
export type OpFilter =
  | ((op: ConnectorOp) => boolean)
  | Partial<Pick<ConnectorOp, 'op' | 'conversationId' | 'threadRootId' | 'activityId'>>;
