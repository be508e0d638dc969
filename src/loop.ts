/**
 * A background loop that can be started once and stopped: the stop aborts its signal and waits for the
 * body to return, so the caller knows no iteration is still writing. Used by the poller and the notifier.
 */
export class BackgroundLoop {
  private abort: AbortController | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly name: string) {}

  get running(): boolean {
    return this.done !== undefined;
  }

  /** Starts `body` unless it already runs; `body` must return once `signal` is aborted. */
  start(body: (signal: AbortSignal) => Promise<void>): void {
    if (this.done) return;
    const abort = new AbortController();
    this.abort = abort;
    this.done = body(abort.signal).finally(() => {
      if (this.abort === abort) this.done = undefined;
    });
  }

  /** Aborts the loop and waits for the current iteration to end. */
  async stop(): Promise<void> {
    this.abort?.abort(new Error(`${this.name} stopped`));
    await this.done?.catch(() => undefined);
  }
}
