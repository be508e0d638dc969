/**
 * Coded errors. Every error the product raises on purpose is a `BotError` with a stable string `code`
 * (for logs, metrics and tests) and a message that says what to do next. Adapters wrap foreign errors
 * (Graph, Teams, the store) as the `cause`, never swallow them.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'graph_request_failed'
  | 'card_action_invalid'
  | 'card_action_forbidden'
  | 'store_conflict'
  | 'store_unavailable'
  | 'store_locked'
  | 'teams_send_failed'
  | 'registration_invalid'
  | 'permission_missing'
  | 'card_too_large'
  | 'template_invalid'
  | 'schema_invalid'
  | 'usage_invalid'
  | 'watermark_unreadable'
  | 'fence_lost';

export class BotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One or more configuration keys are missing or invalid. `issues` names every bad key. */
export class ConfigError extends BotError {
  readonly issues: ReadonlyArray<{ key: string; message: string }>;
  constructor(issues: ReadonlyArray<{ key: string; message: string }>) {
    super(
      'config_invalid',
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.key}: ${i.message}`).join('\n'),
    );
    this.issues = issues;
  }
}

/** Why a Graph request failed, from the caller's point of view. */
export type GraphFailureReason =
  | 'throttled' // 429: retry after `retryAfterMs`
  | 'unavailable' // 5xx or network: transient
  | 'unauthorized' // 401: token missing/expired/invalid
  | 'forbidden' // 403: a permission (application role) is missing
  | 'not_found' // 404
  | 'bad_request' // 400: our request is wrong
  | 'other';

export function graphFailureReason(status: number): GraphFailureReason {
  if (status === 429) return 'throttled';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 400) return 'bad_request';
  if (status === 0 || status >= 500) return 'unavailable';
  return 'other';
}

/** A Microsoft Graph request failed. `status` 0 means no HTTP answer (network, timeout). */
export class GraphError extends BotError {
  readonly status: number;
  readonly graphCode: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly reason: GraphFailureReason;
  constructor(args: {
    status: number;
    message: string;
    graphCode?: string;
    requestId?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super('graph_request_failed', args.message, { cause: args.cause });
    this.status = args.status;
    this.graphCode = args.graphCode;
    this.requestId = args.requestId;
    this.retryAfterMs = args.retryAfterMs;
    this.reason = graphFailureReason(args.status);
  }

  /** True when trying again later can succeed. */
  get transient(): boolean {
    return this.reason === 'throttled' || this.reason === 'unavailable' || this.reason === 'unauthorized';
  }
}

/** A card action or slash command was refused; `message` is shown to the analyst as is. */
export class CardActionError extends BotError {
  constructor(
    message: string,
    readonly reason: 'invalid' | 'forbidden' | 'not_found' | 'unavailable' = 'invalid',
    options?: { cause?: unknown },
  ) {
    super(reason === 'forbidden' ? 'card_action_forbidden' : 'card_action_invalid', message, options);
  }
}

/** A conditional write lost a race (eTag mismatch or the key already exists). */
export class StoreConflictError extends BotError {
  constructor(readonly key: string) {
    super('store_conflict', `Store conflict on "${key}": it was changed by someone else; re-read and retry.`);
  }
}

/**
 * This replica no longer holds the lease of `tenant` (it expired, was released, or another replica took
 * it): the write was refused and nothing was changed. Stop working on the tenant; its new holder goes on.
 */
export class FenceLostError extends BotError {
  constructor(
    readonly tenant: string,
    options?: { cause?: unknown },
  ) {
    super(
      'fence_lost',
      `This replica no longer holds the lease of tenant "${tenant}"; the write was refused and nothing was changed. ` +
        'Another replica polls this tenant now: stop working on it.',
      options,
    );
  }
}

export class StoreError extends BotError {
  constructor(code: 'store_unavailable' | 'store_locked', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A Bot Connector (Teams) send failed with `status` (0: no answer). */
export class TeamsSendError extends BotError {
  constructor(
    readonly status: number,
    message: string,
    readonly teamsCode?: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super('teams_send_failed', message, options);
  }

  /** 429, 412, 502, 504, 503 and network failures are worth retrying. */
  get transient(): boolean {
    return [0, 412, 429, 500, 502, 503, 504].includes(this.status);
  }

  /** The bot can no longer post here: the subscription must be pruned. */
  get gone(): boolean {
    return this.status === 403 || this.status === 404;
  }
}

/** Messages safe to show or log for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A command or card-action registry is inconsistent (a duplicate name, a verb without a handler): boot fails. */
export class RegistrationError extends BotError {
  constructor(message: string) {
    super('registration_invalid', message);
  }
}
