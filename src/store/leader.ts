/**
 * Who polls. Every replica serves Teams traffic; only the leader runs the poller and the notifier.
 * - SingleProcessLeader: SQLite and memory. The SQLite file lock already guarantees one process.
 * - BlobLeaseLeader: Azure Blob. The leader holds a lease on one blob and renews it; a replica that dies
 *   without releasing it is replaced once the lease expires (at most `leaseSeconds` later, plus one
 *   campaign interval).
 */
import type { BlobClient, BlobLeaseClient, ContainerClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { SystemClock, type Clock } from '../clock';
import { BotError, errorMessage } from '../errors';
import type { Logger } from '../log';
import { containerClientFor } from './blob';
import { isConflict, statusOf } from './blobErrors';
import { checkLeaseOptions, type BlobLeaseLeaderOptions } from './leaderOptions';
import type { LeaderElector } from './types';

export type { BlobLeaseLeaderOptions } from './leaderOptions';

/** The only process is always the leader: `isLeader()` is true until `stop()`. */
export class SingleProcessLeader implements LeaderElector {
  private stopped = false;
  private onChange: ((leader: boolean) => void) | undefined;

  constructor(readonly replicaId: string) {}

  isLeader(): boolean {
    return !this.stopped;
  }

  leaderId(): string | undefined {
    return this.stopped ? undefined : this.replicaId;
  }

  /** Reports leadership at once (`onChange(true)`). */
  async start(onChange?: (leader: boolean) => void): Promise<void> {
    this.onChange = onChange;
    if (!this.stopped) onChange?.(true);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.onChange?.(false);
  }
}

/** The blob metadata entry naming the leader (lower case: Azure returns metadata names lower-cased). */
const LEADER_METADATA = 'leader';

/** Leadership through a renewed Azure blob lease. See `BlobLeaseLeaderOptions` for the timings. */
export class BlobLeaseLeader implements LeaderElector {
  readonly replicaId: string;
  private readonly blob: BlobClient;
  private readonly lease: BlobLeaseClient;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private leading = false;
  private expiresAt = 0;
  private knownLeader: string | undefined;
  private blobReady = false;
  private onChange: ((leader: boolean) => void) | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(o: BlobLeaseLeaderOptions) {
    const checked = checkLeaseOptions(o);
    const container: ContainerClient = o.containerClient ?? containerClientFor(checked.connection!);
    this.replicaId = o.replicaId;
    this.blob = container.getBlobClient(checked.blobName);
    // One lease id per elector: re-acquiring a lease we still hold with the same id succeeds.
    this.lease = this.blob.getBlobLeaseClient(randomUUID());
    this.clock = o.clock ?? new SystemClock();
    this.logger = o.logger?.child({ component: 'leader', replicaId: o.replicaId });
    this.leaseMs = checked.leaseSeconds * 1000;
    this.renewEveryMs = checked.renewEveryMs;
  }

  /** True while the lease is held and not past its expiry by this replica's clock. */
  isLeader(): boolean {
    return this.leading && this.clock.now() < this.expiresAt;
  }

  leaderId(): string | undefined {
    return this.isLeader() ? this.replicaId : this.knownLeader;
  }

  /** Makes a first attempt before resolving (so `isLeader()` is meaningful), then keeps campaigning. */
  async start(onChange?: (leader: boolean) => void): Promise<void> {
    if (this.loop || this.stopping.signal.aborted) {
      throw new BotError(
        'usage_invalid',
        'BlobLeaseLeader.start() can be called once, before stop(); create a new elector instead.',
      );
    }
    this.onChange = onChange;
    await this.campaign();
    this.loop = this.run().catch((err: unknown) =>
      this.logger?.error({ err }, 'leader loop ended unexpectedly; this replica no longer campaigns'),
    );
  }

  /** Stops acting as leader first (`onChange(false)`), then releases the lease so another replica can lead. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    const held = this.leading;
    this.setLeading(false, 'stopped');
    if (held) await this.giveBack();
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await this.pause(this.renewEveryMs);
      if (this.stopping.signal.aborted) return;
      if (this.leading) await this.renew();
      else await this.campaign();
    }
  }

  private async campaign(): Promise<void> {
    const sentAt = this.clock.now();
    try {
      await this.ensureBlob();
      await this.withDeadline((abortSignal) => this.lease.acquireLease(this.leaseMs / 1000, { abortSignal }));
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      if (statusOf(err) === 404) this.blobReady = false;
      // 409: another replica holds the lease, the normal case for a follower.
      if (statusOf(err) !== 409) this.logger?.warn({ err: errorMessage(err) }, 'leader campaign failed');
      await this.observeLeader();
      return;
    }
    this.expiresAt = sentAt + this.leaseMs;
    if (this.stopping.signal.aborted || !(await this.recordLeader())) {
      await this.giveBack();
      return;
    }
    this.setLeading(true, 'lease acquired');
  }

  /** Names this replica in the blob's metadata; leading without it would mislead every leaderId(). */
  private async recordLeader(): Promise<boolean> {
    try {
      const metadata = { [LEADER_METADATA]: encodeURIComponent(this.replicaId) };
      await this.withDeadline((abortSignal) =>
        this.blob.setMetadata(metadata, { conditions: { leaseId: this.lease.leaseId }, abortSignal }),
      );
      return true;
    } catch (err) {
      if (!this.stopping.signal.aborted) {
        this.logger?.warn({ err: errorMessage(err) }, 'could not record the leader; giving the lease back');
      }
      return false;
    }
  }

  private async giveBack(): Promise<void> {
    try {
      await this.lease.releaseLease();
    } catch (err) {
      // The lease then simply expires; the next leader waits at most `leaseSeconds`.
      this.logger?.warn({ err: errorMessage(err) }, 'could not release the leader lease');
    }
  }

  private async renew(): Promise<void> {
    const sentAt = this.clock.now();
    try {
      await this.withDeadline((abortSignal) => this.lease.renewLease({ abortSignal }));
      this.expiresAt = sentAt + this.leaseMs;
    } catch (err) {
      if (this.stopping.signal.aborted) return; // stop() releases the lease itself
      // We cannot know whether we still hold the lease: stop acting as leader at once, campaign again.
      this.setLeading(false, `renewal failed: ${errorMessage(err)}`);
    }
  }

  /** Reads which replica holds the lease (blob metadata), for `leaderId()` on followers. */
  private async observeLeader(): Promise<void> {
    try {
      const props = await this.withDeadline((abortSignal) => this.blob.getProperties({ abortSignal }));
      const recorded = props.metadata?.[LEADER_METADATA];
      this.knownLeader = props.leaseState === 'leased' && recorded ? decodeURIComponent(recorded) : undefined;
    } catch (err) {
      this.knownLeader = undefined;
      if (statusOf(err) === 404) this.blobReady = false;
      else this.logger?.debug({ err: errorMessage(err) }, 'could not read the leader blob');
    }
  }

  /** Creates the (empty) leader blob once; an existing one, leased or not, is fine. */
  private async ensureBlob(): Promise<void> {
    if (this.blobReady) return;
    try {
      await this.blob.getBlockBlobClient().upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    this.blobReady = true;
  }

  private setLeading(leading: boolean, reason: string): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.knownLeader = leading ? this.replicaId : undefined;
    if (leading || reason === 'stopped')
      this.logger?.info({ reason }, leading ? 'became leader' : 'stopped leading');
    else this.logger?.warn({ reason }, 'no longer leader');
    try {
      this.onChange?.(leading);
    } catch (err) {
      this.logger?.error({ err }, 'leader onChange handler threw');
    }
  }

  /** Runs one request, aborting it when the lease would expire meanwhile or when stopping. */
  private async withDeadline<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onStop = (): void => controller.abort(this.stopping.signal.reason);
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    const budget = this.leading ? Math.max(0, this.expiresAt - this.clock.now()) : this.leaseMs;
    void this.clock.sleep(budget, controller.signal).then(
      () => controller.abort(new Error(`no answer within ${budget} ms`)),
      () => undefined, // the request finished first and cancelled the timer
    );
    try {
      return await request(controller.signal);
    } finally {
      this.stopping.signal.removeEventListener('abort', onStop);
      controller.abort();
    }
  }

  /** Sleeps `ms`, or less when stopping (also with a clock that ignores abort signals). */
  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.clock.sleep(ms, signal).then(done, done);
    });
  }
}
