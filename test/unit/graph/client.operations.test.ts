import { ConfigError } from '../../../src/errors';
import { GraphSecurityClient } from '../../../src/graph/client';
import { silentLogger } from '../../../src/log';
import { BASE, clientWith, graphError, makeAlert, ROLES } from './clientFixture';
import { makeJwt, staticCredential } from './stubs';

const ALERT = makeAlert();
const USER = '6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const group = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('GraphSecurityClient operations', () => {
  it('posts ONE alertComment object and returns the whole comment list', async () => {
    const comments = [
      { comment: 'older', createdByDisplayName: 'Bot', createdDateTime: '2026-01-05T12:00:00Z' },
      {
        comment: 'Enriched by alice@contoso.com',
        createdByDisplayName: 'Bot',
        createdDateTime: '2026-01-05T12:01:00Z',
      },
    ];
    const { client, stub } = clientWith([{ status: 200, body: { value: [...comments, { nope: 1 }] } }]);
    const result = await client.addComment(ALERT.id, 'Enriched by alice@contoso.com');
    expect(stub.requests[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/v1.0/security/alerts_v2/${ALERT.id}/comments`,
      body: {
        '@odata.type': 'microsoft.graph.security.alertComment',
        comment: 'Enriched by alice@contoso.com',
      },
    });
    expect(Array.isArray(stub.requests[0]!.body)).toBe(false);
    expect(result).toEqual(comments);
  });

  it('refuses an empty comment', async () => {
    const { client, stub } = clientWith([]);
    await expect(client.addComment(ALERT.id, '  ')).rejects.toMatchObject({
      status: 400,
      graphCode: 'invalidArgument',
    });
    expect(stub.requests).toHaveLength(0);
  });

  it('PATCHes only the settable keys and returns the updated alert', async () => {
    const { client, stub } = clientWith([{ status: 200, body: { ...ALERT, status: 'inProgress' } }]);
    const update = {
      status: 'inProgress',
      assignedTo: 'alice@contoso.com',
      customDetails: { ticket: 'INC-1' },
      comments: [{ comment: 'smuggled' }],
      severity: 'low',
      title: 'renamed',
    } as never;
    const alert = await client.updateAlert(ALERT.id, update);
    expect(stub.requests[0]).toMatchObject({
      method: 'PATCH',
      url: `${BASE}/v1.0/security/alerts_v2/${ALERT.id}`,
    });
    expect(stub.requests[0]!.body).toEqual({
      status: 'inProgress',
      assignedTo: 'alice@contoso.com',
      customDetails: { ticket: 'INC-1' },
    });
    expect(alert.status).toBe('inProgress');
  });

  it('reads the alert back when a PATCH answers 204', async () => {
    const { client, stub } = clientWith([
      { status: 204 },
      { status: 200, body: { ...ALERT, classification: 'truePositive' } },
    ]);
    const alert = await client.updateAlert(ALERT.id, { classification: 'truePositive' });
    expect(alert.classification).toBe('truePositive');
    expect(stub.requests.map((r) => r.method)).toEqual(['PATCH', 'GET']);
  });

  it.each([
    [{}, /nothing to change/],
    [{ status: 'closed' }, /status must be one of unknown, new, inProgress, resolved/],
    [{ classification: 'unknownFutureValue' }, /classification must be one of/],
    [{ determination: 'evil' }, /determination must be one of/],
    [{ customDetails: { n: 1 } }, /customDetails must be an object of string values/],
    [{ assignedTo: 7 }, /assignedTo must be a string/],
  ])('refuses the update %j before sending it', async (update, message) => {
    const { client, stub } = clientWith([]);
    await expect(client.updateAlert(ALERT.id, update as never)).rejects.toThrow(message);
    expect(stub.requests).toHaveLength(0);
  });

  it.each(['', '..', '.', '../../users', 'a b', 'x?$select=id', 'a/b', 'é'.repeat(3)])(
    'refuses the alert id %j',
    async (id) => {
      const { client, stub } = clientWith([]);
      await expect(client.getAlert(id)).rejects.toMatchObject({ status: 400, graphCode: 'invalidArgument' });
      expect(stub.requests).toHaveLength(0);
    },
  );

  it('runs a hunting query with Query and Timespan and returns schema and rows', async () => {
    const answer = {
      schema: [
        { name: 'Timestamp', type: 'DateTime' },
        { name: 'AccountUpn', type: 'String' },
      ],
      results: [{ Timestamp: '2026-01-05T12:00:00Z', AccountUpn: 'a@contoso.com' }, 'junk'],
    };
    const { client, stub } = clientWith([{ status: 200, body: answer }]);
    const result = await client.runHuntingQuery('DataSecurityEvents | take 1', 'P1D');
    expect(stub.requests[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/v1.0/security/runHuntingQuery`,
      body: { Query: 'DataSecurityEvents | take 1', Timespan: 'P1D' },
    });
    expect(result).toEqual({ schema: answer.schema, results: [answer.results[0]] });
  });

  it('refuses an empty query and a timespan that is not an ISO duration', async () => {
    const { client } = clientWith([]);
    await expect(client.runHuntingQuery(' ')).rejects.toThrow(/the query is empty/);
    await expect(client.runHuntingQuery('T | take 1', '1 day')).rejects.toThrow(/ISO 8601 duration/);
  });

  it('checks group membership in batches of 20 and lower-cases the answer', async () => {
    const groups = Array.from({ length: 25 }, (_, i) => group(i));
    const { client, stub } = clientWith([
      { status: 200, body: { value: [group(3).toUpperCase()] } },
      { status: 200, body: { value: [group(21)] } },
    ]);
    const member = await client.checkMemberGroups(USER, [...groups, group(3)]);
    expect(member).toEqual([group(3), group(21)]);
    expect(stub.requests.map((r) => (r.body as { groupIds: string[] }).groupIds.length)).toEqual([20, 5]);
    expect(stub.requests[0]!.url).toBe(`${BASE}/v1.0/directoryObjects/${USER}/checkMemberGroups`);
  });

  it('accepts the Agents Playground mock user id, which is not quite a GUID', async () => {
    const playground = '00000000-0000-0000-0000-0000000000020';
    const { client, stub } = clientWith([{ status: 200, body: { value: [] } }]);
    await expect(client.checkMemberGroups(playground, [group(1)])).resolves.toEqual([]);
    expect(stub.requests[0]!.url).toBe(`${BASE}/v1.0/directoryObjects/${playground}/checkMemberGroups`);
  });

  it('sends nothing for an empty group list and refuses ids that are not GUIDs', async () => {
    const { client, stub } = clientWith([]);
    await expect(client.checkMemberGroups(USER, [])).resolves.toEqual([]);
    await expect(client.checkMemberGroups('alice@contoso.com', [group(1)])).rejects.toThrow(/object id/);
    await expect(client.checkMemberGroups(USER, ['SOC team'])).rejects.toThrow(/not GUIDs/);
    expect(stub.requests).toHaveLength(0);
  });

  it('gets a user by UPN without writing the UPN to the log', async () => {
    const user = { id: USER, userPrincipalName: "o'brien#EXT#@contoso.com", displayName: 'Pat', mail: null };
    const { client, stub, log } = clientWith([{ status: 200, body: user }]);
    await expect(client.getUser("o'brien#EXT#@contoso.com")).resolves.toEqual({
      id: USER,
      userPrincipalName: "o'brien#EXT#@contoso.com",
      displayName: 'Pat',
      mail: undefined,
    });
    expect(new URL(stub.requests[0]!.url).pathname).toBe("/v1.0/users/o'brien%23EXT%23%40contoso.com");
    expect(log.text()).not.toContain('brien');
  });

  it('answers undefined for an unknown user and refuses a hostile one', async () => {
    const { client } = clientWith([graphError(404, 'Request_ResourceNotFound', 'not found')]);
    await expect(client.getUser(USER)).resolves.toBeUndefined();
    await expect(client.getUser('x") or 1==1 //')).rejects.toMatchObject({ graphCode: 'invalidArgument' });
  });

  it('reads the granted roles from the token', async () => {
    const { client } = clientWith([]);
    await expect(client.grantedRoles()).resolves.toEqual(ROLES);
    const opaque = new GraphSecurityClient({
      baseUrl: BASE,
      credential: staticCredential('opaque'),
      logger: silentLogger(),
    });
    await expect(opaque.grantedRoles()).resolves.toBeUndefined();
    const none = new GraphSecurityClient({
      baseUrl: BASE,
      credential: staticCredential(makeJwt({})),
      logger: silentLogger(),
    });
    await expect(none.grantedRoles()).resolves.toEqual([]);
  });

  it.each([
    ['http://graph.microsoft.com', /https/],
    ['https://[::1]:4443', /IPv6/],
    ['https://graph.microsoft.com/v2.0', /path must be/],
    ['graph', /not a URL/],
  ])('refuses the base URL %s', (baseUrl, message) => {
    const make = () =>
      new GraphSecurityClient({ baseUrl, credential: staticCredential('t'), logger: silentLogger() });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });

  it('honours a /beta base URL', async () => {
    const { client, stub } = clientWith([{ status: 200, body: ALERT }], { baseUrl: `${BASE}/beta` });
    await client.getAlert(ALERT.id);
    expect(new URL(stub.requests[0]!.url).pathname).toBe(`/beta/security/alerts_v2/${ALERT.id}`);
  });
});

describe('GraphSecurityClient options', () => {
  it.each([
    [{ maxRetries: 11 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ retryDelaySeconds: 500 }, 'retryDelaySeconds'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ maxInlineRetryAfterSeconds: -1 }, 'maxInlineRetryAfterSeconds'],
  ])('refuses %j', (options, key) => {
    const make = () =>
      new GraphSecurityClient({
        baseUrl: BASE,
        credential: staticCredential('t'),
        logger: silentLogger(),
        ...options,
      });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(key);
  });
});
