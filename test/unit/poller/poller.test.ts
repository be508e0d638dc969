import { FakeClock } from '../../helpers/clocks';
import { GraphError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { Poller, type PollerOptions } from '../../../src/poller';
import { WATERMARK_KEY, alertKey, type WatermarkRecord } from '../../../src/records';
import type { Clock } from '../../../src/clock';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { FlakyStore, HeldClock, RecordingSink, ScriptedSource, settle } from './fakes';

const HOUR = 3600_000;
const OPTIONS: PollerOptions = {
  intervalMs: 60_000,
  initialLookbackMs: 24 * HOUR,
  windowMs: 30 * 60_000,
  retentionMs: 7 * 24 * HOUR,
};

function setup(o: { clock?: Clock; options?: Partial<PollerOptions>; store?: FlakyStore } = {}) {
  const clock = o.clock ?? new FakeClock(BASE_MS + HOUR);
  const store = o.store ?? new FlakyStore();
  const source = new ScriptedSource();
  const sink = new RecordingSink();
  const poller = new Poller(
    { source, store, sink, clock, logger: silentLogger() },
    { ...OPTIONS, ...o.options },
  );
  return { clock, store, source, sink, poller };
}

/** A Defender alert and a DLP alert by the same user four minutes apart. */
function correlatedPair() {
  const defender = makeAlert({
    evidence: [userEvidence({ upn: 'megan.bowen@contoso.com' })],
    ...timesAt(BASE_MS),
  });
  const dlp = makeDlpAlert({
    evidence: [userEvidence({ upn: 'Megan.Bowen@contoso.com', roles: ['policyViolator'] })],
    ...timesAt(BASE_MS + 4 * 60_000),
  });
  return { defender, dlp };
}

async function storedWatermark(store: FlakyStore): Promise<string | undefined> {
  return (await store.get<WatermarkRecord>(WATERMARK_KEY))?.value.watermark;
}

describe('Poller cycle', () => {
  it('lists in its status the identities that name more than maxAlertsPerIdentity alerts in one window', async () => {
    const t = setup({ options: { maxAlertsPerIdentity: 2 } });
    const shared = userEvidence({ upn: 'svc-scanner@contoso.com' });
    t.source.put(
      ...[0, 1, 2].map((i) => makeDlpAlert({ evidence: [shared], ...timesAt(BASE_MS + i * 60_000) })),
      makeAlert({ evidence: [userEvidence({ upn: 'alice@contoso.com' })], ...timesAt(BASE_MS) }),
    );
    expect(t.poller.status().sharedIdentities ?? []).toEqual([]);
    await t.poller.runCycle();
    expect(t.poller.status().sharedIdentities?.map((s) => [s.display, s.alerts])).toEqual([
      ['contoso.com\\svc-scanner', 3],
      ['svc-scanner@contoso.com', 3],
    ]);
  });

  it('reads INITIAL_LOOKBACK back on its first cycle', async () => {
    const t = setup();
    await t.poller.runCycle();
    expect(t.source.sinces).toEqual([iso(t.clock.now() - 24 * HOUR)]);
  });

  it('advances the watermark to the newest lastUpdateDateTime it read', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    const result = await t.poller.runCycle();
    expect(result.watermark).toBe(dlp.lastUpdateDateTime);
    expect(await storedWatermark(t.store)).toBe(dlp.lastUpdateDateTime);
    expect(t.poller.status().watermark).toBe(dlp.lastUpdateDateTime);
  });

  it('never moves the watermark past the cycle start, so an alert changed while paging is read again', async () => {
    const t = setup();
    const started = t.clock.now();
    t.source.put(makeAlert({ lastUpdateDateTime: iso(started + 90_000) }));
    const result = await t.poller.runCycle();
    expect(result.watermark).toBe(iso(started));
  });

  it('re-reads an overlap before the watermark on every later cycle (5 minutes by default)', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    await t.poller.runCycle();
    await t.poller.runCycle();
    expect(t.source.sinces[1]).toBe(iso(Date.parse(dlp.lastUpdateDateTime) - 5 * 60_000));
  });

  it('honours a configured overlap', async () => {
    const t = setup({ options: { overlapMs: 60_000 } });
    t.source.put(makeAlert({ lastUpdateDateTime: iso(BASE_MS) }));
    await t.poller.runCycle();
    await t.poller.runCycle();
    expect(t.source.sinces[1]).toBe(iso(BASE_MS - 60_000));
  });

  it('keeps a watermark with nothing new instead of moving it back to the lookback', async () => {
    const t = setup();
    t.source.put(makeAlert({ lastUpdateDateTime: iso(BASE_MS) }));
    await t.poller.runCycle();
    t.source.alerts.clear();
    const second = await t.poller.runCycle();
    expect(second.watermark).toBe(iso(BASE_MS));
  });

  it('emits a correlation once, and nothing when the overlap re-reads the same versions', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    const first = await t.poller.runCycle();
    const second = await t.poller.runCycle();
    expect(first.changes).toEqual([
      expect.objectContaining({ type: 'correlated', defenderAlertId: defender.id, first: true }),
    ]);
    expect(second.changes).toEqual([]);
  });

  it('writes the tracked alerts, the hand-off and the watermark in the store', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    await t.poller.runCycle();
    expect(await t.store.get(alertKey(defender.id))).toBeDefined();
    expect(await t.store.get(alertKey(dlp.id))).toBeDefined();
    expect(await t.store.list('outbox/')).toHaveLength(1);
    expect(t.sink.durable).toHaveLength(1);
  });

  it('resumes from the stored watermark and tracked alerts after a restart', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    await t.poller.runCycle();
    const restarted = setup({ clock: t.clock, store: t.store });
    restarted.source.put(defender, dlp);
    const after = await restarted.poller.runCycle();
    expect(restarted.source.sinces[0]).toBe(iso(Date.parse(dlp.lastUpdateDateTime) - 5 * 60_000));
    expect(after.changes).toEqual([]);
  });
});

