import { GraphError } from '../../../src/errors';
import { BASE, clientWith, makeAlert, makeDlpAlert, page } from './clientFixture';

const SINCE = '2026-01-05T11:00:00Z';
const at = (min: number): string => new Date(Date.parse(SINCE) + min * 60_000).toISOString();
const query = (url: string) => new URL(url).searchParams;
/** What Graph answers once a full last page has been read: the listing's end. */
const END = page([]);

describe('GraphSecurityClient.listAlertsChangedSince', () => {
  it('pages on time: gt since, ascending, an explicit $top and $count, Prefer and one client-request-id', async () => {
    const { client, stub } = clientWith([page([makeAlert({ lastUpdateDateTime: at(1) })])]);
    await client.listAlertsChangedSince(SINCE);
    const q = query(stub.requests[0]!.url);
    expect(new URL(stub.requests[0]!.url).pathname).toBe('/v1.0/security/alerts_v2');
    expect(q.get('$filter')).toBe('lastUpdateDateTime gt 2026-01-05T11:00:00Z');
    expect(q.get('$orderby')).toBe('lastUpdateDateTime asc');
    expect(q.get('$top')).toBe('1000');
    expect(q.get('$count')).toBe('true');
    expect(q.has('$skip')).toBe(false);
    expect(stub.requests[0]!.headers.prefer).toBe('include-unknown-enum-members');
  });

  it('never follows a nextLink (not even to its own host): the next request moves the boundary instead', async () => {
    const last = makeAlert({ lastUpdateDateTime: at(2) });
    const { client, stub } = clientWith(
      [
        page(
          [makeAlert({ lastUpdateDateTime: at(1) }), last],
          'https://evil.example/v1.0/security/alerts_v2?x=1',
        ),
        page([last, makeDlpAlert({ lastUpdateDateTime: at(3) })]),
      ],
      {},
      END,
    );
    const result = await client.listAlertsChangedSince(SINCE, { pageSize: 2 });
    expect(stub.requests.map((r) => new URL(r.url).origin)).toEqual([BASE, BASE, BASE]);
    expect(query(stub.requests[1]!.url).get('$filter')).toBe(`lastUpdateDateTime ge ${at(2)}`);
    expect(result.alerts.map((a) => a.lastUpdateDateTime)).toEqual([at(1), at(2), at(3)]);
    expect(result.pages).toBe(3);
    const ids = new Set(stub.requests.map((r) => r.headers['client-request-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists each alert once, its latest version, and tells onPage only what is new', async () => {
    const a = makeAlert({ lastUpdateDateTime: at(1) });
    const b = makeAlert({ lastUpdateDateTime: at(2) });
    const aLater = { ...a, lastUpdateDateTime: at(3), status: 'resolved' as const };
    const { client } = clientWith([page([a, b]), page([b, aLater])], {}, END);
    const seen: Array<[number, number]> = [];
    const result = await client.listAlertsChangedSince(SINCE, {
      pageSize: 2,
      onPage: (p, i) => seen.push([i, p.length]),
    });
    expect(result.alerts).toEqual([b, aLater]);
    expect(seen).toEqual([
      [0, 2],
      [1, 1],
      [2, 0],
    ]);
    expect(result.unread).toEqual([]);
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
    const { client, stub } = clientWith(
      [page([makeAlert({ lastUpdateDateTime: at(1) })]), page([makeAlert({ lastUpdateDateTime: at(2) })])],
      {},
      END,
    );
    await client.listAlertsChangedSince(SINCE, { requestId: 'cycle-42', pageSize: 1 });
    expect(stub.requests.map((r) => r.headers['client-request-id'])).toEqual([
      'cycle-42',
      'cycle-42',
      'cycle-42',
    ]);
  });

  it('converts an offset to UTC so that a "+" never reaches the URL', async () => {
    const { client, stub } = clientWith([page([])]);
    await client.listAlertsChangedSince('2026-01-05T13:00:00+02:00');
    expect(query(stub.requests[0]!.url).get('$filter')).toBe(
      'lastUpdateDateTime gt 2026-01-05T11:00:00.000Z',
    );
  });

  it('refuses a since that is not an ISO instant, and a page size Graph would refuse, before any request', async () => {
    const { client, stub } = clientWith([]);
    for (const bad of ['yesterday', '2026-01-05', '2026-01-05T11:00:00Z or true eq true', '']) {
      await expect(client.listAlertsChangedSince(bad)).rejects.toMatchObject({
        status: 400,
        graphCode: 'invalidArgument',
      });
    }
    for (const pageSize of [0, 1001, 2.5]) {
      await expect(client.listAlertsChangedSince(SINCE, { pageSize })).rejects.toThrow(/pageSize must be/);
    }
    expect(stub.requests).toHaveLength(0);
  });

  it('rejects a page without a value list rather than reading it as empty', async () => {
    const { client } = clientWith([{ status: 200, body: { unexpected: true } }]);
    const err = await client.listAlertsChangedSince(SINCE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 502, graphCode: 'malformedResponse' });
  });

  it('reports one metrics event per page', async () => {
    const { client, events } = clientWith(
      [page([makeAlert({ lastUpdateDateTime: at(1) })]), page([makeAlert({ lastUpdateDateTime: at(2) })])],
      {},
      END,
    );
    await client.listAlertsChangedSince(SINCE, { pageSize: 1 });
    expect(events).toEqual([
      expect.objectContaining({ operation: 'listAlerts', status: 200, throttled: false, attempts: 1 }),
      expect.objectContaining({ operation: 'listAlerts', status: 200, throttled: false, attempts: 1 }),
      expect.objectContaining({ operation: 'listAlerts', status: 200, throttled: false, attempts: 1 }),
    ]);
  });
});
