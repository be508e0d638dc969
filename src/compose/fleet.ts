import { errorMessage } from '../errors';
import { BackgroundLoop } from '../loop';
import { sleepUnlessAborted } from '../clock';
import type { LeaderTask, TenantStatus } from '../ops';
import type { Acquisition, Fence, TenantAssignment } from '../store/tenantLeases';
import type { TenantSpec } from '../tenants/types';
import type { TenantParts } from './tenant';
import type { Base } from './types';

/**
 * Every tenant's parts, and who runs what:
 * - a tenant's poller runs on the replica that holds its lease (`TenantAssignment`: all of them on SQLite,
 *   a fair share of blob leases on Azure Blob), writing through that lease's fence;
 * - every tenant's notifier runs on the leader only, so one process paces each conversation;
 * - on Azure Blob, the leader's outbox doorbell lists the outbox keys once a second and wakes the
 *   notifiers of the tenants that have work (one listing, not one per tenant).
 * `setTenants` applies an edited TENANTS_FILE without a restart.
 */
export class TenantFleet {
  private readonly parts = new Map<string, TenantParts>();
  /** Per-tenant chain of acquire/release steps, so a quick lose-then-win never runs out of order. */
  private readonly steps = new Map<string, Promise<void>>();
  private leading = false;
  private readonly doorbell = new BackgroundLoop('outbox-doorbell');

  constructor(
    private readonly base: Base,
    private readonly build: (spec: TenantSpec) => TenantParts,
    readonly assignment: TenantAssignment,
  ) {}

  /** Every tenant, in configuration order. */
  list(): TenantParts[] {
    return [...this.parts.values()];
  }

  get(name: string): TenantParts | undefined {
    return this.parts.get(name);
  }

  /** Every tenant's line of `/status` and `/tenants`, and how the polling is spread. */
  status(): { tenants: TenantStatus[]; spread: { live: string[]; share: number; held: number } } {
    const snap = this.assignment.snapshot();
    const held = new Set(snap.held);
    const tenants = this.list().map((p): TenantStatus => {
      const poller = p.poller.status();
      const missing = Object.values(p.permissions.report())
        .filter((f) => f.inUse && !f.ready)
        .flatMap((f) => f.missing);
      return {
        name: p.spec.name,
        displayName: p.spec.displayName ?? p.spec.name,
        tenantId: p.spec.tenantId,
        polledBy: snap.holders[p.spec.name] ?? null,
        pollingHere: held.has(p.spec.name),
        lastCycleCompletedAt: poller.lastCycleCompletedAt,
        lastError: poller.lastError,
        watermark: poller.watermark,
        trackedAlerts: poller.trackedAlerts,
        missingPermissions: [...new Set(missing)],
      };
    });
    return { tenants, spread: { live: snap.live, share: snap.share, held: snap.held.length } };
  }

  /** Tenants this replica polls now. */
  held(): string[] {
    return this.assignment.snapshot().held;
  }

  /**
   * Applies a tenant list: new tenants are built (and their notifiers started when leading), removed ones
   * stop polling and posting (their stored state stays, for when they come back), changed ones are
   * rebuilt. Then the lease spread is told.
   */
  async setTenants(specs: readonly TenantSpec[]): Promise<void> {
    const next = new Map(specs.map((s) => [s.name, s]));
    /** Leases held for tenants whose parts are rebuilt: the new parts poll under the same lease. */
    const kept = new Map<string, Fence>();
    for (const [name, p] of [...this.parts]) {
      const spec = next.get(name);
      if (spec && JSON.stringify(spec) === JSON.stringify(p.spec)) continue;
      const fence = p.fence.held();
      if (spec && fence) kept.set(name, fence);
      await this.stepNow(name, () => this.release(name));
      await p.notifier.stop();
      p.permissions.stop();
      this.parts.delete(name);
    }
    const ordered = new Map<string, TenantParts>();
    for (const spec of specs) {
      const existing = this.parts.get(spec.name);
      const p = existing ?? this.build(spec);
      ordered.set(spec.name, p);
      if (this.leading && !existing) p.notifier.start();
    }
    this.parts.clear();
    for (const [name, p] of ordered) this.parts.set(name, p);
    for (const [name, fence] of kept) void this.step(name, () => this.acquire(name, fence));
    this.assignment.setTenants([...this.parts.keys()]);
  }

