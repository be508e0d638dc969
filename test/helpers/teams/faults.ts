/**
 * Injected failures and the error bodies the Bot Connector sends. Codes and messages follow the Teams
 * docs table "Status codes from bot conversational APIs"; the body is the Bot Framework `ErrorResponse`
 * (`{"error":{"code","message"}}`), which botbuilder turns into a `RestError` with `code` set.
 */
import type {
  ConnectorFault,
  ConnectorOpKind,
  ConnectorReadKind,
  FaultStatus,
  InjectedFault,
} from './connectorTypes';

const DEFAULT_CODE: Record<FaultStatus, string> = {
  403: 'BotNotInConversationRoster',
  404: 'ConversationNotFound',
  412: 'PreconditionFailed',
  429: 'Throttled',
  500: 'ServiceError',
  502: 'ServiceError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const MESSAGES: Record<string, string> = {
  BotNotInConversationRoster: "The bot isn't part of the conversation roster.",
  ConversationBlockedByUser: 'User blocked the conversation with the bot.',
  MessageWritesBlocked: 'Thread is blocked from message writes.',
  BotDisabledByAdmin: 'The tenant admin disabled this bot.',
  ConversationNotFound: 'Conversation not found.',
  ActivityNotFoundInConversation: 'Activity not found in conversation.',
  MemberNotFoundInConversation: 'The member is not part of the conversation.',
  PreconditionFailed: 'Precondition failed, please try again.',
  MessageSizeTooBig: 'Message size too large.',
  Throttled: 'Too many requests.',
  ServiceError: 'Internal server error.',
  ServiceUnavailable: 'Service is unavailable.',
  GatewayTimeout: 'Gateway timeout.',
  BadArgument: 'Bad argument.',
  BadSyntax: 'The request body is not valid JSON.',
  NotFound: 'Not found.',
};

/** A refusal ready to be written: status, `ErrorResponse` body and optional `Retry-After`. */
export interface ErrorReply {
  status: number;
  code: string;
  body: { error: { code: string; message: string } };
  retryAfterSeconds?: number;
}

/** Builds the Bot Connector's error answer; the message defaults to Teams' text for the code. */
export function errorReply(
  status: number,
  code: string,
  message?: string,
  retryAfterSeconds?: number,
): ErrorReply {
  const reply: ErrorReply = {
    status,
    code,
    body: { error: { code, message: message ?? MESSAGES[code] ?? code } },
  };
  if (retryAfterSeconds !== undefined) reply.retryAfterSeconds = retryAfterSeconds;
  return reply;
}

export function isErrorReply(x: unknown): x is ErrorReply {
  return typeof x === 'object' && x !== null && 'status' in x && 'body' in x && 'code' in x;
}

const STATUSES = Object.keys(DEFAULT_CODE).map(Number);
const WRITES: readonly ConnectorOpKind[] = ['send', 'reply', 'update', 'delete', 'create'];
const READS: readonly ConnectorReadKind[] = [
  'member',
  'members',
  'pagedMembers',
  'teamDetails',
  'teamChannels',
];
const OPS: ReadonlyArray<ConnectorOpKind | ConnectorReadKind> = [...WRITES, ...READS];

function validate(f: ConnectorFault): void {
  if (!STATUSES.includes(f?.status)) {
    throw new TypeError(
      `fault.status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(f?.status)}.`,
    );
  }
  if (f.count !== undefined && !(Number.isInteger(f.count) && f.count > 0)) {
    throw new TypeError(`fault.count must be a positive integer, got ${JSON.stringify(f.count)}.`);
  }
  if (
    f.retryAfterSeconds !== undefined &&
    !(Number.isFinite(f.retryAfterSeconds) && f.retryAfterSeconds >= 0)
  ) {
    throw new TypeError(
      `fault.retryAfterSeconds must be a number >= 0, got ${JSON.stringify(f.retryAfterSeconds)}.`,
    );
  }
  if (f.match !== undefined && !(f.match instanceof RegExp))
    throw new TypeError('fault.match must be a RegExp.');
  for (const op of f.ops ?? []) {
    if (!OPS.includes(op)) throw new TypeError(`fault.ops: unknown operation ${JSON.stringify(op)}.`);
  }
}

interface Armed {
  fault: ConnectorFault;
  remaining: number;
  hits: number;
}

/** Faults in injection order; the first one matching a request fails it and is used up by one. */
export class FaultBook {
  private armed: Armed[] = [];

  inject(fault: ConnectorFault): InjectedFault {
    validate(fault);
    const entry: Armed = { fault: { ...fault }, remaining: fault.count ?? Infinity, hits: 0 };
    this.armed.push(entry);
    return {
      get remaining() {
        return entry.remaining;
      },
      get hits() {
        return entry.hits;
      },
      cancel: () => {
        this.armed = this.armed.filter((a) => a !== entry);
      },
    };
  }

  /** The answer for this request if a fault claims it (and consumes one use of that fault). */
  take(
    op: ConnectorOpKind | ConnectorReadKind,
    rawConversationId: string,
    baseConversationId: string,
  ): ErrorReply | undefined {
    const entry = this.armed.find(
      (a) => a.remaining > 0 && matches(a.fault, op, rawConversationId, baseConversationId),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    entry.hits += 1;
    if (entry.remaining === 0) this.armed = this.armed.filter((a) => a !== entry);
    const f = entry.fault;
    const retryAfter = f.retryAfterSeconds ?? (f.status === 429 ? 1 : undefined);
    return errorReply(f.status, f.code ?? DEFAULT_CODE[f.status], f.message, retryAfter);
  }

  clear(): void {
    this.armed = [];
  }
}

function matches(
  f: ConnectorFault,
  op: ConnectorOpKind | ConnectorReadKind,
  raw: string,
  base: string,
): boolean {
  // Without `ops` a fault fails writes only: reads are opted into by name.
  if (f.ops ? !f.ops.includes(op) : !WRITES.includes(op as ConnectorOpKind)) return false;
  if (!f.match) return true;
  // A /g or /y RegExp keeps state between calls; start every test from the beginning.
  f.match.lastIndex = 0;
  if (f.match.test(raw)) return true;
  f.match.lastIndex = 0;
  return f.match.test(base);
}
