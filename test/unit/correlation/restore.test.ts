import {
  correlate,
  createCorrelationState,
  restoreCorrelationState,
  stateSize,
  trackedAlert,
  type CorrelationChange,
  type CorrelationState,
  type TrackedAlert,
} from '../../../src/correlation';
import type { SecurityAlert } from '../../../src/model';
import {
  BASE_MS,
  deviceEvidence,
  iso,
  makeAlert,
  makeDlpAlert,
  timesAt,
  userEvidence,
} from '../../helpers/builders';

const MIN = 60_000;
const OPTS = { windowMs: 30 * MIN, retentionMs: 24 * 60 * MIN };

/** What the poller does: run a cycle, then persist touched records and delete evicted ones. */
function cycle(state: CorrelationState, store: Map<string, string>, alerts: SecurityAlert[], now: number) {
  const result = correlate(state, alerts, now, OPTS);
  for (const id of result.touched) store.set(id, JSON.stringify(trackedAlert(state, id)));
  for (const id of result.evicted) store.delete(id);
  return result;
}

function user(n: number) {
  return userEvidence({ upn: `user${n}@contoso.com`, roles: ['policyViolator'] });
}

describe("the workloads a DLP alert's evidence tells", () => {
  it("are kept on the DLP alert's record (not the Defender alert's) and survive a restart", () => {
    const state = createCorrelationState();
    const store = new Map<string, string>();
    const dlp = makeDlpAlert({
      ...timesAt(BASE_MS),
      evidence: [user(7), deviceEvidence({ mdeDeviceId: 'c'.repeat(40) })],
    });
    const d = makeAlert({
      ...timesAt(BASE_MS),
      evidence: [user(7), deviceEvidence({ mdeDeviceId: 'c'.repeat(40) })],
    });
    cycle(state, store, [dlp, d], BASE_MS + MIN);
    expect(trackedAlert(state, dlp.id)?.workloads).toEqual(['Endpoint']);
    expect(trackedAlert(state, d.id)?.workloads).toBeUndefined();
    const stored = [...store.values()].map((v) => JSON.parse(v) as unknown);
    const restored = restoreCorrelationState(stored);
    expect(trackedAlert(restored, dlp.id)?.workloads).toEqual(['Endpoint']);
    const damaged = stored.map((r) =>
      (r as TrackedAlert).id === dlp.id ? { ...(r as object), workloads: ['Nope', 7] } : r,
    );
    expect(trackedAlert(restoreCorrelationState(damaged), dlp.id)?.workloads).toBeUndefined();
  });
});

describe('restoreCorrelationState', () => {
  it('gives the same future changes and records as a state that never restarted', () => {
    const d1 = makeAlert({ ...timesAt(BASE_MS), evidence: [user(1)] });
    const d2 = makeAlert({
      ...timesAt(BASE_MS + 5 * MIN),
      evidence: [user(2), deviceEvidence({ mdeDeviceId: 'm2' })],
    });
    const before: SecurityAlert[] = [
      d1,
      d2,
      makeDlpAlert({ ...timesAt(BASE_MS + MIN), evidence: [user(1)] }),
    ];
    const after: SecurityAlert[] = [
      makeDlpAlert({ ...timesAt(BASE_MS + 10 * MIN), evidence: [user(1)] }),
      makeDlpAlert({ ...timesAt(BASE_MS + 11 * MIN), evidence: [deviceEvidence({ mdeDeviceId: 'M2' })] }),
      { ...d1, status: 'inProgress', lastUpdateDateTime: iso(BASE_MS + 20 * MIN) },
      { ...d2, lastUpdateDateTime: iso(BASE_MS + 20 * MIN) },
    ];
    const live = createCorrelationState();
    const store = new Map<string, string>();
    cycle(live, store, before, BASE_MS + 2 * MIN);

    const restored = restoreCorrelationState([...store.values()].map((s) => JSON.parse(s) as TrackedAlert));
    expect(stateSize(restored)).toEqual(stateSize(live));
    const changes = (s: CorrelationState): CorrelationChange[] => [
      ...cycle(s, new Map(), after, BASE_MS + 30 * MIN).changes,
      ...cycle(s, new Map(), [], BASE_MS + 3 * 24 * 60 * MIN).changes,
    ];
    const expected = changes(live);
    expect(expected.map((c) => c.type)).toEqual(['correlated', 'correlated', 'alertChanged']);
    expect(changes(restored)).toEqual(expected);
    for (const id of store.keys()) expect(trackedAlert(restored, id)).toEqual(trackedAlert(live, id));
  });

  it('round-trips a record through JSON unchanged', () => {
    const state = createCorrelationState();
    const d = makeAlert({
      ...timesAt(BASE_MS),
      evidence: [user(3)],
      comments: [{ comment: 'x'.repeat(600), createdByDisplayName: 'Ana', createdDateTime: iso(BASE_MS) }],
      alertWebUrl: 'https://example.test/odd-link',
    });
    correlate(state, [d, makeDlpAlert({ ...timesAt(BASE_MS), evidence: [user(3)] })], BASE_MS, OPTS);
    const record = trackedAlert(state, d.id) as TrackedAlert;
    expect(record.lastComment?.comment).toHaveLength(500);
    expect(record.alertWebUrl).toBe('https://example.test/odd-link');
    expect(record.incidentWebUrl).toBe(d.incidentWebUrl);
    expect(record.fingerprint).toBe(`${d.id}|${d.lastUpdateDateTime}`);
    const again = restoreCorrelationState([JSON.parse(JSON.stringify(record))]);
    expect(trackedAlert(again, d.id)).toEqual(record);
  });

  it('skips unusable records, keeps the newest of duplicates, and rejects a non-array', () => {
    const state = createCorrelationState();
    const d = makeAlert({ ...timesAt(BASE_MS), evidence: [user(4)] });
    correlate(state, [d], BASE_MS, OPTS);
    const good = trackedAlert(state, d.id) as TrackedAlert;
    const older = { ...good, status: 'new', lastUpdateDateTime: '2020-01-01T00:00:00Z' };
    const restored = restoreCorrelationState([
      null,
      'x',
      { id: 'no-times' },
      { ...good, id: 'bad-start', start: 'soon' },
      { ...good, id: 'junk-fields', identities: [null, { kind: 'nope', key: 'k', display: 'd' }], title: 5 },
      { ...good, status: 'resolved' },
      older,
    ]);
    expect(stateSize(restored).alerts).toBe(2);
    expect(trackedAlert(restored, d.id)?.status).toBe('resolved');
    expect(trackedAlert(restored, 'junk-fields')).toMatchObject({ identities: [], title: null });
    expect(() => restoreCorrelationState({} as never)).toThrow(/array of records/);
  });
});
