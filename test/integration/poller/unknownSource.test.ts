/**
 * An instant filled by a product whose serviceSource we do not know (the enum is open): the simulator's
 * `unknownSourceBurst` turns the first alerts of a scale scenario into one bulk change by a product
 * Graph's metadata does not list, so no `serviceSource eq` split reaches them.
 */
import { FakeClock } from '../../helpers/clocks';
import { Poller, type PollerOptions } from '../../../src/poller';
import { startSimulator, type ListingQuirks, type Simulator } from '../../../simulator';
import { BASE_MS } from '../../helpers/builders';
import { FlakyStore, RecordingSink } from '../../unit/poller/fakes';
import { capturingLogger } from '../../unit/graph/stubs';
import { clientFor, graphRequests, TLS_DIR } from '../graph/simulatorClient';

const HOUR = 3600_000;
const NOW = BASE_MS + 12 * HOUR;
const OPTIONS: PollerOptions = {
  intervalMs: 60_000,
  initialLookbackMs: 24 * HOUR,
  windowMs: 30 * 60_000,
  retentionMs: 7 * 24 * HOUR,
  pageSize: 50,
  requestsPerMinute: Number.POSITIVE_INFINITY,
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function pollBurst(burst: ListingQuirks['unknownSourceBurst']) {
  const clock = new FakeClock(NOW);
  sim = await startSimulator({
    port: 0,
    tlsDir: TLS_DIR,
    scenario: 'scale:1200',
    throttle: false,
    now: () => clock.now(),
    listing: { maxSkip: 500, unknownSourceBurst: burst },
  });
  const log = capturingLogger();
  const poller = new Poller(
    {
      source: clientFor(sim).client,
      store: new FlakyStore(),
      sink: new RecordingSink(),
      clock,
      logger: log.logger,
    },
    OPTIONS,
  );
  await poller.runCycle();
  return { poller, log, s: sim, total: sim.alerts.all().length };
}

describe('An instant shared by more alerts of an unknown serviceSource than a page', () => {
  it('is read through the split of every value we do not know', async () => {
    const { poller, s, total } = await pollBurst({ alerts: 700 });
    expect(poller.status().trackedAlerts).toBe(total);
    expect(poller.status().unread).toEqual([]);
    const requests = graphRequests(s, /\/security\/alerts_v2$/);
    expect(requests.every((r) => r.status === 200 && Number(r.query.$skip ?? 0) <= 500)).toBe(true);
    expect(requests.some((r) => /serviceSource ne 'dataLossPrevention'/.test(r.query.$filter ?? ''))).toBe(
      true,
    );
  });

  it('says in a warning and in /status exactly what one unknown-valued split held beyond $skip ≤ 500', async () => {
    const { poller, log, total } = await pollBurst({ alerts: 700, severity: 'medium' });
    // $skip 0…500 with $top 50 reaches 550 of the 700; the other 150 are named, and only they are missing.
    expect(poller.status().trackedAlerts).toBe(total - 150);
    const [entry, ...rest] = poller.status().unread ?? [];
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ matching: 700, read: 550, missing: 150, reason: 'pastSkipLimit' });
    expect(entry?.filter).toMatch(
      /^serviceSource ne 'unknown' and .*serviceSource ne 'microsoftSecurityForAI' and severity eq 'medium'$/,
    );
    const warning = log.lines.find((l) => l.level === 40 && l.instant === entry?.instant);
    expect(warning).toMatchObject({ missing: 150, filter: entry?.filter });
    expect(String(warning?.msg)).toContain('150 alert(s) changed at');
  });
});
