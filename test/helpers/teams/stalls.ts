/**
 * Stalls: requests Teams holds before answering (a slow roster, a slow send). A stalled request is then
 * handled as usual, faults and rate limit included, so "slow, then failing" is a stall plus a fault.
 */
import type { ConnectorOpKind, ConnectorReadKind, ConnectorStall, InjectedFault } from './connectorTypes';

interface Armed {
  stall: ConnectorStall;
  remaining: number;
  hits: number;
}

export class StallBook {
  private armed: Armed[] = [];

  add(stall: ConnectorStall): InjectedFault {
    if (!(Number.isFinite(stall?.delayMs) && stall.delayMs >= 0))
      throw new TypeError(`stall.delayMs must be a number >= 0, got ${JSON.stringify(stall?.delayMs)}.`);
    if (!Array.isArray(stall.ops) || stall.ops.length === 0)
      throw new TypeError('stall.ops must name the operations to hold, e.g. ["member"].');
    if (stall.count !== undefined && !(Number.isInteger(stall.count) && stall.count > 0))
      throw new TypeError(`stall.count must be a positive integer, got ${JSON.stringify(stall.count)}.`);
    const entry: Armed = { stall: { ...stall }, remaining: stall.count ?? Infinity, hits: 0 };
    this.armed.push(entry);
    return {
      get remaining() {
        return entry.remaining;
      },
      get hits() {
        return entry.hits;
      },
      cancel: () => {
        this.armed = this.armed.filter((a) => a !== entry);
      },
    };
  }

  /** How long to hold this request (0 when no stall claims it); consumes one use of the stall. */
  take(op: ConnectorOpKind | ConnectorReadKind, conversationId: string): number {
    const entry = this.armed.find(
      (a) =>
        a.remaining > 0 &&
        a.stall.ops.includes(op) &&
        (!a.stall.match || ((a.stall.match.lastIndex = 0), a.stall.match.test(conversationId))),
    );
    if (!entry) return 0;
    entry.remaining -= 1;
    entry.hits += 1;
    if (entry.remaining === 0) this.armed = this.armed.filter((a) => a !== entry);
    return entry.stall.delayMs;
  }

  clear(): void {
    this.armed = [];
  }
}
