import { GraphError } from '../../../src/errors';
import { BASE, clientWith, makeAlert, makeDlpAlert, page } from './clientFixture';

const SINCE = '2026-01-05T11:00:00Z';
const next = (n: number): string => `${BASE}/v1.0/security/alerts_v2?$skiptoken=p${n}`;

describe('GraphSecurityClient.listAlertsChangedSince', () => {
  it('filters on lastUpdateDateTime server-side with an unquoted DateTimeOffset', async () => {
    const { client, stub } = clientWith([page([makeAlert()])]);
    await client.listAlertsChangedSince(SINCE);
    const url = new URL(stub.requests[0]!.url);
    expect(url.pathname).toBe('/v1.0/security/alerts_v2');
    expect(url.searchParams.get('$filter')).toBe('lastUpdateDateTime gt 2026-01-05T11:00:00Z');
    expect(url.searchParams.has('$count')).toBe(false);
  });

  it('follows every nextLink, one request per page, with Prefer and the same client-request-id on each', async () => {
    const { client, stub } = clientWith([
      page([makeAlert(), makeAlert()], next(2)),
      page([], next(3)),
      page([makeDlpAlert()]),
    ]);
    const pagesSeen: Array<[number, number]> = [];
    const result = await client.listAlertsChangedSince(SINCE, {
      onPage: (p, i) => pagesSeen.push([i, p.length]),
    });
    expect(result.pages).toBe(3);
    expect(result.alerts).toHaveLength(3);
    expect(stub.requests).toHaveLength(3);
    expect(stub.requests.map((r) => r.url.slice(0, next(2).length))).toEqual([
      expect.any(String),
      next(2),
      next(3),
    ]);
    for (const r of stub.requests) {
      expect(r.headers.prefer).toBe('include-unknown-enum-members');
      expect(r.headers.authorization).toMatch(/^Bearer /);
    }
    const ids = new Set(stub.requests.map((r) => r.headers['client-request-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(pagesSeen).toEqual([
      [0, 2],
      [1, 0],
      [2, 1],
    ]);
  });

  it('counts unusable items instead of throwing, and keeps unknown enum members', async () => {
    const odd = { ...makeAlert(), serviceSource: 'microsoftSecurityForAI', status: 'brandNewStatus' };
    const { client } = clientWith([page([odd, { title: 'no id' }, 42, null])]);
    const result = await client.listAlertsChangedSince(SINCE);
    expect(result.skipped).toBe(3);
    expect(result.alerts[0]).toMatchObject({
      serviceSource: 'microsoftSecurityForAI',
      status: 'brandNewStatus',
    });
  });

  it('uses the caller’s request id on every page', async () => {
    const { client, stub } = clientWith([page([], next(2)), page([])]);
    await client.listAlertsChangedSince(SINCE, { requestId: 'cycle-42' });
    expect(stub.requests.map((r) => r.headers['client-request-id'])).toEqual(['cycle-42', 'cycle-42']);
  });

  it('converts an offset to UTC so that a "+" never reaches the URL', async () => {
    const { client, stub } = clientWith([page([])]);
    await client.listAlertsChangedSince('2026-01-05T13:00:00+02:00');
    expect(new URL(stub.requests[0]!.url).searchParams.get('$filter')).toBe(
      'lastUpdateDateTime gt 2026-01-05T11:00:00.000Z',
    );
  });

  it('refuses a since that is not an ISO instant, before any request', async () => {
    const { client, stub } = clientWith([]);
    for (const bad of ['yesterday', '2026-01-05', '2026-01-05T11:00:00Z or true eq true', '']) {
      await expect(client.listAlertsChangedSince(bad)).rejects.toMatchObject({
        status: 400,
        graphCode: 'invalidArgument',
      });
    }
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses a nextLink to another host (our token would go with it)', async () => {
    const { client, stub } = clientWith([
      page([makeAlert()], 'https://evil.example/v1.0/security/alerts_v2?x=1'),
    ]);
    const err = await client.listAlertsChangedSince(SINCE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).message).toContain('https://evil.example');
    expect(stub.requests).toHaveLength(1);
  });

  it('stops a paging loop that repeats a nextLink', async () => {
    const { client } = clientWith([page([], next(2)), page([], next(2))]);
    await expect(client.listAlertsChangedSince(SINCE)).rejects.toThrow(/the same @odata.nextLink twice/);
  });

  it('rejects a page without a value list rather than reading it as empty', async () => {
    const { client } = clientWith([{ status: 200, body: { unexpected: true } }]);
    await expect(client.listAlertsChangedSince(SINCE)).rejects.toMatchObject({
      status: 502,
      graphCode: 'malformedResponse',
    });
  });

  it('reports one metrics event per page', async () => {
    const { client, events } = clientWith([page([], next(2)), page([])]);
    await client.listAlertsChangedSince(SINCE);
    expect(events).toEqual([
      expect.objectContaining({ operation: 'listAlerts', status: 200, throttled: false, attempts: 1 }),
      expect.objectContaining({ operation: 'listAlerts', status: 200, throttled: false, attempts: 1 }),
    ]);
  });
});
