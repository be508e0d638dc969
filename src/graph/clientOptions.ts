import type { TokenCredential } from '@azure/identity';
import { ConfigError } from '../errors';
import type { Logger } from '../log';
import type { GraphRequestEvent } from './request';

/** The app-only scope of Microsoft Graph. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Options of `GraphSecurityClient`. */
export interface GraphSecurityClientOptions {
  /** Graph endpoint, `https://graph.microsoft.com` (a `/v1.0` or `/beta` suffix picks the version). https only. */
  baseUrl: string;
  credential: TokenCredential;
  logger: Logger;
  /** Retries of 429/503/504 per request, by the Graph client's RetryHandler. Default 3, at most 10. */
  maxRetries?: number;
  /** Timeout of each HTTP attempt, in ms. Default 30000. */
  timeoutMs?: number;
  /** Base back-off when Graph sends no Retry-After, in seconds. Default 3 (the Graph client's own). */
  retryDelaySeconds?: number;
  /** A Retry-After longer than this (seconds) is handed back as a 429 instead of waited out. Default 60. */
  maxInlineRetryAfterSeconds?: number;
  /** Metrics hook, once per request after retries. A throw is logged and ignored. */
  onRequest?: (e: GraphRequestEvent) => void;
  /** HTTP client; default the global fetch. */
  fetch?: typeof fetch;
  /**
   * Sent on every request, e.g. `x-dlpbot-replica` (which replica asked: the simulator records it, and
   * a tenant polled by two replicas shows in its request log).
   */
  headers?: Record<string, string>;
}

/** Per-call options of every operation. */
export interface CallOptions {
  /** Cancels the call: it rejects with a `GraphError` (status 0, graphCode `cancelled`). */
  signal?: AbortSignal;
  /** Sent as `client-request-id` and logged; default a fresh UUID. */
  requestId?: string;
}

/** The numeric options with their defaults, or a `ConfigError` naming each one out of range. */
export function checkLimits(o: GraphSecurityClientOptions) {
  const issues: Array<{ key: string; message: string }> = [];
  const pick = (
    key: string,
    value: number | undefined,
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v < min || v > max)
      issues.push({ key, message: `must be from ${min} to ${max}, got ${v}` });
    return v;
  };
  const maxRetries = pick('maxRetries', o.maxRetries, 3, 0, 10);
  if (!Number.isInteger(maxRetries)) issues.push({ key: 'maxRetries', message: 'must be a whole number' });
  // The Graph client's RetryHandlerOptions refuse a base delay over 180 s.
  const retryDelaySeconds = pick('retryDelaySeconds', o.retryDelaySeconds, 3, 0, 180);
  const timeoutMs = pick('timeoutMs', o.timeoutMs, 30_000, 1, 600_000);
  const maxInline = pick('maxInlineRetryAfterSeconds', o.maxInlineRetryAfterSeconds, 60, 0, 180);
  if (issues.length > 0) throw new ConfigError(issues);
  return { maxRetries, retryDelaySeconds, timeoutMs, maxInlineRetryAfterMs: maxInline * 1000 };
}
