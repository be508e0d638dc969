/**
 * Where the poller keeps tracked alerts: a row per correlated alert, the others in one segment per page
 * (src/records/segments.ts). What matters is what a restart reads back: every tracked alert, once, in its
 * latest version, whatever the poller rewrote, deleted or was interrupted doing.
 */
import { FakeClock } from '../../helpers/clocks';
import { silentLogger } from '../../../src/log';
import { Poller, type PollerOptions } from '../../../src/poller';
import { TrackedWriter } from '../../../src/poller/trackedWriter';
import { alertKey, mergeTracked, SEGMENT_PREFIX, segmentKey, type SegmentRecord } from '../../../src/records';
import { correlate, createCorrelationState, type TrackedAlert } from '../../../src/correlation';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { FlakyStore, RecordingSink, ScriptedSource } from './fakes';

const HOUR = 3600_000;
const OPTIONS: PollerOptions = {
  intervalMs: 60_000,
  initialLookbackMs: 24 * HOUR,
  windowMs: 30 * 60_000,
  retentionMs: 7 * 24 * HOUR,
};

function setup(store = new FlakyStore(), clock = new FakeClock(BASE_MS + HOUR)) {
  const source = new ScriptedSource();
  const sink = new RecordingSink();
  const poller = new Poller({ source, store, sink, clock, logger: silentLogger() }, OPTIONS);
  return { clock, store, source, sink, poller };
}

const user = (n: number) => userEvidence({ upn: `user${n}@contoso.com` });
const defenderOf = (n: number, at = BASE_MS, over = {}) =>
  makeAlert({ evidence: [user(n)], ...timesAt(at), ...over });
const dlpOf = (n: number, at = BASE_MS + 4 * 60_000, over = {}) =>
  makeDlpAlert({ evidence: [userEvidence({ upn: `user${n}@contoso.com`, roles: ['policyViolator'] })], ...timesAt(at), ...over }); // prettier-ignore

async function segmentsOf(store: FlakyStore): Promise<Array<{ key: string; ids: string[] }>> {
  return (await store.list<SegmentRecord<TrackedAlert>>(SEGMENT_PREFIX)).map((s) => ({
    key: s.key,
    ids: s.value.alerts.map((a) => a.id).sort(),
  }));
}

