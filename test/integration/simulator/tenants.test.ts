import type { SecurityAlert } from '../../../src/model';
import { generatedTenantId, namedTenantId, TENANT_ID, type Simulator } from '../../../simulator';
import { call, checkTlsTrust, start } from './helpers';

const ALERTS = '/v1.0/security/alerts_v2';
const FABRIKAM = namedTenantId('fabrikam');
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Entra's client-credentials request, form-encoded, as @azure/identity sends it. */
async function entraToken(sim: Simulator, tenant: string, fields: Record<string, string> = {}) {
  const form = {
    grant_type: 'client_credentials',
    client_id: '0f6c3b7e-5d2a-4c1b-9e8f-7a6b5c4d3e2f',
    scope: GRAPH_SCOPE,
    client_secret: 'not-a-real-secret',
    ...fields,
  };
  const res = await fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(form).filter(([, v]) => v !== '')).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
}

function dlpAlert(id: string, tenantId: string): SecurityAlert {
  const at = new Date().toISOString();
  return {
    id,
    tenantId,
    title: 'DLP policy match for a test document',
    serviceSource: 'dataLossPrevention',
    detectionSource: 'microsoftDataLossPrevention',
    status: 'new',
    severity: 'medium',
    createdDateTime: at,
    lastUpdateDateTime: at,
    comments: [],
    evidence: [],
  } as unknown as SecurityAlert;
}

