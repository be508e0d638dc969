import type { Clock } from '../clock';
import { TeamsSendError } from '../errors';
import type { Logger } from '../log';
import type { Pacer } from './pacer';

export interface DeliveryOptions {
  /** Tries per operation before it is left for the next round. Default 6. */
  maxAttempts?: number;
  /** First back-off; doubles per try, with ±50% jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Longest single wait. Default 30 s. */
  maxDelayMs?: number;
}

export type SendKind = 'send' | 'reply' | 'update';

/** Metrics hook: one call per attempt. */
export type SendObserver = (e: { kind: SendKind; status: number; durationMs: number }) => void;

/**
 * Runs one Teams operation paced per conversation and retried on 429/412/5xx/network errors with
 * exponential back-off and jitter, honouring Retry-After. A 403/404 (the bot was removed, writes are
 * blocked) is thrown at once: the caller prunes the subscription.
 */
export class Deliverer {
  constructor(
    private readonly pacer: Pacer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions = {},
    private readonly observe?: SendObserver,
  ) {}

  /**
   * `o.noRetryWithoutAnswer`: a failure with no HTTP answer (status 0: the connection broke after the
   * request went out) is thrown at once instead of retried, because Teams may have posted the message:
   * for root cards, which the notifier then looks up before sending again.
   */
  async run<T>(
    conversationKey: string,
    kind: SendKind,
    op: () => Promise<T>,
    o: { noRetryWithoutAnswer?: boolean } = {},
  ): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      const slot = await this.pacer.acquire(conversationKey);
      const started = this.clock.now();
      try {
        const result = await op().finally(() => slot.done());
        this.observe?.({ kind, status: 200, durationMs: this.clock.now() - started });
        return result;
      } catch (err) {
        const e =
          err instanceof TeamsSendError
            ? err
            : new TeamsSendError(0, String(err), undefined, undefined, { cause: err });
        this.observe?.({ kind, status: e.status, durationMs: this.clock.now() - started });
        if (!e.transient || attempt >= maxAttempts || (e.status === 0 && o.noRetryWithoutAnswer)) throw e;
        const delay = this.backoff(attempt, e.retryAfterMs);
        if (e.status === 429) this.pacer.penalize(conversationKey, delay);
        this.logger.warn(
          {
            conversation: conversationKey,
            kind,
            status: e.status,
            code: e.teamsCode,
            attempt,
            retryInMs: delay,
          },
          'Teams send failed; retrying',
        );
        await this.clock.sleep(delay);
      }
    }
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    const exp = Math.min(max, base * 2 ** (attempt - 1));
    const jittered = Math.round(exp * (0.5 + Math.random()));
    return Math.min(max, Math.max(retryAfterMs ?? 0, jittered));
  }
}