describe('the poller’s tracked alerts: rows and segments', () => {
  it('writes a row per correlated alert and one segment for the page’s other alerts', async () => {
    const t = setup();
    const [d1, p1, other, lone] = [defenderOf(1), dlpOf(1), defenderOf(2), dlpOf(3)];
    t.source.put(d1, p1, other, lone);
    await t.poller.runCycle();
    expect(await t.store.get(alertKey(d1.id))).toBeDefined();
    expect(await t.store.get(alertKey(p1.id))).toBeDefined();
    expect(await t.store.get(alertKey(other.id))).toBeUndefined();
    expect(await segmentsOf(t.store)).toEqual([{ key: segmentKey(1), ids: [other.id, lone.id].sort() }]);
  });

  it('gives a DLP alert its row when a later page’s Defender alert matches it, and drops its emptied segment', async () => {
    const t = setup();
    const dlp = dlpOf(1);
    t.source.put(dlp);
    await t.poller.runCycle();
    expect(await segmentsOf(t.store)).toEqual([{ key: segmentKey(1), ids: [dlp.id] }]);
    // Only the Defender alert changes now: the DLP alert is not read again.
    t.source.alerts.clear();
    const defender = defenderOf(1, BASE_MS, { lastUpdateDateTime: iso(BASE_MS + 30 * 60_000) });
    t.source.put(defender);
    const { changes } = await t.poller.runCycle();
    expect(changes).toEqual([expect.objectContaining({ type: 'correlated', defenderAlertId: defender.id })]);
    expect((await t.store.get<TrackedAlert>(alertKey(dlp.id)))?.value.id).toBe(dlp.id);
    expect(await segmentsOf(t.store)).toEqual([]);
  });

  it('restores every alert from rows and segments after a restart: a DLP alert of a segment still correlates, once', async () => {
    const t = setup();
    const dlp = dlpOf(1);
    const bystander = defenderOf(2);
    t.source.put(dlp, bystander);
    await t.poller.runCycle();
    const restarted = setup(t.store, t.clock);
    const defender = defenderOf(1, BASE_MS, { lastUpdateDateTime: iso(BASE_MS + 30 * 60_000) });
    restarted.source.put(defender);
    const first = await restarted.poller.runCycle();
    expect(first.changes).toEqual([
      expect.objectContaining({ type: 'correlated', defenderAlertId: defender.id, first: true }),
    ]);
    expect(restarted.poller.status().trackedAlerts).toBe(3);
    const again = setup(t.store, t.clock);
    again.source.put(dlp, bystander, defender);
    expect((await again.poller.runCycle()).changes).toEqual([]);
  });

  it('moves an alert written again out of its old segment, and deletes a segment nothing lives in', async () => {
    const t = setup();
    const [a, b] = [defenderOf(1), defenderOf(2)];
    t.source.put(a, b);
    await t.poller.runCycle();
    t.source.alerts.clear();
    const a2 = { ...a, lastUpdateDateTime: iso(BASE_MS + 20 * 60_000), title: 'a, again' };
    t.source.put(a2);
    await t.poller.runCycle();
    expect(await segmentsOf(t.store)).toEqual([
      { key: segmentKey(1), ids: [a.id, b.id].sort() },
      { key: segmentKey(2), ids: [a.id] },
    ]);
    t.source.put({ ...b, lastUpdateDateTime: iso(BASE_MS + 30 * 60_000) });
    await t.poller.runCycle();
    // b moved on; a, unchanged since, stays where it was: segment 1 lives no more.
    expect(await segmentsOf(t.store)).toEqual([
      { key: segmentKey(2), ids: [a.id] },
      { key: segmentKey(3), ids: [b.id] },
    ]);
    // What a restart reads: the latest version of each.
    const stored = mergeTracked<TrackedAlert>(
      await t.store.list(alertKey('')),
      await t.store.list(SEGMENT_PREFIX),
    );
    expect(stored.find((s) => s.alert.id === a.id)?.alert.title).toBe('a, again');
  });

  it('deletes what eviction drops: the row of a correlated alert, the segment of the others', async () => {
    const t = setup();
    const [d1, p1, other] = [defenderOf(1), dlpOf(1), defenderOf(2)];
    t.source.put(d1, p1, other);
    await t.poller.runCycle();
    t.source.alerts.clear();
    t.clock.advance(8 * 24 * HOUR);
    await t.poller.runCycle();
    expect(t.poller.status().trackedAlerts).toBe(0);
    expect(await t.store.list(alertKey(''))).toEqual([]);
    expect(await segmentsOf(t.store)).toEqual([]);
  });

  it('deletes, with the next batch, a segment read back whose alerts all live elsewhere', async () => {
    const t = setup();
    const a = defenderOf(1);
    t.source.put(a);
    await t.poller.runCycle();
    // As a crash between a rewrite and its deletion leaves it: the alert is in segment 1 and in 7.
    const copy = (await t.store.get<SegmentRecord<TrackedAlert>>(segmentKey(1)))!.value;
    await t.store.put(segmentKey(7), copy);
    const restarted = setup(t.store, t.clock);
    restarted.source.put(defenderOf(2));
    await restarted.poller.runCycle();
    const keys = (await segmentsOf(t.store)).map((s) => s.key);
    expect(keys).toEqual([segmentKey(7), segmentKey(8)]);
    expect(restarted.poller.status().trackedAlerts).toBe(2);
  });
});

