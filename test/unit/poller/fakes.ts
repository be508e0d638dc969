import type { Clock } from '../../../src/clock';
import type { CorrelationChange } from '../../../src/correlation';
import type { SecurityAlert } from '../../../src/model';
import type { AlertSource, ChangeSink } from '../../../src/poller';
import { MemoryStore } from '../../../src/store/memory';
import type { BatchOp } from '../../../src/store/types';

/**
 * A Graph listing stand-in: answers every alert changed after `since` (Graph's `lastUpdateDateTime gt`),
 * records each `since` it was asked, and fails the next calls with the errors queued in `failures`.
 */
export class ScriptedSource implements AlertSource {
  readonly alerts = new Map<string, SecurityAlert>();
  readonly sinces: string[] = [];
  readonly failures: Error[] = [];
  /** Called during each listing (after `since` is recorded): lets a test act "while the poller pages". */
  duringListing?: () => void;

  put(...alerts: SecurityAlert[]): void {
    for (const a of alerts) this.alerts.set(a.id, a);
  }

  async listAlertsChangedSince(since: string) {
    this.sinces.push(since);
    this.duringListing?.();
    const failure = this.failures.shift();
    if (failure) throw failure;
    const alerts = [...this.alerts.values()].filter(
      (a) => Date.parse(a.lastUpdateDateTime) > Date.parse(since),
    );
    return { alerts, pages: 1, skipped: 0 };
  }
}

/** A change sink that turns each change into one outbox-like put and remembers what it was handed. */
export class RecordingSink implements ChangeSink {
  readonly handedOff: CorrelationChange[][] = [];
  readonly durable: CorrelationChange[][] = [];
  private seq = 0;

  handoffOps(changes: CorrelationChange[]): BatchOp[] {
    this.handedOff.push(changes);
    return changes.map((c) => ({
      op: 'put' as const,
      key: `outbox/${String(this.seq++).padStart(6, '0')}`,
      value: c,
    }));
  }

  afterHandoff(changes: CorrelationChange[]): void {
    this.durable.push(changes);
  }
}

/** A MemoryStore whose next `failBatches` batches throw (nothing of them is applied). */
export class FlakyStore extends MemoryStore {
  failBatches = 0;

  override async batch(ops: BatchOp[]): Promise<void> {
    if (this.failBatches > 0) {
      this.failBatches--;
      throw new Error('store unavailable (injected)');
    }
    return super.batch(ops);
  }
}

/**
 * A clock whose sleeps never end on their own: each records its length and waits to be aborted, so a
 * test can start the poller's loop, read the back-off it chose, then stop it.
 */
export class HeldClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((_resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

/** Lets pending promise callbacks run until `check` holds (no timers involved). */
export async function settle(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never happened: ${what}`);
}
