/**
 * What the connector observed: accepted writes in order, refused ones, and waiters for a write that
 * has not happened yet. Waiters are woken on each write (no polling).
 */
import type { ConnectorOp, OpFilter, RejectedRequest } from './connectorTypes';
import { parseConversationId } from './ids';

type OpPredicate = (op: ConnectorOp, all: readonly ConnectorOp[]) => boolean;

interface Waiter {
  predicate: OpPredicate;
  resolve: (op: ConnectorOp) => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
  settled: boolean;
}

function toPredicate(filter: OpFilter | undefined): (op: ConnectorOp) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  const wanted = { ...filter };
  // A thread address (`…;messageid=R`) means "that conversation, thread R".
  if (wanted.conversationId !== undefined) {
    const { base, threadRootId } = parseConversationId(wanted.conversationId);
    wanted.conversationId = base;
    if (threadRootId !== undefined) wanted.threadRootId = threadRootId;
  }
  return (op) => Object.entries(wanted).every(([k, v]) => op[k as keyof typeof wanted] === v);
}

function describe(op: ConnectorOp): string {
  const where = op.threadRootId ? `${op.conversationId};messageid=${op.threadRootId}` : op.conversationId;
  return `${op.op} ${op.activityId} in ${where}`;
}

export class OpLog {
  private ops: ConnectorOp[] = [];
  private refused: RejectedRequest[] = [];
  private waiters: Waiter[] = [];

  record(op: ConnectorOp): void {
    this.ops.push(op);
    for (const w of [...this.waiters]) this.offer(w, op, this.ops);
  }

  reject(request: RejectedRequest): void {
    this.refused.push(request);
  }

  list(filter?: OpFilter): ConnectorOp[] {
    return this.ops.filter(toPredicate(filter));
  }

  rejected(): RejectedRequest[] {
    return [...this.refused];
  }

  /** Peak number of accepted writes in any window [t, t + 1 s), per conversation (or the worst one). */
  maxOpsPerSecond(conversationId?: string): number {
    const byConversation = new Map<string, number[]>();
    const only = conversationId === undefined ? undefined : parseConversationId(conversationId).base;
    for (const op of this.ops) {
      if (only !== undefined && op.conversationId !== only) continue;
      byConversation.set(op.conversationId, [...(byConversation.get(op.conversationId) ?? []), op.at]);
    }
    let peak = 0;
    for (const times of byConversation.values()) {
      times.sort((a, b) => a - b);
      let start = 0;
      for (let end = 0; end < times.length; end += 1) {
        while (times[end]! - times[start]! >= 1000) start += 1;
        peak = Math.max(peak, end - start + 1);
      }
    }
    return peak;
  }

  /**
   * Resolves with the first write (already recorded or still to come) for which `predicate(op, all)`
   * holds, `all` being the writes up to and including `op`. Rejects after `timeoutMs` with a list of
   * what was recorded, or at once if the predicate throws.
   */
  waitFor(predicate: OpPredicate, timeoutMs: number): Promise<ConnectorOp> {
    if (typeof predicate !== 'function') throw new TypeError('waitFor needs a predicate function.');
    if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
      throw new TypeError(`waitFor timeoutMs must be a number >= 0, got ${JSON.stringify(timeoutMs)}.`);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { predicate, resolve, reject, settled: false };
      for (let i = 0; i < this.ops.length && !waiter.settled; i += 1) {
        this.offer(waiter, this.ops[i]!, this.ops.slice(0, i + 1));
      }
      if (waiter.settled) return;
      waiter.timer = setTimeout(() => this.expire(waiter, timeoutMs), timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Forgets observations (pending waiters stay). */
  clear(): void {
    this.ops = [];
    this.refused = [];
  }

  /** Rejects every pending waiter; used when the connector closes. */
  abandon(reason: string): void {
    for (const w of [...this.waiters]) {
      this.settle(w);
      w.reject(new Error(reason));
    }
  }

  private offer(w: Waiter, op: ConnectorOp, all: readonly ConnectorOp[]): void {
    if (w.settled) return;
    let hit: boolean;
    try {
      hit = w.predicate(op, all);
    } catch (err) {
      // A broken predicate fails its own test, not the connector serving the bot.
      this.settle(w);
      w.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (!hit) return;
    this.settle(w);
    w.resolve(op);
  }

  private settle(w: Waiter): void {
    w.settled = true;
    clearTimeout(w.timer);
    this.waiters = this.waiters.filter((x) => x !== w);
  }

  private expire(w: Waiter, timeoutMs: number): void {
    this.settle(w);
    const seen = this.ops.slice(-10).map(describe);
    const more = this.ops.length > 10 ? ` (last 10 of ${this.ops.length})` : '';
    w.reject(
      new Error(
        `waitFor timed out after ${timeoutMs} ms; ${this.ops.length} writes recorded${more}:` +
          (seen.length ? `\n  ${seen.join('\n  ')}` : ' none'),
      ),
    );
  }
}
