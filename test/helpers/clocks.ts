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
