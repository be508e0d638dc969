import { FaultQueue, Recorder, Throttle, TokenIssuer } from '../../../simulator/http';
import { recordedHeaders } from '../../../simulator/http/recorder';
import { matchPath, type Route, unknownSegment } from '../../../simulator/http/router';
import { parseCliArgs } from '../../../simulator/cliArgs';

describe('TokenIssuer', () => {
  let now = Date.parse('2026-11-20T12:00:00Z');
  const issuer = new TokenIssuer(() => now, 'tenant-1');

  it('issues HS256 JWTs with Graph audience, tenant, app id and roles', () => {
    const token = issuer.issue(['SecurityAlert.Read.All'], 3600);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({
      typ: 'JWT',
      alg: 'HS256',
    });
    expect(claims).toEqual(
      expect.objectContaining({
        aud: 'https://graph.microsoft.com',
        tid: 'tenant-1',
        roles: ['SecurityAlert.Read.All'],
        exp: claims.iat + 3600,
      }),
    );
    expect(issuer.verify(`Bearer ${token}`)).toEqual({ ok: true, claims });
  });

  it("answers with Graph's messages for missing, malformed, forged and expired tokens", () => {
    const token = issuer.issue([], 60);
    const [head, body] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), roles: ['x'] }),
    ).toString('base64url');
    const other = new TokenIssuer(() => now, 'tenant-1').issue([], 60);
    expect(issuer.verify(undefined)).toEqual({ ok: false, message: 'Access token is empty.' });
    expect(issuer.verify('Basic abc')).toEqual({ ok: false, message: 'Access token is empty.' });
    expect(issuer.verify('Bearer abc')).toEqual(
      expect.objectContaining({ ok: false, message: expect.stringContaining('not well formed') }),
    );
    expect(issuer.verify(`Bearer ${head}.${forged}.${token.split('.')[2]}`)).toEqual(
      expect.objectContaining({ message: expect.stringContaining('Invalid signature') }),
    );
    expect(issuer.verify(`Bearer ${other}`)).toEqual(
      expect.objectContaining({ message: expect.stringContaining('Invalid signature') }),
    );
    now += 61_000;
    expect(issuer.verify(`Bearer ${token}`)).toEqual({
      ok: false,
      message: 'Lifetime validation failed, the token is expired.',
    });
  });
});

