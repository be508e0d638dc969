/**
 * `listAlertsChangedSince` (the dry run, the doctor) against the simulator misbehaving as Graph does under
 * volume: it pages on time as the poller does, so a listing that stalls at an offset, a `$skip` past the
 * limit answered 400 and an instant shared by more alerts than a page lose nothing.
 */
import type { SecurityAlert } from '../../../src/model';
import { startSimulator, type ListingQuirks, type Simulator } from '../../../simulator';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt } from '../../helpers/builders';
import { nextLinkListing } from './nextLinkListing';
import { clientFor, graphRequests, TLS_DIR } from './simulatorClient';

const SINCE = iso(BASE_MS - 3600_000);
const SEVERITIES = ['low', 'medium', 'high', 'informational'] as const;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simWith(listing: ListingQuirks, alerts: SecurityAlert[]): Promise<Simulator> {
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'empty', throttle: false, listing });
  for (const a of alerts) sim.alerts.add(a);
  return sim;
}

/** `n` alerts, Defender and DLP in turn, of four severities, changed one second apart (or at `stampOf(i)`). */
function alerts(n: number, stampOf: (i: number) => number = (i) => BASE_MS + i * 1000): SecurityAlert[] {
  return Array.from({ length: n }, (_, i) => {
    const severity = SEVERITIES[i % SEVERITIES.length];
    const at = { ...timesAt(stampOf(i)), lastUpdateDateTime: iso(stampOf(i)), severity };
    return i % 2 ? makeDlpAlert(at) : makeAlert(at);
  });
}

const listed = (s: Simulator) => graphRequests(s, /\/security\/alerts_v2$/);

describe('listAlertsChangedSince against a misbehaving listing', () => {
  it('reads every alert of a listing that stalls past a $skip offset, never asking for a $skip', async () => {
    const s = await simWith({ stallAfterSkip: 50, maxSkip: 500 }, alerts(300));
    expect(await nextLinkListing(s, SINCE)).toEqual({ read: 50, status: 200 });
    s.clearRequests();
    const result = await clientFor(s).client.listAlertsChangedSince(SINCE, { pageSize: 40 });
    expect(result.alerts).toHaveLength(300);
    expect(new Set(result.alerts.map((a) => a.id)).size).toBe(300);
    expect(result.unread).toEqual([]);
    for (const r of listed(s)) {
      expect(r.status).toBe(200);
      expect(r.query.$skip).toBeUndefined();
      expect(r.query.$orderby).toBe('lastUpdateDateTime asc');
    }
  });

  it('reads past where a nextLink listing is answered 400 ($skip over the limit)', async () => {
    const s = await simWith({ maxSkip: 40 }, alerts(120));
    expect((await nextLinkListing(s, SINCE)).status).toBe(400);
    s.clearRequests();
    const result = await clientFor(s).client.listAlertsChangedSince(SINCE, { pageSize: 30 });
    expect(result.alerts).toHaveLength(120);
    expect(listed(s).every((r) => r.status === 200)).toBe(true);
  });

  it('reads an instant shared by more alerts than a page and than $skip reaches (a 400 below the documented 500), each alert once', async () => {
    const s = await simWith(
      { maxSkip: 20 },
      alerts(90, (i) => (i < 80 ? BASE_MS : BASE_MS + i * 1000)),
    );
    const result = await clientFor(s).client.listAlertsChangedSince(SINCE, { pageSize: 10 });
    expect(result.alerts).toHaveLength(90);
    expect(new Set(result.alerts.map((a) => a.id)).size).toBe(90);
    const requests = listed(s);
    // Each refusal ($skip=30: the whole instant, then each service's 40) made the client split, not fail.
    const refused = requests.filter((r) => r.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.status === 400 && r.query.$skip === '30')).toBe(true);
    expect(requests.some((r) => /serviceSource eq/.test(r.query.$filter ?? ''))).toBe(true);
  });

  it('goes on at once through pages cut short while $count says more match', async () => {
    const s = await simWith({ stallEvery: 25 }, alerts(100));
    const result = await clientFor(s).client.listAlertsChangedSince(SINCE, { pageSize: 40 });
    expect(result.alerts).toHaveLength(100);
    expect(s.listingStats().stalls).toBeGreaterThan(0);
  });
});
