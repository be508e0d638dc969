import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { CredentialUnavailableError } from '@azure/identity';
import { SystemClock, type Clock } from '../clock';
import { ConfigError, errorMessage } from '../errors';
import { isLoopbackHost } from '../loopback';
import type { Logger } from '../log';
import { isRecord } from '../model';

/** Options of the development token credential (the Graph simulator's `POST /_sim/token`). */
export interface DevTokenCredentialOptions {
  /** The simulator's base URL (loopback https only), e.g. `https://localhost:4443`. A `/v1.0` suffix is ignored. */
  baseUrl: string;
  /** Roles to ask for; default: whatever the simulator grants by default. */
  roles?: string[];
  /**
   * The tenant the token is for (issue 21: the simulator serves several), sent as `tenant` in the JSON
   * body of `POST /_sim/token`; the simulator puts it in the token's `tid` claim. Default: none sent, the
   * simulator's own default tenant.
   */
  tenantId?: string;
  /** Time source for the cache; default the system clock. */
  clock?: Clock;
  /** HTTP client; default the global fetch (tests pass a stub). */
  fetch?: typeof fetch;
  /** Token endpoint timeout in ms. Default 10000. */
  timeoutMs?: number;
  logger?: Logger;
}

/** A token is refreshed this long before it expires (or a tenth of its life when that is shorter). */
const REFRESH_MARGIN_MS = 120_000;

/**
 * A `TokenCredential` for local development and tests: gets a JWT from the simulator's dev token endpoint
 * and caches it until shortly before `expires_in`. It refuses any non-loopback URL, so it can never ask a
 * real service for a token.
 */
export class DevTokenCredential implements TokenCredential {
  private readonly endpoint: string;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;
  private cached: { token: AccessToken; refreshAt: number } | undefined;
  private inflight: Promise<AccessToken> | undefined;

  constructor(private readonly options: DevTokenCredentialOptions) {
    if (!URL.canParse(options.baseUrl))
      throw new ConfigError([{ key: 'GRAPH_BASE_URL', message: `"${options.baseUrl}" is not a URL` }]);
    const url = new URL(options.baseUrl);
    if (!isLoopbackHost(url.hostname)) {
      throw new ConfigError([
        {
          key: 'GRAPH_BASE_URL',
          message: `the development token only talks to a loopback Graph stand-in, not ${url.host}`,
        },
      ]);
    }
    this.endpoint = `${url.origin}/_sim/token`;
    this.clock = options.clock ?? new SystemClock();
    this.fetchImpl = options.fetch ?? fetch;
  }

  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const now = this.clock.now();
    if (this.cached && now < this.cached.refreshAt) return this.cached.token;
    // One fetch at a time: concurrent requests at start-up share it.
    this.inflight ??= this.fetchToken(options).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchToken(options?: GetTokenOptions): Promise<AccessToken> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const signal = options?.abortSignal
      ? AbortSignal.any([timeout, options.abortSignal as AbortSignal])
      : timeout;
    let res: Response;
    try {
      res = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.requestBody()),
        signal,
      });
    } catch (err) {
      throw new CredentialUnavailableError(
        `The development token endpoint ${this.endpoint} did not answer (${errorMessage(err)}): ` +
          'is the Graph simulator running at GRAPH_BASE_URL?',
      );
    }
    if (!res.ok) {
      throw new CredentialUnavailableError(
        `The development token endpoint ${this.endpoint} answered ${res.status}${this.forTenant()}: ` +
          'is GRAPH_BASE_URL the simulator (and does it serve this tenant)?',
      );
    }
    // A body that is not JSON is reported by parseTokenAnswer as a malformed answer.
    const body: unknown = await res.json().catch((err: unknown) => ({ unreadable: errorMessage(err) }));
    return this.remember(parseTokenAnswer(body, this.endpoint));
  }

  /**
   * `{}`, `{ roles }`, `{ tenant }` or both: the simulator's token body is strict about its keys. The
   * single tenant of a deployment without TENANTS_FILE (`default`) is the simulator's first tenant.
   */
  private forTenant(): string {
    return this.options.tenantId === undefined ? '' : ` for tenant ${this.options.tenantId}`;
  }

  private requestBody(): { roles?: string[]; tenant?: string } {
    const tenant = this.options.tenantId;
    return {
      ...(this.options.roles ? { roles: this.options.roles } : {}),
      ...(tenant !== undefined && tenant !== 'default' ? { tenant } : {}),
    };
  }

  private remember(answer: { token: string; expiresInMs: number }): AccessToken {
    const now = this.clock.now();
    const margin = Math.min(REFRESH_MARGIN_MS, answer.expiresInMs / 10);
    const token: AccessToken = {
      token: answer.token,
      expiresOnTimestamp: now + answer.expiresInMs,
      refreshAfterTimestamp: now + answer.expiresInMs - margin,
      tokenType: 'Bearer',
    };
    this.cached = { token, refreshAt: now + answer.expiresInMs - margin };
    this.options.logger?.debug(
      { expiresInMs: answer.expiresInMs, tenantId: this.options.tenantId },
      'development Graph token acquired',
    );
    return token;
  }
}

function parseTokenAnswer(body: unknown, endpoint: string): { token: string; expiresInMs: number } {
  const ok =
    isRecord(body) &&
    typeof body.access_token === 'string' &&
    body.access_token.length > 0 &&
    (body.token_type === undefined || String(body.token_type).toLowerCase() === 'bearer') &&
    typeof body.expires_in === 'number' &&
    Number.isFinite(body.expires_in) &&
    body.expires_in > 0;
  if (!ok) {
    throw new CredentialUnavailableError(
      `The development token endpoint ${endpoint} answered without {token_type: "Bearer", access_token, expires_in}`,
    );
  }
  return { token: body.access_token as string, expiresInMs: (body.expires_in as number) * 1000 };
}
