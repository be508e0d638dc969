/**
 * Time-boundary paging against the Graph simulator misbehaving as the real service does under volume
 * (elastic/integrations#20234): listings that end early, `$skip` past 500 answered 400, ties on one
 * instant, alerts changing while paged, and a crash in the middle of a backlog.
 */
import { FakeClock } from '../../helpers/clocks';
import { silentLogger } from '../../../src/log';
import type { SecurityAlert } from '../../../src/model';
import { Poller, type PollerOptions } from '../../../src/poller';
import { WATERMARK_KEY, type WatermarkRecord } from '../../../src/records';
import { startSimulator, type ListingQuirks, type Simulator } from '../../../simulator';
import { BASE_MS, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { FlakyStore, RecordingSink } from '../../unit/poller/fakes';
import { clientFor, graphRequests, TLS_DIR } from '../graph/simulatorClient';
import { nextLinkListing } from '../graph/nextLinkListing';

const HOUR = 3600_000;
const NOW = BASE_MS + 12 * HOUR;
const OPTIONS: PollerOptions = {
  intervalMs: 60_000,
  initialLookbackMs: 24 * HOUR,
  windowMs: 30 * 60_000,
  retentionMs: 7 * 24 * HOUR,
  pageSize: 20,
  requestsPerMinute: Number.POSITIVE_INFINITY,
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(listing: ListingQuirks, alerts: SecurityAlert[], store = new FlakyStore()) {
  const clock = new FakeClock(NOW);
  sim = await startSimulator({
    port: 0,
    tlsDir: TLS_DIR,
    scenario: 'empty',
    throttle: false,
    now: () => clock.now(),
    listing,
  });
  for (const a of alerts) sim.alerts.add(a);
  return { clock, store, sim, ...pollerOn(sim, clock, store) };
}

function pollerOn(s: Simulator, clock: FakeClock, store: FlakyStore) {
  const { client } = clientFor(s);
  const sink = new RecordingSink();
  const poller = new Poller({ source: client, store, sink, clock, logger: silentLogger() }, OPTIONS);
  return { poller, sink };
}

/** `n` Defender alerts, each with a DLP partner by the same user four minutes later: 2n alerts. */
function pairs(n: number, stampOf: (i: number) => number = (i) => BASE_MS + i * 1000): SecurityAlert[] {
  const out: SecurityAlert[] = [];
  for (let i = 0; i < n; i++) {
    const upn = `user${i}@contoso.com`;
    const at = stampOf(i);
    const stamp = { lastUpdateDateTime: new Date(at + 120_000).toISOString() };
    out.push(makeAlert({ evidence: [userEvidence({ upn })], ...timesAt(at), ...stamp }));
    out.push(
      makeDlpAlert({
        evidence: [userEvidence({ upn, roles: ['policyViolator'] })],
        ...timesAt(at + 60_000),
        ...stamp,
        severity: i % 2 ? 'high' : 'low',
      }),
    );
  }
  return out;
}

function tracked(poller: Poller): number {
  return poller.status().trackedAlerts;
}

/** Defender alerts that got a first card, counted across every durable hand-off. */
function firstCards(sink: RecordingSink): Map<string, number> {
  const seen = new Map<string, number>();
  for (const batch of sink.durable)
    for (const c of batch)
      if (c.type === 'correlated' && c.first)
        seen.set(c.defenderAlertId, (seen.get(c.defenderAlertId) ?? 0) + 1);
  return seen;
}

function listRequests(s: Simulator) {
  return graphRequests(s, /\/security\/alerts_v2$/);
}

describe('Ingestion by time-boundary paging', () => {
  it('reads every alert of a listing that ends early past a $skip offset, with no request past the offset', async () => {
    const t = await setup({ stallAfterSkip: 50, maxSkip: 500 }, pairs(150));
    // The simulator really misbehaves: a nextLink listing of the same filter stops at 50 of 300.
    const legacy = await nextLinkListing(t.sim, new Date(BASE_MS - HOUR).toISOString());
    expect(legacy).toEqual({ read: 50, status: 200 });
    t.sim.clearRequests();

    const result = await t.poller.runCycle();
    expect(result.alerts).toBeGreaterThanOrEqual(300);
    expect(tracked(t.poller)).toBe(300);
    expect(firstCards(t.sink).size).toBe(150);
    for (const r of listRequests(t.sim)) {
      expect(r.query.$orderby).toBe('lastUpdateDateTime asc');
      expect(r.query.$top).toBe('20');
      expect(r.query.$skip).toBeUndefined();
      expect(r.status).toBe(200);
    }
  });

  it('goes on at once when a page ends short while $count says more match (a stall), within one cycle', async () => {
    const t = await setup({ stallEvery: 30 }, pairs(100));
    const result = await t.poller.runCycle();
    expect(tracked(t.poller)).toBe(200);
    expect(firstCards(t.sink).size).toBe(100);
    const requests = listRequests(t.sim).length;
    expect(result.pages).toBe(requests);
    // ⌈200 / 19⌉ pages (each page after the first re-reads its boundary alert), plus one per stall:
    // the simulator cut a page at every 30 alerts it served.
    const stalls = Math.floor(result.alerts / 30);
    expect(stalls).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(Math.ceil(200 / 19) + stalls);
  });

  it('reads alerts sharing one timestamp across a page boundary (ge, not gt)', async () => {
    const alerts = pairs(20, (i) => (i >= 8 && i < 14 ? BASE_MS + 8000 : BASE_MS + i * 1000));
    const t = await setup({}, alerts);
    await t.poller.runCycle();
    expect(tracked(t.poller)).toBe(40);
    expect(firstCards(t.sink).size).toBe(20);
  });

  it('makes progress through one instant holding more alerts than a page, without a $skip past 500', async () => {
    const alerts = pairs(300, () => BASE_MS);
    const t = await setup({ maxSkip: 500 }, alerts);
    await t.poller.runCycle();
    expect(tracked(t.poller)).toBe(600);
    expect(firstCards(t.sink).size).toBe(300);
    const requests = listRequests(t.sim);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(requests.some((r) => /serviceSource eq/.test(r.query.$filter ?? ''))).toBe(true);
  });

  it('reads an alert whose lastUpdateDateTime changes while the listing is paged, and every other one', async () => {
    const t = await setup({ changeWhilePagingEvery: 2 }, pairs(60));
    await t.poller.runCycle();
    expect(tracked(t.poller)).toBe(120);
    expect(firstCards(t.sink).size).toBe(60);
  });

  it('never follows a nextLink into a $skip Graph answers 400, and never stalls on one', async () => {
    const t = await setup({ maxSkip: 40 }, pairs(60));
    // The simulator refuses as Graph does: a nextLink listing of the same alerts fails at $skip=60.
    const legacy = await nextLinkListing(t.sim, new Date(BASE_MS - HOUR).toISOString());
    expect(legacy.status).toBe(400);
    t.sim.clearRequests();

    await t.poller.runCycle();
    expect(tracked(t.poller)).toBe(120);
    expect(listRequests(t.sim).every((r) => r.status === 200 && r.query.$skip === undefined)).toBe(true);
  });

  it('resumes a crashed backlog from its last durable page: nothing missed, no card twice', async () => {
    const store = new FlakyStore();
    const t = await setup({}, pairs(100), store);
    const batches: number[] = [];
    const real = store.batch.bind(store);
    store.batch = async (ops) => {
      batches.push(ops.length);
      if (batches.length === 4) throw new Error('killed (injected)');
      return real(ops);
    };
    await expect(t.poller.runCycle()).rejects.toThrow('killed');
    const durable = (await store.get<WatermarkRecord>(WATERMARK_KEY))?.value;
    expect(durable?.version).toBe(2);
    expect(Date.parse(durable?.watermark ?? '')).toBeGreaterThan(BASE_MS);
    const cardsBefore = firstCards(t.sink);

    // A new process on the same store.
    t.sim.clearRequests();
    const again = pollerOn(t.sim, t.clock, store);
    await again.poller.runCycle();
    const first = listRequests(t.sim)[0];
    const boundary = /lastUpdateDateTime ge (\S+)/.exec(first?.query.$filter ?? '')?.[1] ?? '';
    // From the last durable page (less the usual overlap), not from the start of the backlog.
    expect(Date.parse(boundary)).toBe(Date.parse(durable?.watermark ?? '') - 5 * 60_000);
    expect(again.poller.status().trackedAlerts).toBe(200);
    const cardsAfter = firstCards(again.sink);
    for (const id of cardsBefore.keys()) expect(cardsAfter.has(id)).toBe(false);
    expect(cardsBefore.size + cardsAfter.size).toBe(100);
    expect([...cardsAfter.values()].every((n) => n === 1)).toBe(true);
  });

  it('correlates the next page while a page is written, and sends its batch only once that page is durable', async () => {
    const store = new FlakyStore();
    const t = await setup({}, pairs(100), store);
    // The first page's batch is held until the second page has been correlated (handed to the sink):
    // a poller that waited for the write before correlating more would never let it through.
    let secondPageCorrelated!: () => void;
    const gate = new Promise<void>((open) => (secondPageCorrelated = open));
    const handoff = t.sink.handoffOps.bind(t.sink);
    t.sink.handoffOps = (changes) => {
      const ops = handoff(changes);
      if (t.sink.handedOff.length === 2) secondPageCorrelated();
      return ops;
    };
    const real = store.batch.bind(store);
    let batches = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    store.batch = async (ops) => {
      batches += 1;
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        if (batches === 1) await gate;
        return await real(ops);
      } finally {
        inFlight -= 1;
      }
    };
    await t.poller.runCycle();
    expect(batches).toBeGreaterThan(2);
    expect(mostInFlight).toBe(1);
    expect(tracked(t.poller)).toBe(200);
    expect(firstCards(t.sink).size).toBe(100);
    expect(t.sink.durable).toEqual(t.sink.handedOff);
  });

  it('migrates a version-1 watermark record and keeps its place', async () => {
    const store = new FlakyStore();
    const old = new Date(BASE_MS + 50 * 1000).toISOString();
    await store.batch([{ op: 'put', key: WATERMARK_KEY, value: { watermark: old, updatedAt: old } }]);
    const t = await setup({}, pairs(100), store);
    await t.poller.load();
    const record = (await store.get<WatermarkRecord>(WATERMARK_KEY))?.value;
    expect(record).toMatchObject({ version: 2, migratedFrom: 1, watermark: old });
    await t.poller.runCycle();
    const first = listRequests(t.sim)[0];
    const boundary = /lastUpdateDateTime ge (\S+)/.exec(first?.query.$filter ?? '')?.[1] ?? '';
    expect(Date.parse(boundary)).toBe(Date.parse(old) - 5 * 60_000);
  });

  it('shows the backlog in the poller status: pages read, boundary and an estimate from $count', async () => {
    const t = await setup({}, pairs(50));
    await t.poller.runCycle();
    const b = t.poller.status().backlog;
    // Each page after the first re-reads the alerts on its boundary instant (ge): 6 pages for 100 alerts.
    expect(b).toMatchObject({ active: false, pagesRead: 6, estimatedRemaining: 0 });
    expect(b?.alertsRead).toBeGreaterThanOrEqual(100);
    expect(Date.parse(b?.boundary ?? '')).toBeGreaterThan(BASE_MS);
  });
});
