import { GraphError } from '../errors';
import type { PollerOptions } from './options';

/**
 * How long a poller waits after its `failures`-th failed cycle in a row: Graph's Retry-After when it gave
 * one, else the interval doubled per failure (up to 2^10) with ±25% jitter, never past `maxBackoffMs`
 * (default 10 min).
 */
export function retryDelay(
  err: unknown,
  failures: number,
  o: Pick<PollerOptions, 'intervalMs' | 'maxBackoffMs'>,
): number {
  const max = o.maxBackoffMs ?? 10 * 60_000;
  const exp = Math.min(max, o.intervalMs * 2 ** Math.min(failures, 10));
  const retryAfter = err instanceof GraphError ? err.retryAfterMs : undefined;
  const delay = Math.max(retryAfter ?? 0, Math.round(exp * (0.75 + Math.random() * 0.5)));
  return Math.min(delay, max);
}
