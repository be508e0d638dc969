// PLACEHOLDER (lead's branch): replaced by the leases helper's module at merge.
import { BotError } from '../errors';

export class FenceLostError extends BotError {
  constructor(readonly tenant: string) {
    super('fence_lost' as never, `This replica no longer holds the lease of tenant ${tenant}.`);
  }
}
export interface Fence {
  check(): Promise<void>;
  readonly signal: AbortSignal;
}
export interface TenantAssignmentHandlers {
  acquired(name: string, fence: Fence): void;
  released(name: string): void;
}
export interface TenantAssignment {
  readonly replicaId: string;
  setTenants(names: readonly string[]): void;
  start(h: TenantAssignmentHandlers): Promise<void>;
  stop(): Promise<void>;
  snapshot(): { live: string[]; share: number; held: string[]; holders: Record<string, string | undefined> };
}
export class AllTenantsHere implements TenantAssignment {
  private names: string[] = [];
  private held = new Map<string, AbortController>();
  private h: TenantAssignmentHandlers | undefined;
  constructor(readonly replicaId: string) {}
  setTenants(names: readonly string[]): void {
    this.names = [...names];
    if (this.h) this.sync();
  }
  async start(h: TenantAssignmentHandlers): Promise<void> {
    this.h = h;
    this.sync();
  }
  async stop(): Promise<void> {
    for (const name of [...this.held.keys()]) this.drop(name);
    this.h = undefined;
  }
  snapshot() {
    return {
      live: [this.replicaId],
      share: this.names.length,
      held: [...this.held.keys()],
      holders: Object.fromEntries(this.names.map((n) => [n, this.held.has(n) ? this.replicaId : undefined])),
    };
  }
  private sync(): void {
    for (const name of [...this.held.keys()]) if (!this.names.includes(name)) this.drop(name);
    for (const name of this.names) {
      if (this.held.has(name)) continue;
      const ac = new AbortController();
      this.held.set(name, ac);
      this.h!.acquired(name, { check: async () => undefined, signal: ac.signal });
    }
  }
  private drop(name: string): void {
    this.held.get(name)?.abort();
    this.held.delete(name);
    this.h?.released(name);
  }
}
export function fencedStore<S>(store: S, _fence: Fence): S {
  return store;
}
