import type { Clock } from '../../src/clock';

/** A clock whose sleeps return at once after moving time forward: deterministic back-off and pacing. */
export class SteppingClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private current = Date.parse('2026-11-20T12:00:00Z')) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.current += ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  constructor(private current = Date.parse('2026-11-20T12:00:00Z')) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ at: this.current + ms, resolve }));
  }

  /** Moves time forward and wakes every sleeper whose time has come. */
  advance(ms: number): void {
    this.current += ms;
    const due = this.waiters.filter((w) => w.at <= this.current);
    this.waiters = this.waiters.filter((w) => w.at > this.current);
    for (const w of due) w.resolve();
  }

  set(ms: number): void {
    this.advance(Math.max(0, ms - this.current));
  }
}