describe('the simulator with several tenants', () => {
  let sim: Simulator;
  let clock = Date.parse('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    checkTlsTrust();
    sim = await start({
      now: () => clock,
      tenants: [
        { tenantId: TENANT_ID, name: 'contoso' },
        { tenantId: FABRIKAM, name: 'fabrikam' },
      ],
      throttle: { alertsPerMinute: 1000 },
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.requestLog.clear();
    for (const t of sim.tenants()) {
      sim.setRevoked(t.name, false);
      t.setRoles(undefined);
    }
  });

  describe('tokens', () => {
    it("issues a token naming the tenant of Entra's /{tenant}/oauth2/v2.0/token, by id or by domain", async () => {
      const byId = await entraToken(sim, FABRIKAM);
      expect(byId.status).toBe(200);
      expect(byId.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(claimsOf(byId.body.access_token)).toMatchObject({
        tid: FABRIKAM,
        iss: `https://sts.windows.net/${FABRIKAM}/`,
      });
      const byDomain = await entraToken(sim, 'fabrikam.onmicrosoft.com');
      expect(claimsOf(byDomain.body.access_token).tid).toBe(FABRIKAM);
    });

    it('names the tenant of the development endpoint too, and the first tenant without one', async () => {
      const named = await call(sim, '/_sim/token', {
        method: 'POST',
        body: { tenant: 'fabrikam' },
        token: null,
      });
      expect(claimsOf(named.body.access_token).tid).toBe(FABRIKAM);
      const plain = await call(sim, '/_sim/token', { method: 'POST', body: {}, token: null });
      expect(claimsOf(plain.body.access_token).tid).toBe(TENANT_ID);
    });

    it("refuses an unknown tenant with Entra's AADSTS90002 body, on both endpoints", async () => {
      const unknown = '11111111-2222-4333-8444-555555555555';
      const entra = await entraToken(sim, unknown);
      expect(entra.status).toBe(400);
      expect(entra.body).toMatchObject({
        error: 'invalid_request',
        error_codes: [90002],
        error_uri: 'https://login.microsoftonline.com/error?code=90002',
        trace_id: expect.any(String),
        correlation_id: expect.any(String),
      });
      expect(entra.body.error_description).toMatch(
        /^AADSTS90002: Tenant '11111111-.*' not found\..*\r\nTrace ID: /s,
      );
      const dev = await call(sim, '/_sim/token', {
        method: 'POST',
        body: { tenant: 'nowhere' },
        token: null,
      });
      expect([dev.status, dev.body.error_codes]).toEqual([400, [90002]]);
    });

    it.each([
      [{ grant_type: '' }, 400, 900144, "parameter: 'grant_type'"],
      [{ client_id: '' }, 400, 900144, "parameter: 'client_id'"],
      [{ scope: '' }, 400, 900144, "parameter: 'scope'"],
      [{ scope: 'https://graph.microsoft.com/User.Read' }, 400, 70011, "input parameter 'scope'"],
      [{ client_secret: '' }, 400, 7000216, "'client_secret'"],
      [{ grant_type: 'password' }, 400, 70003, "unsupported grant type 'password'"],
    ])(
      'refuses a malformed client-credentials request %j as Entra does',
      async (fields, status, code, text) => {
        const r = await entraToken(sim, FABRIKAM, fields);
        expect([r.status, r.body.error_codes]).toEqual([status, [code]]);
        expect(r.body.error_description).toContain(text);
      },
    );

    it('accepts a client assertion in place of a secret (federated credential) and never records either', async () => {
      const r = await entraToken(sim, FABRIKAM, {
        client_secret: '',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'eyJ.a.b',
      });
      expect(r.status).toBe(200);
      const recorded = sim.requests().filter((q) => q.path.endsWith('/oauth2/v2.0/token'));
      expect(JSON.stringify(recorded)).not.toContain('not-a-real-secret');
      expect(JSON.stringify(recorded)).not.toContain('eyJ.a.b');
    });

    it('a JSON body is not a form: grant_type is missing, as Entra says', async () => {
      const res = await fetch(`${sim.url}/${FABRIKAM}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expect((await res.json()).error_codes).toEqual([900144]);
    });
  });

  describe('isolation', () => {
    it("lists each tenant's own alerts: distinct ids, its own tenantId, its own people", async () => {
      const contoso = await call(sim, `${ALERTS}?$top=1000`, { token: sim.issueToken() });
      const fabrikam = await call(sim, `${ALERTS}?$top=1000`, {
        token: sim.issueToken({ tenant: 'fabrikam' }),
      });
      expect(contoso.status).toBe(200);
      expect(fabrikam.status).toBe(200);
      const c = contoso.body.value as SecurityAlert[];
      const f = fabrikam.body.value as SecurityAlert[];
      expect(new Set(c.map((a) => a.tenantId))).toEqual(new Set([TENANT_ID]));
      expect(new Set(f.map((a) => a.tenantId))).toEqual(new Set([FABRIKAM]));
      const ids = new Set(c.map((a) => a.id));
      expect(f.filter((a) => ids.has(a.id))).toEqual([]);
      expect(JSON.stringify(f)).not.toMatch(/contoso/i);
      expect(JSON.stringify(f)).toContain('@fabrikam.com');
      expect(f.every((a) => a.alertWebUrl?.endsWith(`tid=${FABRIKAM}`))).toBe(true);
    });

    it('keeps the same stories in each tenant: the truth maps onto its own alerts', () => {
      const f = sim.tenant('fabrikam');
      expect(f.truth.matches.length).toBe(sim.truth.matches.length);
      for (const m of f.truth.matches) {
        expect(f.alerts.get(m.defenderAlertId)).toBeDefined();
        expect(f.alerts.get(m.dlpAlertId)).toBeDefined();
      }
    });

    it("an alert added to one tenant is served to that tenant's token only", async () => {
      const added = await call(sim, '/_sim/alerts?tenant=fabrikam', {
        method: 'POST',
        body: dlpAlert('dl-only-in-fabrikam', FABRIKAM),
        token: null,
      });
      expect(added.status).toBe(200);
      const fab = sim.issueToken({ tenant: FABRIKAM });
      expect((await call(sim, `${ALERTS}/dl-only-in-fabrikam`, { token: fab })).status).toBe(200);
      expect((await call(sim, `${ALERTS}/dl-only-in-fabrikam`)).status).toBe(404);
      expect(sim.alerts.get('dl-only-in-fabrikam')).toBeUndefined();
    });

    it("a PATCH or a comment with one tenant's token never reaches another tenant's alert", async () => {
      const target = sim.tenant('fabrikam').alerts.all()[0] as SecurityAlert;
      const patch = await call(sim, `${ALERTS}/${target.id}`, {
        method: 'PATCH',
        body: { status: 'inProgress' },
      });
      expect(patch.status).toBe(404);
      const comment = await call(sim, `${ALERTS}/${target.id}/comments`, {
        method: 'POST',
        body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'wrong tenant' },
      });
      expect(comment.status).toBe(404);
      expect(sim.tenant('fabrikam').alerts.get(target.id)?.status).toBe(target.status);
      const ok = await call(sim, `${ALERTS}/${target.id}`, {
        method: 'PATCH',
        body: { status: 'inProgress' },
        token: sim.issueToken({ tenant: 'fabrikam' }),
      });
      expect(ok.status).toBe(200);
    });

    it("answers users from the tenant's own directory", async () => {
      const upn = sim.tenant('fabrikam').directory.users[0]!.userPrincipalName;
      expect(upn).toMatch(/@fabrikam\.(com|onmicrosoft\.com)$/);
      expect((await call(sim, `/v1.0/users/${upn}`)).status).toBe(404);
      const own = await call(sim, `/v1.0/users/${upn}`, { token: sim.issueToken({ tenant: 'fabrikam' }) });
      expect([own.status, own.body.userPrincipalName]).toEqual([200, upn]);
    });

    it("a tenant without a permission gets Graph's 403 while the other is served", async () => {
      sim.tenant('fabrikam').setRoles(['User.Read.All']);
      expect((await call(sim, ALERTS, { token: sim.issueToken({ tenant: 'fabrikam' }) })).status).toBe(403);
      expect((await call(sim, ALERTS)).status).toBe(200);
    });
  });

  describe('revoked consent', () => {
    it('refuses a token for a revoked tenant (AADSTS7000229) and serves the other', async () => {
      sim.setRevoked('fabrikam', true);
      const r = await entraToken(sim, FABRIKAM);
      expect([r.status, r.body.error, r.body.error_codes]).toEqual([401, 'invalid_client', [7000229]]);
      expect(r.body.error_description).toContain(`missing service principal in the tenant ${FABRIKAM}`);
      expect((await entraToken(sim, TENANT_ID)).status).toBe(200);
    });

    it('Graph refuses a token issued before the revocation with 401 and serves it again once restored', async () => {
      const token = sim.issueToken({ tenant: 'fabrikam' });
      const revoked = await call(sim, '/_sim/tenants/fabrikam/revoke', { method: 'POST', token: null });
      expect(revoked.status).toBe(204);
      const refused = await call(sim, ALERTS, { token });
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatchObject({
        code: 'Authorization_IdentityNotFound',
        message: 'The identity of the calling application could not be established.',
      });
      expect((await call(sim, ALERTS)).status).toBe(200);
      await call(sim, `/_sim/tenants/${FABRIKAM}/restore`, { method: 'POST', token: null });
      expect((await call(sim, ALERTS, { token })).status).toBe(200);
    });

    it('lists the tenants and their state on the control API; an unknown tenant is a 404', async () => {
      sim.setRevoked('fabrikam', true);
      const list = await call(sim, '/_sim/tenants', { token: null });
      expect(list.body.value.map((t: any) => [t.name, t.tenantId, t.revoked])).toEqual([
        ['contoso', TENANT_ID, false],
        ['fabrikam', FABRIKAM, true],
      ]);
      const unknown = await call(sim, '/_sim/tenants/nope/revoke', { method: 'POST', token: null });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain("No simulated tenant 'nope'");
      expect((await call(sim, '/_sim/truth?tenant=nope', { token: null })).status).toBe(404);
    });
  });

  describe('request log', () => {
    it('records tenant, replica header and operation of every Graph and token request', async () => {
      const fab = sim.issueToken({ tenant: 'fabrikam' });
      await call(sim, `${ALERTS}?$top=1`, { headers: { 'x-dlpbot-replica': 'r1' } });
      await call(sim, `${ALERTS}?$top=1`, { token: fab, headers: { 'x-dlpbot-replica': 'r2' } });
      await call(sim, `${ALERTS}/nope`, { token: fab });
      await entraToken(sim, FABRIKAM);
      const entries = sim.requestLog.entries();
      expect(entries.map((e) => [e.tenantId, e.replica, e.op, e.status])).toEqual([
        [TENANT_ID, 'r1', 'list', 200],
        [FABRIKAM, 'r2', 'list', 200],
        [FABRIKAM, undefined, 'get', 404],
        [FABRIKAM, undefined, 'token', 200],
      ]);
      expect(entries[0]!.at).toBe(clock);
      expect(sim.requests().find((r) => r.replica === 'r2')?.tenantId).toBe(FABRIKAM);
      const filtered = await call(sim, `/_sim/request-log?tenant=fabrikam.com&op=list`, { token: null });
      expect(filtered.body.value.map((e: any) => [e.tenantId, e.replica])).toEqual([[FABRIKAM, 'r2']]);
    });

    it('counts polls per tenant and replica and finds two replicas listing one tenant within an interval', async () => {
      const fab = sim.issueToken({ tenant: 'fabrikam' });
      const list = (token: string | undefined, replica: string) =>
        call(sim, `${ALERTS}?$top=1`, { token, headers: { 'x-dlpbot-replica': replica } });
      await list(undefined, 'r1');
      await list(fab, 'r2');
      clock += 30_000;
      await list(undefined, 'r1');
      await list(fab, 'r1'); // r2 listed fabrikam 30 s ago: a double poll within a 60 s interval
      clock += 61_000;
      await list(fab, 'r2'); // handed back after more than an interval: not a double poll
      expect(sim.requestLog.doublePolls(60_000)).toBe(1);
      const counts = await call(sim, '/_sim/request-log/counts?intervalMs=60000', { token: null });
      expect(counts.body.doublePolls).toBe(1);
      const lists = (counts.body.value as any[]).filter((c) => c.op === 'list');
      expect(lists.map((c) => [c.tenantId, c.replica, c.count]).sort()).toEqual(
        [
          [TENANT_ID, 'r1', 2],
          [FABRIKAM, 'r1', 1],
          [FABRIKAM, 'r2', 2],
        ].sort(),
      );
    });
  });
});

describe('the simulator with generated tenants', () => {
  let sim: Simulator;

  beforeAll(async () => {
    checkTlsTrust();
    sim = await start({
      tenantCount: 300,
      tenantScenario: 'scale:2',
      tenantTrickleMs: 3_600_000,
      requestLogCapacity: 100,
    });
  });
  afterAll(() => sim.close());

  it('holds 300 tenants with stable generated ids, each served its own alerts', async () => {
    const tenants = sim.tenants();
    expect(tenants).toHaveLength(300);
    expect(tenants[0]).toMatchObject({ name: 'tenant-001', tenantId: generatedTenantId(0) });
    expect(tenants[299]).toMatchObject({ name: 'tenant-300', tenantId: generatedTenantId(299) });
    expect(new Set(tenants.map((t) => t.tenantId)).size).toBe(300);
    for (const t of [tenants[0]!, tenants[150]!, tenants[299]!]) {
      const r = await call(sim, `${ALERTS}?$top=100`, { token: t.issueToken() });
      expect(r.status).toBe(200);
      expect(r.body.value.length).toBe(2);
      expect(new Set(r.body.value.map((a: SecurityAlert) => a.tenantId))).toEqual(new Set([t.tenantId]));
    }
  });

  it('a feed step adds alerts to that tenant only', () => {
    const [a, b] = sim.tenants();
    const before = b!.alerts.all().length;
    a!.tick();
    expect(a!.alerts.all().length).toBeGreaterThan(2);
    expect(b!.alerts.all().length).toBe(before);
  });

  it('keeps the request log bounded while its counters keep counting', async () => {
    const token = sim.tenants()[7]!.issueToken();
    for (let i = 0; i < 120; i++) await call(sim, `${ALERTS}?$top=1`, { token });
    expect(sim.requestLog.entries()).toHaveLength(100);
    const count = sim.requestLog
      .counts()
      .find((c) => c.tenantId === sim.tenants()[7]!.tenantId && c.op === 'list');
    expect(count?.count).toBe(120);
  });
});