describe('Poller failures', () => {
  it('keeps the watermark when the listing fails', async () => {
    const t = setup();
    t.source.put(makeAlert({ lastUpdateDateTime: iso(BASE_MS) }));
    await t.poller.runCycle();
    t.source.put(makeAlert({ lastUpdateDateTime: iso(BASE_MS + 20 * 60_000) }));
    t.source.failures.push(new GraphError({ status: 503, message: 'Service Unavailable' }));
    await expect(t.poller.runCycle()).rejects.toThrow('Service Unavailable');
    expect(t.poller.status().watermark).toBe(iso(BASE_MS));
    expect(await storedWatermark(t.store)).toBe(iso(BASE_MS));
  });

  it('re-emits the same changes after a failed store batch: a crash between fetch and hand-off loses nothing', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    t.store.failBatches = 1;
    await expect(t.poller.runCycle()).rejects.toThrow('store unavailable');
    expect(await t.store.list('outbox/')).toHaveLength(0);
    expect(await storedWatermark(t.store)).toBeUndefined();
    const retried = await t.poller.runCycle();
    expect(retried.changes).toEqual(t.sink.handedOff[0]);
    expect(retried.changes).toHaveLength(1);
    expect(await t.store.list('outbox/')).toHaveLength(1);
    expect(t.sink.durable).toEqual([retried.changes]);
  });

  it('lets a restarted replica re-emit what a failed batch did not make durable', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    t.store.failBatches = 1;
    await expect(t.poller.runCycle()).rejects.toThrow();
    const restarted = setup({ clock: t.clock, store: t.store });
    restarted.source.put(defender, dlp);
    const after = await restarted.poller.runCycle();
    expect(after.changes).toEqual([
      expect.objectContaining({ type: 'correlated', defenderAlertId: defender.id }),
    ]);
  });
});

