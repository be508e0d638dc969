import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Claims of the app-only tokens the simulator issues (the subset of Entra ID's that Graph checks). */
export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  app_displayname: string;
  idtyp: 'app';
  oid: string;
  iat: number;
  nbf: number;
  exp: number;
  roles: string[];
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; message: string };

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** The simulated bot registration (what comments are credited to). */
export const APP_ID = '0f6c3b7e-5d2a-4c1b-9e8f-7a6b5c4d3e2f';
export const APP_DISPLAY_NAME = 'Defender DLP Bot';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * Issues and verifies HS256 JWTs with a secret made per process: a token from one simulator run is
 * worthless to the next, and nothing outside the process can mint one.
 */
export class TokenIssuer {
  private readonly secret = randomBytes(32);

  constructor(
    private readonly now: () => number,
    private readonly tenantId: string,
  ) {}

  /** A token for `tenantId` (default: the issuer's tenant): `tid` and `iss` name it, as Entra's do. */
  issue(roles: readonly string[], ttlSeconds: number, tenantId = this.tenantId): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = {
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${tenantId}/`,
      tid: tenantId,
      appid: APP_ID,
      app_displayname: APP_DISPLAY_NAME,
      idtyp: 'app',
      oid: '7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a',
      iat,
      nbf: iat - 300,
      exp: iat + ttlSeconds,
      roles: [...roles],
    };
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  /** Checks an Authorization header value the way Graph does; messages are Graph's. */
  verify(authorization: string | undefined): TokenCheck {
    const raw = authorization?.trim() ?? '';
    const token = /^bearer\s+/i.test(raw) ? raw.replace(/^bearer\s+/i, '').trim() : '';
    if (token === '') return { ok: false, message: 'Access token is empty.' };
    const parts = token.split('.');
    if (parts.length !== 3)
      return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
    const [head, body, sig] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${head}.${body}`));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, message: 'Access token validation failure. Invalid signature.' };
    }
    const claims = parseClaims(body);
    if (!claims) return { ok: false, message: 'Access token validation failure. Invalid claims.' };
    if (claims.aud !== GRAPH_AUDIENCE)
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    const nowSec = this.now() / 1000;
    if (nowSec >= claims.exp)
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    if (nowSec < claims.nbf)
      return { ok: false, message: 'Lifetime validation failed, the token is not yet valid.' };
    return { ok: true, claims };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

function parseClaims(body: string): TokenClaims | undefined {
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    const ok =
      typeof c.exp === 'number' &&
      typeof c.nbf === 'number' &&
      Array.isArray(c.roles) &&
      typeof c.appid === 'string' &&
      typeof c.tid === 'string';
    return ok ? (c as TokenClaims) : undefined;
  } catch {
    // Only reachable with our own signature on a non-JSON body: the caller answers 401 "Invalid claims".
    return undefined;
  }
}