describe('TrackedWriter', () => {
  /** A state tracking `n` uncorrelated Defender alerts (one user each). */
  function tracked(n: number) {
    const state = createCorrelationState();
    const alerts = Array.from({ length: n }, (_, i) => defenderOf(100 + i));
    correlate(state, alerts, BASE_MS + HOUR, OPTIONS);
    return { state, ids: alerts.map((a) => a.id) };
  }

  it('writes new records before any deletion, so a store without transactions never loses an alert', () => {
    const { state, ids } = tracked(4);
    const w = new TrackedWriter({ slack: 0 });
    w.reset([], []);
    w.pageOps(state, ids.slice(0, 2), []);
    const ops = w.pageOps(state, ids.slice(0, 2), []);
    const kinds = ops.map((o) => `${o.op} ${o.key}`);
    expect(kinds).toEqual([`put ${segmentKey(2)}`, `delete ${segmentKey(1)}`]);
  });

  it('rewrites the sparsest segment once the dead entries outnumber the living ones, and only then', () => {
    const { state, ids } = tracked(10);
    const w = new TrackedWriter({ slack: 0 });
    w.reset([], []);
    w.pageOps(state, ids, []); // segment 1: ten alerts
    w.pageOps(state, ids.slice(0, 9), []); // segment 2: nine of them; one still lives in segment 1
    // 19 entries for 10 living alerts: not yet twice as many.
    expect(w.layout()).toEqual({ rows: 0, segmented: 10, segments: 2, entries: 19 });
    const ops = w.pageOps(state, ids.slice(0, 8), []); // segment 3: eight; segment 2 keeps one
    // 27 entries for 10: segment 1 (one living in ten) is rewritten, its last alert moved to segment 4.
    expect(ops.map((o) => `${o.op} ${o.key}`)).toEqual([
      `put ${segmentKey(3)}`,
      `put ${segmentKey(4)}`,
      `delete ${segmentKey(1)}`,
    ]);
    const moved = ops.find((o) => o.op === 'put' && o.key === segmentKey(4));
    expect((moved as { value: SegmentRecord<TrackedAlert> }).value.alerts.map((a) => a.id)).toEqual([ids[9]]);
    expect(w.layout()).toEqual({ rows: 0, segmented: 10, segments: 3, entries: 18 });
  });

  it('leaves the segments alone under the default slack', () => {
    const { state, ids } = tracked(10);
    const w = new TrackedWriter();
    w.reset([], []);
    w.pageOps(state, ids, []);
    for (let round = 0; round < 5; round++) for (const id of ids) w.pageOps(state, [id], []);
    expect(w.layout().entries).toBe(10);
  });
});

describe('mergeTracked', () => {
  const rec = (id: string, v: string) => ({ id, v });

  it('takes a row over any segment, and a later segment over an earlier one, whatever the listing order', () => {
    const merged = mergeTracked<{ id: string; v: string }>(
      [{ value: rec('a', 'row') }],
      [
        { key: segmentKey(3), value: { version: 1, alerts: [rec('a', 'seg3'), rec('b', 'seg3')] } },
        { key: segmentKey(2), value: { version: 1, alerts: [rec('b', 'seg2'), rec('c', 'seg2')] } },
      ],
    );
    expect(merged.map((m) => [m.alert.id, m.alert.v, m.segment])).toEqual([
      ['b', 'seg3', 3],
      ['c', 'seg2', 2],
      ['a', 'row', undefined],
    ]);
  });

  it('skips damaged records and keys that are not segments', () => {
    const merged = mergeTracked(
      [{ value: null }, { value: { id: 7 } }],
      [
        { key: 'segment/x', value: { version: 1, alerts: [rec('a', 'x')] } },
        { key: segmentKey(1), value: { version: 1, alerts: 'nope' } },
        { key: segmentKey(2), value: { version: 1, alerts: [null, rec('b', 'ok')] } },
      ],
    );
    expect(merged.map((m) => m.alert.id)).toEqual(['b']);
  });
});