describe('Poller loop back-off', () => {
  async function failingLoop(error: Error, failures = 1, options: Partial<PollerOptions> = {}) {
    const clock = new HeldClock(BASE_MS + HOUR);
    const t = setup({ clock, options });
    for (let i = 0; i < failures; i++) t.source.failures.push(error);
    t.poller.start();
    await settle(() => clock.sleeps.length === 1, 'the first back-off');
    return { ...t, clock };
  }

  it('waits the Retry-After Graph asked for when it is longer than its own back-off', async () => {
    const throttled = new GraphError({ status: 429, message: 'Too Many Requests', retryAfterMs: 45_000 });
    const t = await failingLoop(throttled, 1, { intervalMs: 1000 });
    await t.poller.stop();
    expect(t.clock.sleeps[0]).toBe(45_000);
  });

  it('never retries sooner than the Retry-After, even with a short interval', async () => {
    const throttled = new GraphError({ status: 429, message: 'Too Many Requests', retryAfterMs: 5_000 });
    const t = await failingLoop(throttled, 1, { intervalMs: 10 });
    await t.poller.stop();
    expect(t.clock.sleeps[0]).toBe(5_000);
  });

  it('backs off exponentially with jitter when Graph gives no Retry-After', async () => {
    const t = await failingLoop(new GraphError({ status: 503, message: 'Service Unavailable' }));
    await t.poller.stop();
    // First failure: interval × 2, jittered by ±25 %.
    expect(t.clock.sleeps[0]).toBeGreaterThanOrEqual(90_000);
    expect(t.clock.sleeps[0]).toBeLessThanOrEqual(150_000);
  });

  it('never waits longer than maxBackoffMs', async () => {
    const t = await failingLoop(
      new GraphError({ status: 429, message: 'slow down', retryAfterMs: 3 * HOUR }),
      1,
      {
        maxBackoffMs: 120_000,
      },
    );
    await t.poller.stop();
    expect(t.clock.sleeps[0]).toBe(120_000);
  });

  it('waits the poll interval after a successful cycle', async () => {
    const clock = new HeldClock(BASE_MS + HOUR);
    const t = setup({ clock });
    t.poller.start();
    await settle(() => clock.sleeps.length === 1, 'the first sleep');
    await t.poller.stop();
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('starts its first cycle no sooner than notBefore when told (a tenant handed over keeps its interval)', async () => {
    const clock = new HeldClock(BASE_MS + HOUR);
    const t = setup({ clock });
    t.poller.start({ notBefore: BASE_MS + HOUR + 45_000 });
    await settle(() => clock.sleeps.length === 1, 'the wait before the first cycle');
    expect(t.poller.status()).toMatchObject({ cycles: 0, nextCycleAt: iso(BASE_MS + HOUR + 45_000) });
    expect(t.source.sinces).toEqual([]);
    await t.poller.stop();
    expect(clock.sleeps).toEqual([45_000]);
    expect(t.poller.status().cycles).toBe(0);
  });
});

describe('Poller status', () => {
  it('is empty before the first cycle', () => {
    const t = setup();
    expect(t.poller.status()).toMatchObject({
      running: false,
      lastCycleStartedAt: null,
      lastCycleCompletedAt: null,
      lastCycleAlerts: 0,
      lastCycleDurationMs: 0,
      lastError: null,
      watermark: null,
      cycles: 0,
    });
  });

  it('reports the last cycle: times, alert count, duration, watermark, tracked alerts', async () => {
    const t = setup();
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    const started = iso(t.clock.now());
    await t.poller.runCycle();
    expect(t.poller.status()).toMatchObject({
      lastCycleStartedAt: started,
      lastCycleCompletedAt: started,
      lastCycleAlerts: 2,
      lastCycleChanges: 1,
      lastCyclePages: 1,
      lastCycleDurationMs: 0,
      lastError: null,
      consecutiveFailures: 0,
      cycles: 1,
      watermark: dlp.lastUpdateDateTime,
      trackedAlerts: 2,
    });
  });

  it('tells when its last list request was over: the end of the listing, not of the last batch', async () => {
    const clock = new FakeClock(BASE_MS + HOUR);
    // A busy store: each batch takes 8 s (written after the listing's promises settled), the listing 0.5 s.
    const store = new (class extends FlakyStore {
      override async batch(ops: Parameters<FlakyStore['batch']>[0]): Promise<void> {
        await new Promise((resolve) => setImmediate(resolve));
        clock.advance(8000);
        return super.batch(ops);
      }
    })();
    const t = setup({ clock, store });
    expect(t.poller.lastListedAt()).toBeUndefined();
    t.source.duringListing = () => clock.advance(500);
    const { defender, dlp } = correlatedPair();
    t.source.put(defender, dlp);
    const started = clock.now();
    await t.poller.runCycle();
    expect(t.poller.lastListedAt()).toBe(started + 500);
    expect(t.poller.status().lastCycleCompletedAt).toBe(iso(started + 8500));
    // A failed listing is over when it failed.
    t.source.failures.push(new GraphError({ status: 503, message: 'Service unavailable' }));
    clock.advance(60_000);
    await expect(t.poller.runCycle()).rejects.toThrow('Service unavailable');
    expect(t.poller.lastListedAt()).toBe(started + 8500 + 60_000 + 500);
  });

  it('reports a failure in lastError and clears it on the next success', async () => {
    const clock = new HeldClock(BASE_MS + HOUR);
    const t = setup({ clock });
    t.source.failures.push(new GraphError({ status: 403, message: 'Missing role SecurityAlert.Read.All' }));
    t.poller.start();
    await settle(() => clock.sleeps.length === 1, 'the back-off');
    expect(t.poller.status()).toMatchObject({
      running: true,
      lastError: 'Missing role SecurityAlert.Read.All',
      consecutiveFailures: 1,
      lastCycleCompletedAt: null,
    });
    expect(t.poller.status().nextCycleAt).not.toBeNull();
    await t.poller.stop();
    expect(t.poller.status().running).toBe(false);
    await t.poller.runCycle();
    expect(t.poller.status()).toMatchObject({ lastError: null, consecutiveFailures: 0 });
  });
});
