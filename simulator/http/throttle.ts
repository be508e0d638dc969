/** Requests allowed per minute, per bucket. */
export interface ThrottleLimits {
  security: number;
  hunting: number;
}

export type ThrottleBucket = keyof ThrottleLimits;

/**
 * Graph-like throttling: a sliding 60-second window per (app, bucket). A request over the limit is
 * refused with the seconds until the window has room again (Retry-After); refused requests do not count.
 */
export class Throttle {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits | false,
    private readonly now: () => number,
  ) {}

  /** Records the request if allowed; otherwise returns the Retry-After seconds. */
  take(
    appId: string,
    bucket: ThrottleBucket,
  ): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (!this.limits) return { allowed: true };
    const limit = this.limits[bucket];
    const key = `${appId}|${bucket}`;
    const now = this.now();
    const hits = (this.windows.get(key) ?? []).filter((t) => t > now - 60_000);
    if (hits.length >= limit) {
      this.windows.set(key, hits);
      const oldest = hits[0] as number;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)) };
    }
    hits.push(now);
    this.windows.set(key, hits);
    return { allowed: true };
  }
}
