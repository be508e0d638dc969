/**
 * Per-conversation sliding-window limiter, the way Teams throttles a bot per thread: at most
 * `perSecond` accepted writes in any 1-second window. A refused request is not counted, so a bot that
 * waits for `Retry-After` gets through.
 */
export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(private readonly perSecond: number) {
    if (!(Number.isInteger(perSecond) && perSecond > 0)) {
      throw new TypeError(
        `rateLimit.perSecond must be a positive integer, got ${JSON.stringify(perSecond)}.`,
      );
    }
  }

  /**
   * Counts a write at `now` and returns undefined, or refuses it and returns the whole seconds until
   * the oldest write in the window leaves it (at least 1).
   */
  admit(conversationId: string, now: number): number | undefined {
    const window = (this.accepted.get(conversationId) ?? []).filter((t) => t > now - 1000);
    if (window.length >= this.perSecond) {
      this.accepted.set(conversationId, window);
      return Math.max(1, Math.ceil((window[0]! + 1000 - now) / 1000));
    }
    window.push(now);
    this.accepted.set(conversationId, window);
    return undefined;
  }

  clear(): void {
    this.accepted.clear();
  }
}
