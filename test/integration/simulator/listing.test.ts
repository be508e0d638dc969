import type { SecurityAlert } from '../../../src/model';
import type { Simulator } from '../../../simulator';
import { call, checkTlsTrust, start } from './helpers';

const ALERTS = '/v1.0/security/alerts_v2';
const q = (s: string) => encodeURIComponent(s);
const stamps = (body: { value: SecurityAlert[] }) => body.value.map((a) => Date.parse(a.lastUpdateDateTime));

describe('the simulated alerts_v2 listing', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  beforeAll(() => checkTlsTrust());

  it('orders by lastUpdateDateTime asc or desc, as the service accepts, and refuses other orders', async () => {
    sim = await start({ scenario: 'scale:300', pageSize: 20 });
    const asc = await call(sim, `${ALERTS}?$orderby=${q('lastUpdateDateTime asc')}&$top=100`);
    expect(asc.status).toBe(200);
    const up = stamps(asc.body);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    const desc = await call(sim, `${ALERTS}?$orderby=${q('lastUpdateDateTime desc')}&$top=100`);
    const down = stamps(desc.body);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    expect((await call(sim, `${ALERTS}?$orderby=title`)).status).toBe(400);
  });

  it('treats $top as the page size up to 1000 and answers 400 above it', async () => {
    sim = await start({ scenario: 'scale:1200', pageSize: 20 });
    const page = await call(sim, `${ALERTS}?$top=1000`);
    expect(page.body.value).toHaveLength(1000);
    expect(page.body['@odata.nextLink']).toContain('$top=1000');
    expect((await call(sim, `${ALERTS}?$top=1001`)).status).toBe(400);
    expect((await call(sim, ALERTS)).body.value).toHaveLength(20);
  });

  it('keeps $orderby in the nextLink', async () => {
    sim = await start({ scenario: 'scale:50', pageSize: 20 });
    const page = await call(sim, `${ALERTS}?$orderby=${q('lastUpdateDateTime asc')}&$top=10`);
    expect(decodeURIComponent(page.body['@odata.nextLink'])).toContain('$orderby=lastUpdateDateTime asc');
  });

  it('can end a listing without a nextLink past a $skip offset, though $count says more match', async () => {
    sim = await start({ scenario: 'scale:100', pageSize: 20, listing: { stallAfterSkip: 30 } });
    const first = await call(sim, `${ALERTS}?$top=20&$count=true`);
    expect(first.body['@odata.count']).toBe(100);
    const second = await call(sim, `${ALERTS}?$top=20&$skip=20`);
    expect(second.body.value).toHaveLength(10);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('can stall every N alerts served: the page is cut there and has no nextLink', async () => {
    sim = await start({ scenario: 'scale:100', pageSize: 20, listing: { stallEvery: 30 } });
    const first = await call(sim, `${ALERTS}?$top=20`);
    expect(first.body.value).toHaveLength(20);
    const second = await call(sim, `${ALERTS}?$top=20&$skip=20`);
    expect(second.body.value).toHaveLength(10);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    const third = await call(sim, `${ALERTS}?$top=20&$skip=30`);
    expect(third.body.value).toHaveLength(20);
  });

  it('can answer a $skip past its limit with 400', async () => {
    sim = await start({ scenario: 'scale:100', listing: { maxSkip: 500 } });
    expect((await call(sim, `${ALERTS}?$skip=500`)).status).toBe(200);
    expect((await call(sim, `${ALERTS}?$skip=501`)).status).toBe(400);
  });

  it('can load alerts sharing one lastUpdateDateTime', async () => {
    sim = await start({ scenario: 'scale:100', listing: { shareTimestampEvery: 25 } });
    const distinct = new Set(sim.alerts.all().map((a) => a.lastUpdateDateTime));
    expect(distinct.size).toBe(4);
  });

  it('can change an alert it has just served, while the client pages', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    sim = await start({ scenario: 'scale:100', now: () => now, listing: { changeWhilePagingEvery: 1 } });
    now = Date.now() + 3600_000;
    const page = await call(sim, `${ALERTS}?$orderby=${q('lastUpdateDateTime asc')}&$top=5`);
    const served = page.body.value[0] as SecurityAlert;
    expect(Date.parse(sim.alerts.get(served.id)?.lastUpdateDateTime ?? '')).toBeGreaterThan(
      Date.parse(served.lastUpdateDateTime),
    );
  });

  it('pages on a time boundary: ge, with other clauses ANDed, in order', async () => {
    sim = await start({ scenario: 'scale:200', listing: { shareTimestampEvery: 10 } });
    const all = await call(sim, `${ALERTS}?$orderby=${q('lastUpdateDateTime asc')}&$top=1000`);
    const mid = (all.body.value as SecurityAlert[])[100]!.lastUpdateDateTime;
    const filter = `lastUpdateDateTime ge ${mid} and serviceSource eq 'dataLossPrevention'`;
    const page = await call(
      sim,
      `${ALERTS}?$filter=${q(filter)}&$orderby=${q('lastUpdateDateTime asc')}&$top=1000`,
    );
    const want = (all.body.value as SecurityAlert[])
      .slice(100)
      .filter((a) => a.serviceSource === 'dataLossPrevention')
      .map((a) => a.id);
    expect((page.body.value as SecurityAlert[]).map((a) => a.id)).toEqual(want);
  });
});
