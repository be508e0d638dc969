import type { Clock } from '../clock';

/** One limit: at most `max` operations in any `windowMs`. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

/**
 * Teams' documented per-bot, per-thread limits for sending messages. The tightest window decides; the
 * pacer keeps every window so a long burst slows down as Teams expects instead of collecting 429s.
 */
export const TEAMS_THREAD_LIMITS: RateWindow[] = [
  { max: 7, windowMs: 1_000 },
  { max: 8, windowMs: 2_000 },
  { max: 60, windowMs: 30_000 },
  { max: 1_800, windowMs: 3_600_000 },
];

/** A slot `acquire` granted. Call `done()` when the operation has its answer. */
export interface PacerSlot {
  /**
   * Moves the operation's time stamp from its start to now. Teams counts an operation when it receives
   * it, somewhere between our start and our answer: stamped at the answer, no window can hold more than
   * `max` at Teams' side either (stamped at the start, network and event-loop delays let an 8th operation
   * reach Teams 998 ms after the first).
   */
  done(): void;
}

/**
 * Paces operations per conversation with sliding windows. `acquire(key)` resolves when one more
 * operation fits every window; callers are served in order per key. Memory is bounded by the largest
 * window's `max` per active key, and idle keys are dropped.
 */
export class Pacer {
  private readonly history = new Map<string, number[]>();
  private readonly tails = new Map<string, Promise<PacerSlot>>();
  private readonly horizon: number;

  constructor(
    private readonly clock: Clock,
    private readonly windows: RateWindow[] = TEAMS_THREAD_LIMITS,
  ) {
    this.horizon = Math.max(...windows.map((w) => w.windowMs));
  }

  /** Waits for a slot on `key`, then records the operation (stamped now; see `PacerSlot.done`). */
  acquire(key: string): Promise<PacerSlot> {
    const previous: Promise<unknown> = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.take(key));
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Pushes the key's next slot back (a 429's Retry-After). */
  penalize(key: string, ms: number): void {
    const times = this.history.get(key) ?? [];
    const until = this.clock.now() + ms;
    // Fill the tightest window as if it were used up until `until`.
    const tight = this.windows[0]!;
    for (let i = 0; i < tight.max; i++) times.push(until - tight.windowMs);
    this.history.set(key, times);
  }

  /** Milliseconds until one more operation fits on `key` (0 = now). */
  delayFor(key: string): number {
    const now = this.clock.now();
    const times = this.prune(key, now);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = countSince(times, now - w.windowMs);
      if (inWindow >= w.max) {
        const oldestBlocking = times[times.length - w.max]!;
        wait = Math.max(wait, oldestBlocking + w.windowMs - now + 1);
      }
    }
    return wait;
  }

  private async take(key: string): Promise<PacerSlot> {
    for (let wait = this.delayFor(key); wait > 0; wait = this.delayFor(key)) await this.clock.sleep(wait);
    const stamp = this.clock.now();
    this.stamp(key, undefined, stamp);
    return { done: () => this.stamp(key, stamp, this.clock.now()) };
  }

  /** Records `to` on `key`, replacing one stamp `from` when given (and still remembered). */
  private stamp(key: string, from: number | undefined, to: number): void {
    const times = this.history.get(key) ?? [];
    const i = from === undefined ? -1 : times.indexOf(from);
    if (i >= 0) times.splice(i, 1);
    else if (from !== undefined) return; // pruned already: the window it belonged to is over
    times.push(to);
    times.sort((a, b) => a - b);
    this.history.set(key, times);
  }

  private prune(key: string, now: number): number[] {
    const times = this.history.get(key);
    if (!times) return [];
    const keepFrom = now - this.horizon;
    let i = 0;
    while (i < times.length && times[i]! <= keepFrom) i++;
    if (i > 0) times.splice(0, i);
    if (times.length === 0) this.history.delete(key);
    return times;
  }
}

function countSince(sorted: number[], from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > from) hi = mid;
    else lo = mid + 1;
  }
  return sorted.length - lo;
}
