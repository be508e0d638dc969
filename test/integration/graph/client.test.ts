import { GraphError } from '../../../src/errors';
import { startSimulator, type Simulator } from '../../../simulator';
import { BASE_MS, iso, makeAlert, resetBuilderIds, timesAt } from '../../helpers/builders';
import { clientFor, graphRequests, TLS_DIR } from './simulatorClient';

const ALERTS = 11;
const SINCE = iso(BASE_MS - 3600_000);
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'empty', pageSize: 3, throttle: false });
  resetBuilderIds();
  for (let i = 0; i < ALERTS; i++) sim.alerts.add(makeAlert(timesAt(BASE_MS + i * 60_000)));
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.faults.clear();
  sim.clearRequests();
});

const listPath = /\/v1\.0\/security\/alerts_v2$/;

describe('GraphSecurityClient against the simulator', () => {
  it('reads every page on time, one request per page, with Prefer on each', async () => {
    const { client } = clientFor(sim);
    const result = await client.listAlertsChangedSince(SINCE, { pageSize: 3 });
    expect(result.alerts).toHaveLength(ALERTS);
    const recorded = graphRequests(sim, listPath);
    expect(recorded).toHaveLength(result.pages);
    for (const r of recorded) {
      expect(r.headers.prefer).toBe('include-unknown-enum-members');
      expect(r.headers.authorization).toMatch(/^Bearer /);
      expect(r.query.$orderby).toBe('lastUpdateDateTime asc');
      expect(r.status).toBe(200);
    }
    expect(recorded[0]!.query.$filter).toBe(`lastUpdateDateTime gt ${SINCE}`);
    expect(recorded[1]!.query.$filter).toMatch(/^lastUpdateDateTime ge /);
  });

  it('puts on every recorded request the client-request-id it logged', async () => {
    const { client, log } = clientFor(sim);
    await client.listAlertsChangedSince(SINCE);
    await client.getAlert(sim.alerts.all()[0]!.id);
    const logged = new Set(log.lines.map((l) => l.clientRequestId).filter(Boolean));
    const recorded = graphRequests(sim, /^\/v1\.0\//);
    expect(recorded.length).toBeGreaterThan(1);
    for (const r of recorded) expect(logged.has(r.headers['client-request-id'])).toBe(true);
  });

  it('waits out a 429 with Retry-After in the middle of a listing and completes it', async () => {
    const { client, events } = clientFor(sim);
    const result = await client.listAlertsChangedSince(SINCE, {
      pageSize: 3,
      onPage: (_page, index) => {
        if (index === 1)
          sim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 1, match: 'alerts_v2' });
      },
    });
    expect(result.alerts).toHaveLength(ALERTS);
    const statuses = graphRequests(sim, listPath).map((r) => r.status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 429]);
    expect(statuses.slice(3).every((st) => st === 200)).toBe(true);
    expect(events.filter((e) => e.throttled)).toHaveLength(1);
  });

  it('rides out a burst of 503s', async () => {
    sim.faults.inject({ kind: 'status', status: 503, retryAfterSeconds: 0, count: 2, match: 'alerts_v2' });
    const { client } = clientFor(sim);
    await expect(client.listAlertsChangedSince(SINCE)).resolves.toMatchObject({ alerts: expect.any(Array) });
    expect(
      graphRequests(sim, listPath)
        .slice(0, 3)
        .map((r) => r.status),
    ).toEqual([503, 503, 200]);
  });

  it('gives up on a longer 503 burst with a transient GraphError', async () => {
    sim.faults.inject({ kind: 'status', status: 503, retryAfterSeconds: 0, count: 5, match: 'alerts_v2' });
    const { client } = clientFor(sim, { maxRetries: 2 });
    const err = (await client.listAlertsChangedSince(SINCE).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 503, reason: 'unavailable', transient: true });
  });

  it('repeats a GET whose connection dropped, and reports status 0 when it drops again', async () => {
    const id = sim.alerts.all()[0]!.id;
    const { client } = clientFor(sim);
    sim.faults.inject({ kind: 'drop', match: 'alerts_v2/' });
    await expect(client.getAlert(id)).resolves.toMatchObject({ id });
    sim.faults.inject({ kind: 'drop', match: 'alerts_v2/', count: 2 });
    await expect(client.getAlert(id)).rejects.toMatchObject({ status: 0, reason: 'unavailable' });
  });

  it('asks again after an empty page that has a nextLink', async () => {
    const { client } = clientFor(sim);
    const plain = await client.listAlertsChangedSince(SINCE, { pageSize: 3 });
    sim.faults.inject({ kind: 'emptyPageWithNextLink', match: 'alerts_v2' });
    const result = await client.listAlertsChangedSince(SINCE, { pageSize: 3 });
    expect(result.alerts).toHaveLength(ALERTS);
    expect(result.pages).toBe(plain.pages + 1);
  });

  it('answers undefined for an alert that does not exist', async () => {
    const { client } = clientFor(sim);
    await expect(client.getAlert('da000000000000000000_-1')).resolves.toBeUndefined();
  });

  it('posts one comment object and gets the alert’s comment list back', async () => {
    const id = sim.alerts.all()[1]!.id;
    const { client } = clientFor(sim);
    const comments = await client.addComment(id, 'Enrichment requested by alice@contoso.com');
    expect(comments.at(-1)?.comment).toBe('Enrichment requested by alice@contoso.com');
    expect(sim.comments(id).map((c) => c.comment)).toContain('Enrichment requested by alice@contoso.com');
    const [post] = graphRequests(sim, /\/comments$/);
    expect(post!.body).toEqual({
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: 'Enrichment requested by alice@contoso.com',
    });
  });

  it('PATCHes only the settable properties', async () => {
    const before = sim.alerts.all()[2]!;
    const { client } = clientFor(sim);
    const update = {
      status: 'inProgress',
      assignedTo: 'bob@contoso.com',
      title: 'hijacked',
      severity: 'low',
    } as never;
    const after = await client.updateAlert(before.id, update);
    expect(after).toMatchObject({ status: 'inProgress', assignedTo: 'bob@contoso.com', title: before.title });
    const [patch] = graphRequests(sim, new RegExp(`alerts_v2/${before.id}$`)).filter(
      (r) => r.method === 'PATCH',
    );
    expect(patch!.body).toEqual({ status: 'inProgress', assignedTo: 'bob@contoso.com' });
    expect(sim.alerts.get(before.id)?.severity).toBe(before.severity);
  });

  it('reads the roles of its token', async () => {
    const { client } = clientFor(sim, { roles: ['SecurityAlert.Read.All'] });
    await expect(client.grantedRoles()).resolves.toEqual(['SecurityAlert.Read.All']);
  });
});
