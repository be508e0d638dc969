/**
 * Tokens a forger could send to a bot's `/api/messages`: well-formed RS256 JWTs with the claims the Bot
 * Framework puts in its tokens (`iss`, `aud` = the bot's app id, `serviceurl`, `nbf`, `exp`), signed
 * with a key generated in this process that no Bot Framework OpenID metadata publishes. A bot that
 * validates tokens must answer 401 to both. Built with node:crypto only.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface BotTokenOptions {
  /** The bot's Entra app id, as the `aud` claim. Required: a forger targets one bot. */
  appId: string;
  /** `iss` claim; default `https://api.botframework.com` (the genuine Bot Framework issuer). */
  issuer?: string;
  /** `kid` header; default a random id that no published key set contains. */
  kid?: string;
  /** `serviceurl` claim; default `https://smba.trafficmanager.net/teams/`. */
  serviceUrl?: string;
  /** Issue time in seconds since the epoch; default now. */
  nowSeconds?: number;
}

let signingKey: KeyObject | undefined;

/** One fresh RSA key per test process: generating 2048-bit keys per call would slow suites down. */
function forgerKey(): KeyObject {
  signingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return signingKey;
}

/**
 * The public half of the forger's key, so a test can prove a forged token is well signed: a bot that
 * rejects it must do so because the key is untrusted, not because the token is malformed.
 */
export function forgerPublicKey(): KeyObject {
  return createPublicKey(forgerKey());
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function check(o: BotTokenOptions): void {
  if (typeof o?.appId !== 'string' || o.appId.length === 0) {
    throw new TypeError(`appId must be a non-empty string, got ${JSON.stringify(o?.appId)}.`);
  }
  if (o.nowSeconds !== undefined && !Number.isFinite(o.nowSeconds)) {
    throw new TypeError(`nowSeconds must be a finite number, got ${JSON.stringify(o.nowSeconds)}.`);
  }
}

function mint(o: BotTokenOptions, notBefore: number, expires: number): string {
  const kid = o.kid ?? randomBytes(20).toString('base64url');
  const header = { alg: 'RS256', kid, x5t: kid, typ: 'JWT' };
  const payload = {
    serviceurl: o.serviceUrl ?? 'https://smba.trafficmanager.net/teams/',
    nbf: notBefore,
    exp: expires,
    iss: o.issuer ?? 'https://api.botframework.com',
    aud: o.appId,
  };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(input), forgerKey()).toString('base64url');
  return `${input}.${signature}`;
}

/** A currently valid-looking token (nbf 5 min ago, exp in 1 h) signed by an untrusted key. Bare JWT. */
export function forgedBotToken(o: BotTokenOptions): string {
  check(o);
  const now = Math.floor(o.nowSeconds ?? Date.now() / 1000);
  return mint(o, now - 300, now + 3600);
}

/** A token that expired an hour ago (and is signed by an untrusted key as well). Bare JWT. */
export function expiredBotToken(o: BotTokenOptions): string {
  check(o);
  const now = Math.floor(o.nowSeconds ?? Date.now() / 1000);
  return mint(o, now - 7200, now - 3600);
}
