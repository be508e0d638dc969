import { GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { SecurityAlert } from '../../../src/model';
import type { Simulator } from '../../../simulator';
import { checkTlsTrust, graphClient, PREFER, start } from './helpers';

describe('the Graph JS client against the simulator', () => {
  let sim: Simulator;

  beforeAll(async () => {
    checkTlsTrust();
    sim = await start({ pageSize: 7 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearRequests();
    sim.faults.clear();
  });

  async function thrown(p: Promise<unknown>): Promise<GraphError> {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(GraphError);
      return err as GraphError;
    }
    throw new Error('expected the call to fail');
  }

  it('pages through every nextLink with PageIterator, sending Prefer on every page', async () => {
    const client = graphClient(sim);
    const first: PageCollection = await client.api('/security/alerts_v2').headers(PREFER).get();
    const seen: SecurityAlert[] = [];
    const it = new PageIterator(client, first, (a: SecurityAlert) => (seen.push(a), true), {
      headers: PREFER,
    });
    await it.iterate();
    expect(it.isComplete()).toBe(true);
    // The demo's 104 alerts: 60 Defender (one Insider Risk), 40 DLP and the identity stories' four.
    const total = sim.alerts.all().length;
    expect(total).toBe(104);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((a) => a.id)).size).toBe(total);
    expect(seen.map((a) => a.serviceSource)).toContain('microsoftInsiderRiskManagement');
    const pages = sim.requests().filter((r) => r.path === '/v1.0/security/alerts_v2');
    expect(pages).toHaveLength(Math.ceil(total / 7));
    expect(pages.every((r) => r.headers.prefer === 'include-unknown-enum-members')).toBe(true);
    expect(pages.every((r) => /^Bearer <\d+ chars>$/.test(r.headers.authorization ?? ''))).toBe(true);
  });

  it('keeps $filter in every nextLink', async () => {
    const client = graphClient(sim);
    const first: PageCollection = await client
      .api('/security/alerts_v2')
      .headers(PREFER)
      .filter("serviceSource eq 'dataLossPrevention' and lastUpdateDateTime gt 2020-01-01T00:00:00Z")
      .get();
    const seen: SecurityAlert[] = [];
    await new PageIterator(client, first, (a: SecurityAlert) => (seen.push(a), true), {
      headers: PREFER,
    }).iterate();
    expect(seen).toHaveLength(
      sim.alerts.all().filter((a) => a.serviceSource === 'dataLossPrevention').length,
    );
    expect(seen.length).toBeGreaterThanOrEqual(40);
    expect(seen.every((a) => a.serviceSource === 'dataLossPrevention')).toBe(true);
    expect(sim.requests().every((r) => r.query.$filter?.includes('dataLossPrevention'))).toBe(true);
  });

  it('gets 400 for a filter on a property Graph cannot filter', async () => {
    const err = await thrown(graphClient(sim).api('/security/alerts_v2').filter("title eq 'x'").get());
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('BadRequest');
    expect(err.message).toContain("The property 'title' cannot be used in the $filter query option");
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets 400 "Empty Payload" for a comment sent as a JSON array', async () => {
    const id = sim.alerts.all()[0]!.id;
    const body = [{ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'x' }];
    const err = await thrown(graphClient(sim).api(`/security/alerts_v2/${id}/comments`).post(body));
    expect([err.statusCode, err.message]).toEqual([400, 'Empty Payload']);
    expect(sim.comments(id)).toEqual(sim.alerts.get(id)?.comments);
  });

  it('adds a comment credited to the app and answers with the whole list', async () => {
    const id = sim.alerts.all()[1]!.id;
    const before = sim.comments(id).length;
    const body = {
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: 'Enriched by Megan via the bot',
    };
    const answer = await graphClient(sim).api(`/security/alerts_v2/${id}/comments`).post(body);
    expect(answer.value).toHaveLength(before + 1);
    expect(answer.value.at(-1)).toEqual(
      expect.objectContaining({ comment: body.comment, createdByDisplayName: 'Defender DLP Bot' }),
    );
    expect(sim.comments(id).at(-1)?.comment).toBe(body.comment);
  });

  it('gets 400 for a PATCH of title, and 200 with the whole alert for a PATCH of status', async () => {
    const id = sim.alerts.all()[2]!.id;
    const client = graphClient(sim);
    const err = await thrown(client.api(`/security/alerts_v2/${id}`).patch({ title: 'renamed' }));
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("The property 'title' cannot be updated");
    const updated = await client
      .api(`/security/alerts_v2/${id}`)
      .patch({ status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' });
    expect(updated).toEqual(
      expect.objectContaining({ id, status: 'resolved', title: sim.alerts.get(id)?.title }),
    );
    expect(updated.resolvedDateTime).toBe(updated.lastUpdateDateTime);
  });

  it('gets 401 without a token', async () => {
    const err = await thrown(
      graphClient(sim, () => '')
        .api('/security/alerts_v2')
        .get(),
    );
    expect([err.statusCode, err.code, err.message]).toEqual([
      401,
      'InvalidAuthenticationToken',
      'Access token is empty.',
    ]);
  });

  it('gets 403 on runHuntingQuery with a token lacking ThreatHunting.Read.All', async () => {
    const token = sim.issueToken({ roles: ['SecurityAlert.ReadWrite.All'] });
    const err = await thrown(
      graphClient(sim, () => token)
        .api('/security/runHuntingQuery')
        .post({ Query: 'DataSecurityEvents | take 1' }),
    );
    expect([err.statusCode, err.code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(err.message).toBe('Insufficient privileges to complete the operation.');
  });

  it("honours a 429's Retry-After through the client's RetryHandler", async () => {
    sim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 1, match: 'alerts_v2$' });
    const page = await graphClient(sim).api('/security/alerts_v2').headers(PREFER).top(1).get();
    expect(page.value).toHaveLength(1);
    const tries = sim.requests().filter((r) => r.path === '/v1.0/security/alerts_v2');
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    expect(tries[1]?.headers['retry-attempt']).toBe('1');
  });

  it('runs a hunting query and returns dynamic columns as JSON text', async () => {
    const result = await graphClient(sim).api('/security/runHuntingQuery').post({
      Query:
        'DataSecurityEvents | where ActionType == "DlpRuleMatch" | project Timestamp, SensitiveInfoTypeInfo | take 3',
      Timespan: 'P1D',
    });
    expect(result.schema).toEqual([
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'SensitiveInfoTypeInfo', type: 'Object' },
    ]);
    expect(result.results).toHaveLength(3);
    expect(Array.isArray(JSON.parse(result.results[0].SensitiveInfoTypeInfo))).toBe(true);
  });
});
