import { CredentialUnavailableError } from '@azure/identity';
import { FakeClock } from '../../helpers/clocks';
import { DevTokenCredential } from '../../../src/graph/devToken';
import { jsonResponse, makeJwt, scriptedFetch } from './stubs';

const token = (n: number): string => makeJwt({ roles: ['SecurityAlert.Read.All'], n });

describe('DevTokenCredential', () => {
  it('posts to <baseUrl>/_sim/token and returns the JWT with its expiry', async () => {
    const clock = new FakeClock();
    const stub = scriptedFetch([
      { status: 200, body: { token_type: 'Bearer', access_token: token(1), expires_in: 3600 } },
    ]);
    const cred = new DevTokenCredential({ baseUrl: 'https://localhost:4443/v1.0', clock, fetch: stub.fetch });
    const got = await cred.getToken('https://graph.microsoft.com/.default');
    expect(stub.requests).toEqual([
      expect.objectContaining({ url: 'https://localhost:4443/_sim/token', method: 'POST' }),
    ]);
    expect(got.token).toBe(token(1));
    expect(got.expiresOnTimestamp).toBe(clock.now() + 3600_000);
  });

  it('serves the cached token until shortly before it expires, then fetches a new one', async () => {
    const clock = new FakeClock();
    const stub = scriptedFetch([
      { status: 200, body: { token_type: 'Bearer', access_token: token(1), expires_in: 3600 } },
      { status: 200, body: { token_type: 'Bearer', access_token: token(2), expires_in: 3600 } },
    ]);
    const cred = new DevTokenCredential({ baseUrl: 'https://127.0.0.1:1', clock, fetch: stub.fetch });
    await cred.getToken('s');
    clock.advance(3600_000 - 121_000);
    expect((await cred.getToken('s')).token).toBe(token(1));
    clock.advance(2_000);
    expect((await cred.getToken('s')).token).toBe(token(2));
    expect(stub.requests).toHaveLength(2);
  });

  it('refreshes a short-lived token a tenth of its life early', async () => {
    const clock = new FakeClock();
    const stub = scriptedFetch([
      { status: 200, body: { token_type: 'Bearer', access_token: token(1), expires_in: 60 } },
      { status: 200, body: { token_type: 'Bearer', access_token: token(2), expires_in: 60 } },
    ]);
    const cred = new DevTokenCredential({ baseUrl: 'https://localhost:1', clock, fetch: stub.fetch });
    await cred.getToken('s');
    clock.advance(53_000);
    expect((await cred.getToken('s')).token).toBe(token(1));
    clock.advance(2_000);
    expect((await cred.getToken('s')).token).toBe(token(2));
  });

  it('shares one token request between concurrent callers', async () => {
    let release: (r: Response) => void = () => undefined;
    const stub = scriptedFetch([() => new Promise<Response>((resolve) => (release = resolve))]);
    const cred = new DevTokenCredential({
      baseUrl: 'https://localhost:1',
      clock: new FakeClock(),
      fetch: stub.fetch,
    });
    const both = Promise.all([cred.getToken('s'), cred.getToken('s')]);
    release(jsonResponse(200, { token_type: 'Bearer', access_token: token(7), expires_in: 600 }));
    const [a, b] = await both;
    expect(a.token).toBe(token(7));
    expect(b.token).toBe(token(7));
    expect(stub.requests).toHaveLength(1);
  });

  it('asks for the configured roles', async () => {
    const stub = scriptedFetch([
      { status: 200, body: { token_type: 'Bearer', access_token: token(1), expires_in: 60 } },
    ]);
    const cred = new DevTokenCredential({
      baseUrl: 'https://localhost:1',
      roles: ['ThreatHunting.Read.All'],
      fetch: stub.fetch,
    });
    await cred.getToken('s');
    expect(stub.requests[0]?.body).toEqual({ roles: ['ThreatHunting.Read.All'] });
  });

  it("names the tenant in the request body (the simulator's tid) next to the roles, and in its errors", async () => {
    const stub = scriptedFetch([
      { status: 200, body: { token_type: 'Bearer', access_token: token(1), expires_in: 60 } },
    ]);
    const cred = new DevTokenCredential({
      baseUrl: 'https://localhost:1',
      roles: ['SecurityAlert.Read.All'],
      tenantId: 'contoso.onmicrosoft.com',
      fetch: stub.fetch,
    });
    await cred.getToken('s');
    expect(stub.requests[0]?.body).toEqual({
      roles: ['SecurityAlert.Read.All'],
      tenant: 'contoso.onmicrosoft.com',
    });
    const unknown = new DevTokenCredential({
      baseUrl: 'https://localhost:1',
      tenantId: 'fabrikam.onmicrosoft.com',
      fetch: scriptedFetch([{ status: 401, body: {} }]).fetch,
    });
    await expect(unknown.getToken('s')).rejects.toThrow(/answered 401 for tenant fabrikam\.onmicrosoft\.com/);
  });

  it('explains a token endpoint that is missing or down', async () => {
    const missing = new DevTokenCredential({
      baseUrl: 'https://localhost:1',
      fetch: scriptedFetch([{ status: 404, body: {} }]).fetch,
    });
    await expect(missing.getToken('s')).rejects.toThrow(/answered 404: is GRAPH_BASE_URL the simulator/);
    const down = new DevTokenCredential({
      baseUrl: 'https://localhost:1',
      fetch: scriptedFetch([{ throw: new TypeError('fetch failed') }]).fetch,
    });
    await expect(down.getToken('s')).rejects.toBeInstanceOf(CredentialUnavailableError);
  });

  it('rejects an answer without a usable token', async () => {
    const stub = scriptedFetch([
      { status: 200, body: { token_type: 'Bearer', access_token: '', expires_in: 60 } },
    ]);
    const cred = new DevTokenCredential({ baseUrl: 'https://localhost:1', fetch: stub.fetch });
    await expect(cred.getToken('s')).rejects.toThrow(/without \{token_type/);
  });

  it('refuses to ask a non-loopback host for a token', () => {
    expect(() => new DevTokenCredential({ baseUrl: 'https://graph.microsoft.com' })).toThrow(
      /only talks to a loopback/,
    );
    expect(() => new DevTokenCredential({ baseUrl: 'nonsense' })).toThrow(/is not a URL/);
  });
});
