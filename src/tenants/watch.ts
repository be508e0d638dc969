import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { sleepUnlessAborted, type Clock } from '../clock';
import { ConfigError, errorMessage } from '../errors';
import type { Logger } from '../log';
import { BackgroundLoop } from '../loop';
import { diffTenants, isEmptyDiff } from './diff';
import { parseTenantsFile } from './load';
import type { TenantSpec, TenantsDiff } from './types';

/** Dependencies and settings of `TenantsFileWatch`. */
export interface TenantsFileWatchOptions {
  /** TENANTS_FILE. */
  path: string;
  /** The set loaded at start (`Config.tenants`): a re-read that finds the same set calls nothing. */
  initial: readonly TenantSpec[];
  /** Called with every good edit that changes the set. A throw is logged and the edit retried next time. */
  onChange(next: TenantSpec[], diff: TenantsDiff): void | Promise<void>;
  clock: Clock;
  logger: Logger;
  /** How often the file is checked, ms. Default 2000. */
  intervalMs?: number;
}

/** The last refused edit, for /status: cleared by the next good read. */
export interface TenantsFileError {
  /** When it was found (ISO). */
  at: string;
  /** Every problem, as `key: message` (the ConfigError's issues). */
  issues: string[];
}

type Outcome = 'unchanged' | 'applied' | 'refused';

/**
 * Re-reads TENANTS_FILE when it changes, without a restart. Each check compares the file's mtime and size
 * with the last check, and reads it only when they differ; a read whose content hash was already handled
 * does nothing more. A good edit replaces the set and calls `onChange(next, diff)`; a bad one (invalid,
 * unreadable, deleted) is logged at error with every problem, counted, shown by `lastError()`, and the
 * old set is kept. Edits that keep mtime and size (same second, same length, on a coarse file system) are
 * noticed at the next change that does not.
 */
export class TenantsFileWatch {
  private readonly loop = new BackgroundLoop('tenants file watch');
  private tenants: TenantSpec[];
  private signature: string | undefined;
  private handledHash: string | undefined;
  private error: TenantsFileError | undefined;
  private refusedCount = 0;

  constructor(private readonly o: TenantsFileWatchOptions) {
    this.tenants = [...o.initial];
  }

  /** The set in force: the initial one or the last good edit. */
  current(): TenantSpec[] {
    return [...this.tenants];
  }

  /** The last refused edit while it is still in the file; undefined once a good version is read. */
  lastError(): TenantsFileError | undefined {
    return this.error;
  }

  /** Bad edits refused since start (each distinct bad content or disappearance counted once). */
  get refused(): number {
    return this.refusedCount;
  }

  /** Checks the file once; `start()` calls it every `intervalMs`. */
  async checkOnce(): Promise<Outcome> {
    let signature: string;
    try {
      const s = await stat(this.o.path);
      signature = `${s.mtimeMs}:${s.size}`;
    } catch (err) {
      return this.refuse('gone', [
        `TENANTS_FILE: ${this.o.path} cannot be read (${errorMessage(err)}); restore it`,
      ]);
    }
    if (signature === this.signature) return 'unchanged';
    let text: string;
    try {
      text = await readFile(this.o.path, 'utf8');
    } catch (err) {
      return this.refuse('unreadable', [`TENANTS_FILE: cannot read ${this.o.path}: ${errorMessage(err)}`]);
    }
    this.signature = signature;
    const hash = createHash('sha256').update(text).digest('hex');
    if (hash === this.handledHash) return 'unchanged';
    let next: TenantSpec[];
    try {
      next = parseTenantsFile(text, this.o.path);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return this.refuse(
        hash,
        err.issues.map((i) => `${i.key}: ${i.message}`),
      );
    }
    return this.apply(next, hash);
  }

  /** Checks now, then every `intervalMs`, until `stop()`. Idempotent. */
  start(): void {
    this.loop.start((signal) => this.run(signal));
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.checkOnce();
      } catch (err) {
        this.o.logger.error(
          { err: errorMessage(err), path: this.o.path },
          'tenants file check failed; will retry',
        );
      }
      await sleepUnlessAborted(this.o.clock, this.o.intervalMs ?? 2000, signal);
    }
  }

  private async apply(next: TenantSpec[], hash: string): Promise<Outcome> {
    const diff = diffTenants(this.tenants, next);
    if (!isEmptyDiff(diff)) {
      try {
        await this.o.onChange(next, diff);
      } catch (err) {
        // Not handled: the same content is tried again at the next check.
        this.signature = undefined;
        this.o.logger.error(
          { err: errorMessage(err), path: this.o.path, ...diff },
          'tenants file changed but applying it failed; the previous tenants stay in force, retrying',
        );
        return 'refused';
      }
      this.o.logger.info(
        { path: this.o.path, ...diff, tenants: next.length },
        'tenants file re-read and applied',
      );
    }
    if (this.error) this.o.logger.info({ path: this.o.path }, 'tenants file is valid again');
    this.tenants = next;
    this.handledHash = hash;
    this.error = undefined;
    return isEmptyDiff(diff) ? 'unchanged' : 'applied';
  }

  /** Logs and counts a bad edit once per distinct content (or disappearance), keeping the old set. */
  private refuse(what: string, issues: string[]): Outcome {
    if (what !== this.handledHash) {
      this.handledHash = what;
      this.refusedCount++;
      this.error = { at: new Date(this.o.clock.now()).toISOString(), issues };
      this.o.logger.error(
        { path: this.o.path, issues, tenants: this.tenants.length },
        `tenants file edit refused (${issues.length} problem${issues.length === 1 ? '' : 's'}); ` +
          'the previous tenants stay in force until the file is fixed',
      );
    }
    if (what === 'gone' || what === 'unreadable') this.signature = undefined;
    return 'refused';
  }
}