  /** Starts spreading the polling (the assignment calls back as leases are won and lost). */
  async start(): Promise<void> {
    await this.assignment.start({
      acquired: (name, fence, how) => void this.step(name, () => this.acquire(name, fence, how)),
      released: (name) => void this.step(name, () => this.release(name)),
      releasing: async (name) => {
        await this.step(name, () => this.release(name));
        return { lastPollAt: this.lastListed(name) };
      },
    });
  }

  /** Releases every lease and stops every poller and notifier. */
  async stop(): Promise<void> {
    await this.assignment.stop();
    await Promise.all([...this.steps.values()]);
    await Promise.all(this.list().map((p) => p.poller.stop()));
    await this.stopNotifiers();
  }

  /** The leader's share: every tenant's notifier, and the doorbell on Azure Blob. */
  leaderTask(): LeaderTask {
    return {
      name: 'notifiers',
      start: () => {
        this.leading = true;
        for (const p of this.list()) p.notifier.start();
        const raw = this.base.storage.store as { listKeys?: (prefix: string) => Promise<string[]> };
        if (raw.listKeys) this.doorbell.start((signal) => this.ring(raw.listKeys!.bind(raw), signal));
      },
      stop: () => this.stopNotifiers(),
    };
  }

  private async stopNotifiers(): Promise<void> {
    this.leading = false;
    await this.doorbell.stop();
    await Promise.all(this.list().map((p) => p.notifier.stop()));
  }

  /** Runs `fn` after the tenant's pending steps and waits for it. */
  private stepNow(name: string, fn: () => Promise<void>): Promise<void> {
    return this.step(name, fn);
  }

  /**
   * When this replica's last list request for the tenant was over: the end of its last cycle's listing
   * (before that cycle's last batch, which may take seconds on a busy store), or now while a cycle is
   * still listing. Every list request of ours lies before it, whatever retries or token fetches delayed
   * them, so the next holder waiting an interval from it never lists within one interval of us.
   */
  private lastListed(name: string): number | undefined {
    return this.parts.get(name)?.poller.lastListedAt();
  }

  /** Chains a switch of the tenant's polling after the previous one; resolves when it is done (never rejects). */
  private step(name: string, fn: () => Promise<void>): Promise<void> {
    const next = (this.steps.get(name) ?? Promise.resolve()).then(fn).catch((err: unknown) => {
      this.base.logger.error(
        { tenant: name, err: errorMessage(err) },
        'could not switch the tenant\u2019s polling',
      );
    });
    this.steps.set(name, next);
    return next;
  }

  /**
   * Polls the tenant here. Taken over (nobody held it, or its holder died): at once. Handed over by a live
   * replica that released it (it stopped polling before releasing): one interval after the giver's last
   * list request was over (it leaves that on the lease blob; else one interval after acquiring), so the
   * tenant keeps its interval and is never listed by two replicas within one.
   */
  private async acquire(name: string, fence: Fence, how?: Acquisition): Promise<void> {
    const p = this.parts.get(name);
    if (!p || fence.signal.aborted) return;
    const acquiredAt = this.base.clock.now();
    p.fence.set(fence);
    // The state is read again: another replica may have polled this tenant since we last held it.
    await p.poller.load();
    if (fence.signal.aborted) return;
    const notBefore = how?.handover
      ? (how.lastPollAt ?? acquiredAt) + this.base.config.poller.intervalMs
      : undefined;
    p.poller.start({ notBefore });
    this.base.logger.info(
      { tenant: name, replicaId: this.assignment.replicaId, handover: how?.handover ?? false },
      'polling this tenant',
    );
  }

  private async release(name: string): Promise<void> {
    const p = this.parts.get(name);
    if (!p) return;
    p.fence.set(undefined);
    await p.poller.stop();
  }

  private async ring(listKeys: (prefix: string) => Promise<string[]>, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const busy = new Set((await listKeys('outbox/')).map((key) => key.split('/')[1]));
        for (const name of busy) if (name) this.parts.get(name)?.notifier.kick();
      } catch (err) {
        this.base.logger.warn({ err: errorMessage(err) }, 'the outbox doorbell could not list the outbox');
      }
      await sleepUnlessAborted(this.base.clock, 1000, signal);
    }
  }
}