describe('Throttle', () => {
  it('allows the limit per minute per app and bucket, then answers with the seconds until room frees up', () => {
    let now = 0;
    const t = new Throttle({ security: 3, hunting: 1 }, () => now);
    expect([1, 2, 3].map(() => t.take('app', 'security').allowed)).toEqual([true, true, true]);
    now = 20_000;
    expect(t.take('app', 'security')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(t.take('other-app', 'security').allowed).toBe(true);
    expect(t.take('app', 'hunting').allowed).toBe(true);
    now = 60_001;
    expect(t.take('app', 'security').allowed).toBe(true);
  });

  it('never refuses when turned off', () => {
    const t = new Throttle(false, () => 0);
    expect(Array.from({ length: 500 }, () => t.take('app', 'security').allowed).every(Boolean)).toBe(true);
  });
});

describe('FaultQueue', () => {
  it('applies a fault to as many matching requests as its count, then forgets it', () => {
    const q = new FaultQueue();
    q.inject({ kind: 'status', status: 503, count: 2, match: 'alerts_v2$' });
    const list = { path: '/v1.0/security/alerts_v2', isList: true };
    expect(q.take({ path: '/v1.0/security/runHuntingQuery', isList: false })).toBeUndefined();
    expect(q.take(list)?.kind).toBe('status');
    expect(q.take(list)?.kind).toBe('status');
    expect(q.take(list)).toBeUndefined();
  });

  it('applies to /v1.0 paths by default, and empty pages only to lists', () => {
    const q = new FaultQueue();
    q.inject({ kind: 'emptyPageWithNextLink' });
    expect(q.take({ path: '/_sim/token', isList: false })).toBeUndefined();
    expect(q.take({ path: '/v1.0/security/alerts_v2/x', isList: false })).toBeUndefined();
    expect(q.take({ path: '/v1.0/security/alerts_v2', isList: true })?.kind).toBe('emptyPageWithNextLink');
  });

  it('refuses malformed faults with a readable message', () => {
    const q = new FaultQueue();
    expect(() => q.inject({ kind: 'status', status: 418 as never })).toThrow('Invalid fault: status');
    expect(() => q.inject({ kind: 'latency', ms: -1 })).toThrow('Invalid fault: ms');
    expect(() => q.inject({ kind: 'drop', count: 0 })).toThrow('Invalid fault: count');
    expect(() => q.inject({ kind: 'drop', match: '(' })).toThrow('match is not a regular expression');
    expect(() => q.inject({ kind: 'explode' } as never)).toThrow('Invalid fault');
  });
});

describe('Recorder', () => {
  it('shows only the length of bearer tokens and keeps a bounded history', () => {
    expect(recordedHeaders({ Authorization: 'Bearer abc.def.ghi', Prefer: ['a', 'b'] })).toEqual({
      authorization: 'Bearer <11 chars>',
      prefer: 'a, b',
    });
    const r = new Recorder(2);
    for (const path of ['/a', '/b', '/c'])
      r.record({ method: 'GET', path, query: {}, headers: {}, body: undefined, status: 200, at: 0 });
    expect(r.all().map((x) => x.path)).toEqual(['/b', '/c']);
  });
});

describe('router', () => {
  const route = (method: Route['method'], pattern: string): Route => ({
    method,
    pattern,
    kind: 'graph',
    handle: () => ({ status: 200 }),
  });
  const routes = [
    route('GET', '/v1.0/security/alerts_v2'),
    route('GET', '/v1.0/security/alerts_v2/{id}'),
    route('POST', '/v1.0/users/{id}/checkMemberGroups'),
  ];

  it('matches static segments case-insensitively and decodes parameters', () => {
    expect(matchPath(routes, '/v1.0/Security/Alerts_V2').map((m) => m.route.pattern)).toEqual([
      '/v1.0/security/alerts_v2',
    ]);
    expect(matchPath(routes, '/v1.0/users/Megan.Bowen%40contoso.com/checkMemberGroups')[0]?.params).toEqual({
      id: 'Megan.Bowen@contoso.com',
    });
    expect(matchPath(routes, '/v1.0/security/alerts_v2/%E0%A4%A')).toEqual([]);
  });

  it('names the first unknown segment', () => {
    expect(unknownSegment(routes, '/v1.0/security/alerts')).toBe('alerts');
    expect(unknownSegment(routes, '/beta/security/alerts_v2')).toBe('beta');
  });
});

describe('CLI arguments', () => {
  it('reads every option', () => {
    expect(
      parseCliArgs([
        '--port',
        '4443',
        '--scenario',
        'scale:1000',
        '--tls-dir',
        '/tmp/t',
        '--seed=7',
        '--page-size',
        '50',
        '--roles',
        'A, B',
        '--no-throttle',
        '--unpublished-sources',
        'microsoftThreatIntelligence, microsoftDefenderForCloud',
        '--dlp-action-type=DLPRuleMatch',
        '--empty-data-security-events',
        '--hunting-quota',
        'off',
      ]),
    ).toEqual(
      expect.objectContaining({
        port: 4443,
        scenario: 'scale:1000',
        tlsDir: '/tmp/t',
        seed: 7,
        pageSize: 50,
        roles: ['A', 'B'],
        throttle: false,
        fidelity: {
          unpublishedSources: ['microsoftThreatIntelligence', 'microsoftDefenderForCloud'],
          dlpActionType: 'DLPRuleMatch',
          emptyDataSecurityEvents: true,
          huntingQuota: false,
        },
      }),
    );
  });

  it.each([
    [['--scenario', 'demo'], '--tls-dir is required'],
    [['--tls-dir', 'x', '--scenario', 'busy'], "unknown scenario 'busy'"],
    [['--tls-dir', 'x', '--port', 'abc'], '--port must be a non-negative integer'],
    [['--tls-dir', 'x', '--verbose'], "unknown argument '--verbose'"],
    [['--tls-dir'], '--tls-dir needs a value'],
    [['--tls-dir', 'x', '--dlp-action-type', 'dlp'], '--dlp-action-type must be'],
    [['--tls-dir', 'x', '--hunting-quota', 'many'], '--hunting-quota must be a non-negative integer'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
