import type { SecurityAlert } from '../../../src/model';
import { measureGeneration, measureListing, SOC_ANALYSTS_GROUP_ID, type Simulator } from '../../../simulator';
import { call, checkTlsTrust, PREFER, start } from './helpers';

const ALERTS = '/v1.0/security/alerts_v2';

describe('the simulator over HTTPS', () => {
  let sim: Simulator;
  let clock = Date.now();

  beforeAll(async () => {
    checkTlsTrust();
    sim = await start({ now: () => clock, pageSize: 10 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.faults.clear();
    sim.clearRequests();
  });

  const irm = (): SecurityAlert =>
    sim.alerts.all().find((a) => a.serviceSource === 'microsoftInsiderRiskManagement')!;
  const dlpMatch = () =>
    sim.truth.matches.find(
      (m) => sim.alerts.get(m.defenderAlertId)?.incidentId === sim.alerts.get(m.dlpAlertId)?.incidentId,
    )!;

  describe('Graph conventions', () => {
    it("answers with request-id, echoes the client's client-request-id and names the OData context", async () => {
      const a = await call(sim, `${ALERTS}?$top=1`, { headers: { 'client-request-id': 'abc-123' } });
      expect(a.status).toBe(200);
      expect(a.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.headers.get('client-request-id')).toBe('abc-123');
      expect(a.headers.get('content-type')).toContain('application/json');
      expect(a.body['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#security/alerts_v2`);
      expect(a.body['@odata.nextLink']).toBe(`${sim.url}${ALERTS}?$top=1&$skip=1`);
    });

    it("shapes every error as Graph's error body", async () => {
      const a = await call(sim, `${ALERTS}/nope`, { headers: { 'client-request-id': 'c-1' } });
      expect(a.status).toBe(404);
      expect(a.body).toEqual({
        error: {
          code: 'NotFound',
          message: "The alert 'nope' was not found.",
          innerError: {
            date: expect.any(String),
            'request-id': a.headers.get('request-id'),
            'client-request-id': 'c-1',
          },
        },
      });
    });

    it('answers 404 for an unknown path and 405 (with Allow) for a wrong method', async () => {
      expect((await call(sim, '/v1.0/security/alertz')).body.error.message).toBe(
        "Resource not found for the segment 'alertz'.",
      );
      const wrong = await call(sim, ALERTS, { method: 'DELETE' });
      expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET']);
    });

    it('answers 400 for unreadable JSON and for unknown query options', async () => {
      const bad = await call(sim, `${ALERTS}/${sim.alerts.all()[0]!.id}`, {
        method: 'PATCH',
        body: '{status:',
      });
      expect(bad.body.error.message).toContain('Unable to read JSON request payload');
      expect((await call(sim, `${ALERTS}?$orderby=createdDateTime`)).status).toBe(400);
    });

    it('counts with $count=true and pages with $skip', async () => {
      const a = await call(
        sim,
        `${ALERTS}?$count=true&$filter=${encodeURIComponent("status eq 'resolved'")}&$skip=1`,
      );
      const resolved = sim.alerts.all().filter((x) => x.status === 'resolved');
      expect(a.body['@odata.count']).toBe(resolved.length);
      expect(a.body.value[0].id).toBe(resolved[1]!.id);
    });
  });

  describe('unknown enum members', () => {
    it('reads members after unknownFutureValue as unknownFutureValue unless Prefer asks for them', async () => {
      const id = irm().id;
      expect((await call(sim, `${ALERTS}/${id}`)).body.serviceSource).toBe('unknownFutureValue');
      expect((await call(sim, `${ALERTS}/${id}`, { headers: PREFER })).body.serviceSource).toBe(
        'microsoftInsiderRiskManagement',
      );
    });

    it('refuses a filter on such a member without the Prefer header', async () => {
      const filter = `?$filter=${encodeURIComponent("serviceSource eq 'microsoftInsiderRiskManagement'")}`;
      expect((await call(sim, ALERTS + filter)).status).toBe(400);
      const ok = await call(sim, ALERTS + filter, { headers: PREFER });
      expect(ok.body.value.map((a: SecurityAlert) => a.id)).toEqual([irm().id]);
    });
  });

  describe('changes', () => {
    it('bumps lastUpdateDateTime on PATCH so a poll on it sees the change', async () => {
      clock += 60_000;
      const since = new Date(clock - 1).toISOString();
      const id = sim.alerts.all()[5]!.id;
      const patched = await call(sim, `${ALERTS}/${id}`, {
        method: 'PATCH',
        body: { assignedTo: 'Lee.Gu@contoso.com', customDetails: { ticket: 'INC-9' } },
      });
      expect(patched.body).toEqual(
        expect.objectContaining({ id, assignedTo: 'Lee.Gu@contoso.com', customDetails: { ticket: 'INC-9' } }),
      );
      const poll = await call(
        sim,
        `${ALERTS}?$filter=${encodeURIComponent(`lastUpdateDateTime gt ${since}`)}`,
      );
      expect(poll.body.value.map((a: SecurityAlert) => a.id)).toEqual([id]);
    });

    it('records requests with the parsed body and the status, never the token', async () => {
      const id = sim.alerts.all()[6]!.id;
      await call(sim, `${ALERTS}/${id}/comments`, { method: 'POST', body: { comment: 'seen' } });
      const [r] = sim.requests();
      expect(r).toEqual(
        expect.objectContaining({
          method: 'POST',
          path: `${ALERTS}/${id}/comments`,
          body: { comment: 'seen' },
          status: 200,
        }),
      );
      expect(JSON.stringify(r)).not.toContain(sim.issueToken().split('.')[2]!.slice(0, 12));
    });
  });

  describe('incidents, hunting and directory', () => {
    it('expands an incident shared by a Defender and a DLP alert', async () => {
      const m = dlpMatch();
      const incidentId = sim.alerts.get(m.dlpAlertId)!.incidentId;
      const one = await call(sim, `/v1.0/security/incidents/${incidentId}?$expand=alerts`);
      expect(one.body.alerts.map((a: SecurityAlert) => a.id).sort()).toEqual(
        expect.arrayContaining([m.defenderAlertId, m.dlpAlertId]),
      );
      const list = await call(sim, '/v1.0/security/incidents?$top=3');
      expect(list.body.value).toHaveLength(3);
      expect(list.body.value[0].alerts).toBeUndefined();
    });

    it('finds the hunting rows of a user in a time window, and refuses KQL it does not support', async () => {
      const row = sim.hunting.rows('DataSecurityEvents')[0]!;
      const at = Date.parse(row.Timestamp as string);
      const [from, to] = [new Date(at - 300_000).toISOString(), new Date(at + 300_000).toISOString()];
      const upn = (row.AccountUpn as string).toUpperCase();
      const Query = `DataSecurityEvents | where Timestamp between (datetime(${from}) .. datetime(${to})) | where AccountUpn in~ ("${upn}") | project Timestamp, AccountObjectId, SensitiveInfoTypeInfo | order by Timestamp desc`;
      const a = await call(sim, '/v1.0/security/runHuntingQuery', {
        method: 'POST',
        body: { Query, Timespan: 'P1D' },
      });
      const expected = sim.hunting
        .rows('DataSecurityEvents')
        .filter(
          (r) =>
            r.AccountObjectId === row.AccountObjectId &&
            Math.abs(Date.parse(r.Timestamp as string) - at) <= 300_000,
        );
      expect(a.body.results).toHaveLength(expected.length);
      expect(
        a.body.results.every((r: Record<string, unknown>) => r.AccountObjectId === row.AccountObjectId),
      ).toBe(true);
      expect(a.body.schema.find((c: { name: string }) => c.name === 'SensitiveInfoTypeInfo')?.type).toBe(
        'Object',
      );
      const refused = await call(sim, '/v1.0/security/runHuntingQuery', {
        method: 'POST',
        body: { Query: 'union DataSecurityEvents' },
      });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'BadRequest']);
      expect(refused.body.error.message).toContain("Unsupported KQL: 'union' statements");
    });

    it('reads users by UPN in any case, with $select', async () => {
      const u = await call(sim, '/v1.0/users/MEGAN.BOWEN@contoso.com?$select=id,displayName,mail');
      expect(Object.keys(u.body).sort()).toEqual(['@odata.context', 'displayName', 'id', 'mail']);
      expect(u.body.displayName).toBe('Megan Bowen');
      const missing = await call(sim, '/v1.0/users/nobody@contoso.com');
      expect([missing.status, missing.body.error.code]).toEqual([404, 'Request_ResourceNotFound']);
    });

    it('checks SOC Analysts membership for members and non-members', async () => {
      const soc = sim.directory.groups.find((g) => g.id === SOC_ANALYSTS_GROUP_ID)!;
      const member = soc.memberIds[0]!;
      const outsider = sim.directory.users.find((u) => !soc.memberIds.includes(u.id))!.id;
      const ask = (id: string, groupIds: string[]) =>
        call(sim, `/v1.0/directoryObjects/${id}/checkMemberGroups`, { method: 'POST', body: { groupIds } });
      expect((await ask(member, [SOC_ANALYSTS_GROUP_ID])).body.value).toEqual([SOC_ANALYSTS_GROUP_ID]);
      expect((await ask(outsider, [SOC_ANALYSTS_GROUP_ID])).body.value).toEqual([]);
      expect(
        (
          await ask(
            member,
            Array.from({ length: 21 }, () => SOC_ANALYSTS_GROUP_ID),
          )
        ).status,
      ).toBe(400);
    });
  });

  describe('tokens and permissions', () => {
    it('issues development tokens from POST /_sim/token, with roles asked for or granted', async () => {
      const res = await fetch(`${sim.url}/_sim/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const body = await res.json();
      expect(body).toEqual(
        expect.objectContaining({ token_type: 'Bearer', expires_in: 3600, access_token: expect.any(String) }),
      );
      sim.setRoles(['SecurityAlert.Read.All']);
      const limited = await (await fetch(`${sim.url}/_sim/token`, { method: 'POST', body: '{}' })).json();
      sim.setRoles([
        'SecurityAlert.Read.All',
        'SecurityAlert.ReadWrite.All',
        'ThreatHunting.Read.All',
        'GroupMember.Read.All',
        'User.Read.All',
        'SecurityIncident.Read.All',
      ]);
      const patch = await call(sim, `${ALERTS}/${sim.alerts.all()[0]!.id}`, {
        method: 'PATCH',
        body: { status: 'inProgress' },
        token: limited.access_token,
      });
      expect([patch.status, patch.body.error.code]).toEqual([403, 'Authorization_RequestDenied']);
      expect((await call(sim, ALERTS, { token: body.access_token })).status).toBe(200);
    });

    it('answers 401 with the lifetime message once a token has expired', async () => {
      const token = sim.issueToken({ ttlSeconds: 60 });
      clock += 61_000;
      const a = await call(sim, ALERTS, { token });
      expect([a.status, a.body.error.message]).toEqual([
        401,
        'Lifetime validation failed, the token is expired.',
      ]);
      expect(a.headers.get('www-authenticate')).toContain('Bearer');
    });
  });

  describe('faults and the control API', () => {
    it('forces a status with Retry-After, then recovers', async () => {
      await call(sim, '/_sim/faults', {
        method: 'POST',
        body: { kind: 'status', status: 503, retryAfterSeconds: 2 },
        token: null,
      });
      const failed = await call(sim, ALERTS);
      expect([failed.status, failed.headers.get('retry-after'), failed.body.error.code]).toEqual([
        503,
        '2',
        'ServiceUnavailable',
      ]);
      expect((await call(sim, ALERTS)).status).toBe(200);
    });

    it('drops the connection mid-body', async () => {
      sim.faults.inject({ kind: 'drop', match: 'alerts_v2$' });
      await expect(call(sim, ALERTS)).rejects.toThrow();
      expect(sim.requests()[0]?.status).toBe(0);
      expect((await call(sim, ALERTS)).status).toBe(200);
    });

    it('delays an answer without changing it', async () => {
      sim.faults.inject({ kind: 'latency', ms: 50 });
      expect((await call(sim, `${ALERTS}?$top=1`)).body.value).toHaveLength(1);
    });

    it('serves an empty page whose nextLink resumes at the same place', async () => {
      sim.faults.inject({ kind: 'emptyPageWithNextLink' });
      const empty = await call(sim, `${ALERTS}?$top=2`);
      expect(empty.body.value).toEqual([]);
      const next = await call(sim, empty.body['@odata.nextLink'].slice(sim.url.length));
      expect(next.body.value.map((a: SecurityAlert) => a.id)).toEqual(
        sim.alerts
          .all()
          .slice(0, 2)
          .map((a) => a.id),
      );
    });

    it('throttles alert operations per app with 429 and Retry-After', async () => {
      const small = await start({ scenario: 'empty', throttle: { alertsPerMinute: 2, huntingPerMinute: 1 } });
      try {
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push(await call(small, ALERTS));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
        expect(Number(answers[2]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(answers[2]!.body.error.code).toBe('TooManyRequests');
        const hunt = { method: 'POST', body: { Query: 'CloudAppEvents | take 1' } };
        expect([
          (await call(small, '/v1.0/security/runHuntingQuery', hunt)).status,
          (await call(small, '/v1.0/security/runHuntingQuery', hunt)).status,
        ]).toEqual([200, 429]);
      } finally {
        await small.close();
      }
    });

    it('lets a child process add alerts and rows, tick the feed and read comments and detected values', async () => {
      const alert = {
        ...sim.alerts.all()[0]!,
        id: 'dl-added-by-test',
        comments: [{ comment: 'hi', createdByDisplayName: 'x', createdDateTime: '2026-01-01T00:00:00Z' }],
      };
      expect((await call(sim, '/_sim/alerts', { method: 'POST', body: alert, token: null })).status).toBe(
        200,
      );
      expect(
        (
          await call(sim, '/_sim/alerts/dl-added-by-test', {
            method: 'PATCH',
            body: { status: 'resolved' },
            token: null,
          })
        ).body.status,
      ).toBe('resolved');
      expect(
        (await call(sim, '/_sim/comments/dl-added-by-test', { token: null })).body.value[0].comment,
      ).toBe('hi');
      const row = {
        Timestamp: new Date(clock).toISOString(),
        SensitiveInfoTypeInfo: [{ DetectedValues: ['999-99-0000'] }],
      };
      expect(
        (await call(sim, '/_sim/hunting/DataSecurityEvents', { method: 'POST', body: row, token: null }))
          .status,
      ).toBe(201);
      expect((await call(sim, '/_sim/detected-values', { token: null })).body.value).toContain('999-99-0000');
      const before = sim.alerts.all().length;
      expect((await call(sim, '/_sim/tick', { method: 'POST', token: null })).status).toBe(200);
      expect(sim.alerts.all().length).toBeGreaterThanOrEqual(before);
      expect(
        (
          await call(sim, '/_sim/faults', {
            method: 'POST',
            body: { kind: 'status', status: 418 },
            token: null,
          })
        ).status,
      ).toBe(400);
      expect((await call(sim, '/_sim/alerts/nope', { method: 'PATCH', body: {}, token: null })).status).toBe(
        404,
      );
      expect(sim.requests().filter((r) => r.path.startsWith('/_sim'))).toEqual([]);
    });
  });
});

describe('benchmark helpers', () => {
  it('measure generation and a full listing without asserting on time', async () => {
    const gen = measureGeneration('scale:2000', { seed: 3, now: Date.parse('2026-11-20T12:00:00Z') });
    expect(gen).toEqual(
      expect.objectContaining({ alerts: 2000, defender: 200, dlp: 1800, ms: expect.any(Number) }),
    );
    const sim = await start({ scenario: 'scale:500', pageSize: 100 });
    try {
      expect(await measureListing(sim, { filter: "serviceSource eq 'dataLossPrevention'" })).toEqual(
        expect.objectContaining({ pages: 5, alerts: 450 }),
      );
    } finally {
      await sim.close();
    }
  });
});
