/**
 * Forged Bot Framework tokens are well-formed RS256 JWTs with genuine-looking claims, correctly signed
 * by a key nobody trusts: what a bot must reject with 401 for the right reason.
 */
import { verify } from 'node:crypto';
import { expiredBotToken, forgedBotToken, forgerPublicKey } from '../../helpers/botAuth';

function decode(token: string) {
  const [header, payload, signature] = token.split('.');
  const json = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  return {
    header: json(header!),
    payload: json(payload!),
    signature: signature!,
    signedPart: `${header}.${payload}`,
  };
}

const appId = '11111111-2222-4333-8444-555555555555';
const now = 1_800_000_000;

describe('forgedBotToken', () => {
  it('is an RS256 JWT with the Bot Framework claims, valid right now', () => {
    const { header, payload } = decode(forgedBotToken({ appId, nowSeconds: now }));
    expect(header).toEqual({ alg: 'RS256', kid: expect.any(String), x5t: header.kid, typ: 'JWT' });
    expect(payload).toEqual({
      serviceurl: 'https://smba.trafficmanager.net/teams/',
      nbf: now - 300,
      exp: now + 3600,
      iss: 'https://api.botframework.com',
      aud: appId,
    });
  });

  it('is correctly signed, so only the untrusted key can be the reason to reject it', () => {
    const { signedPart, signature } = decode(forgedBotToken({ appId }));
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(signedPart),
      forgerPublicKey(),
      Buffer.from(signature, 'base64url'),
    );
    expect(ok).toBe(true);
  });

  it('takes the issuer, kid and serviceUrl a test wants to impersonate', () => {
    const { header, payload } = decode(
      forgedBotToken({
        appId,
        issuer: 'https://sts.windows.net/x/',
        kid: 'abc',
        serviceUrl: 'http://127.0.0.1:1/',
      }),
    );
    expect([header.kid, payload.iss, payload.serviceurl]).toEqual([
      'abc',
      'https://sts.windows.net/x/',
      'http://127.0.0.1:1/',
    ]);
  });

  it('draws a fresh random kid each time unless one is given', () => {
    expect(decode(forgedBotToken({ appId })).header.kid).not.toBe(
      decode(forgedBotToken({ appId })).header.kid,
    );
  });

  it('refuses to mint without an app id', () => {
    expect(() => forgedBotToken({ appId: '' })).toThrow('appId must be a non-empty string, got "".');
  });
});

describe('expiredBotToken', () => {
  it('expired an hour ago and is otherwise the same kind of token', () => {
    const { header, payload } = decode(expiredBotToken({ appId, nowSeconds: now }));
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({ aud: appId, nbf: now - 7200, exp: now - 3600 });
  });
});
