import type { Clock } from '../clock';

/**
 * The poller's share of Graph's `/security` throttle (150 requests per minute per app and tenant): a
 * token bucket refilled continuously at `perMinute`, holding at most `burst` tokens. Only the poller takes
 * from it; analysts' comments, PATCHes and lookups use the rest of the tenant's quota, so a catch-up
 * after an outage never starves them.
 */
export class RequestBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    /** Requests per minute the poller may send; Infinity for none (tests, benchmarks). */
    readonly perMinute: number,
    /** Requests that may go out back to back after a quiet spell. */
    private readonly burst = Math.max(1, Math.min(10, Math.floor(Math.min(perMinute, 100) / 10))),
  ) {
    if (Number.isNaN(perMinute) || perMinute <= 0)
      throw new RangeError(`requests per minute must be positive, got ${perMinute}`);
    this.tokens = this.burst;
    this.last = clock.now();
  }

  /** Resolves when one request may be sent (at once while tokens remain); rejects when `signal` aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    // Infinity: unpaced (tests and benchmarks against a simulator that does not throttle).
    if (this.perMinute === Number.POSITIVE_INFINITY) return;
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
      await this.clock.sleep(waitMs, signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perMinute) / 60_000);
  }
}
