import {
  correlate,
  correlationsOf,
  createCorrelationState,
  dlpAlertsForIdentity,
  stateSize,
  trackedAlert,
  type CorrelationChange,
  type CorrelationState,
} from '../../../src/correlation';
import type { AlertEvidence, SecurityAlert } from '../../../src/model';
import {
  BASE_MS,
  iso,
  makeAlert,
  makeDlpAlert,
  timesAt,
  userEvidence,
  deviceEvidence,
} from '../../helpers/builders';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const OPTS = { windowMs: 30 * MIN, retentionMs: 7 * DAY };

const alice = (): AlertEvidence[] => [userEvidence({ upn: 'alice@contoso.com', roles: ['policyViolator'] })];

function defender(at = BASE_MS, evidence = alice()): SecurityAlert {
  return makeAlert({ ...timesAt(at), evidence });
}

function dlp(at = BASE_MS, evidence = alice()): SecurityAlert {
  return makeDlpAlert({ ...timesAt(at), evidence });
}

/** A newer version of `a` (lastUpdateDateTime moves forward) with some fields changed. */
function bump(a: SecurityAlert, change: Partial<SecurityAlert>, minutes = 10): SecurityAlert {
  return { ...a, ...change, lastUpdateDateTime: iso(Date.parse(a.lastUpdateDateTime) + minutes * MIN) };
}

function run(state: CorrelationState, alerts: SecurityAlert[], now = BASE_MS): CorrelationChange[] {
  return correlate(state, alerts, now, OPTS).changes;
}

describe('correlate (the incremental reducer)', () => {
  it('reports a Defender alert’s first correlation, then a late DLP alert as an addition', () => {
    const state = createCorrelationState();
    const d = defender();
    const early = dlp(BASE_MS - 10 * MIN);
    const [first] = run(state, [d, early]);
    expect(first).toMatchObject({ type: 'correlated', defenderAlertId: d.id, first: true });
    expect(first?.type === 'correlated' && first.newMatches.map((m) => m.dlpAlertId)).toEqual([early.id]);

    const late = dlp(BASE_MS + 20 * MIN);
    const result = correlate(state, [late], BASE_MS + 25 * MIN, OPTS);
    expect(result.changes).toHaveLength(1);
    const change = result.changes[0];
    expect(change).toMatchObject({ type: 'correlated', defenderAlertId: d.id, first: false });
    if (change?.type !== 'correlated') throw new Error('expected a correlated change');
    expect(change.newMatches.map((m) => m.dlpAlertId)).toEqual([late.id]);
    expect(change.matches.map((m) => m.dlpAlertId)).toEqual([early.id, late.id]);
    expect(result.touched.sort()).toEqual([d.id, late.id].sort());
    expect(correlationsOf(state, d.id).map((m) => m.dlpAlertId)).toEqual([early.id, late.id]);
    expect(trackedAlert(state, d.id)?.correlatedDlpIds).toEqual([early.id, late.id]);
  });

  it('reports nothing, and touches nothing, when the same alert versions are read again', () => {
    const state = createCorrelationState();
    const alerts = [defender(), dlp()];
    expect(run(state, alerts)).toHaveLength(1);
    const again = correlate(
      state,
      alerts.map((a) => ({ ...a })),
      BASE_MS,
      OPTS,
    );
    expect(again.changes).toEqual([]);
    expect(again.touched).toEqual([]);
  });

  it('ignores an older version of an alert read after a newer one (a stale page)', () => {
    const state = createCorrelationState();
    const d = defender();
    const newer = bump(d, { status: 'inProgress' });
    run(state, [newer, dlp()]);
    expect(run(state, [d])).toEqual([]);
    expect(trackedAlert(state, d.id)?.status).toBe('inProgress');
  });

  it('keeps the newest version when one call carries an alert twice', () => {
    const state = createCorrelationState();
    const d = defender();
    run(state, [bump(d, { status: 'resolved' }, 20), bump(d, { status: 'inProgress' }, 10)]);
    expect(trackedAlert(state, d.id)?.status).toBe('resolved');
  });

  it('reports alertChanged with the changed fields of a correlated Defender alert', () => {
    const state = createCorrelationState();
    const d = defender();
    run(state, [d, dlp()]);
    const changed = bump(d, {
      status: 'inProgress',
      assignedTo: 'analyst@contoso.com',
      classification: 'truePositive',
      determination: 'malware',
      severity: 'high',
      title: 'Renamed',
      comments: [{ comment: 'Looking', createdByDisplayName: 'Ana', createdDateTime: iso(BASE_MS) }],
    });
    expect(run(state, [changed])).toEqual([
      {
        type: 'alertChanged',
        alertId: d.id,
        fields: ['status', 'assignedTo', 'classification', 'determination', 'comments', 'severity', 'title'],
      },
    ]);
    expect(trackedAlert(state, d.id)).toMatchObject({
      commentCount: 1,
      lastComment: { comment: 'Looking', createdByDisplayName: 'Ana' },
    });
  });

  it('reports no alertChanged for a Defender alert without correlations', () => {
    const state = createCorrelationState();
    const d = defender();
    run(state, [d]);
    const result = correlate(state, [bump(d, { status: 'resolved' })], BASE_MS, OPTS);
    expect(result.changes).toEqual([]);
    expect(result.touched).toEqual([d.id]);
  });

  it('reports a correlated DLP alert’s displayed change on each of its Defender alerts', () => {
    const state = createCorrelationState();
    const [d1, d2, l] = [defender(), defender(BASE_MS + 5 * MIN), dlp()];
    run(state, [d1, d2, l]);
    expect(run(state, [bump(l, { status: 'resolved' })])).toEqual(
      [d1.id, d2.id]
        .sort()
        .map((alertId) => ({ type: 'alertChanged', alertId, fields: ['status'], dlpAlertId: l.id })),
    );
    expect(run(state, [bump(l, { status: 'resolved', description: 'reworded' }, 20)])).toEqual([]);
  });

  it('correlates a Defender alert that later gains evidence naming a new identity (first: false)', () => {
    const state = createCorrelationState();
    const device = [deviceEvidence({ deviceDnsName: 'pc-9.contoso.com' })];
    const d = defender(BASE_MS, alice());
    const viaAlice = dlp(BASE_MS, alice());
    const viaDevice = dlp(BASE_MS + MIN, device);
    run(state, [d, viaAlice, viaDevice]);
    const changes = run(state, [bump(d, { evidence: [...alice(), ...device] })]);
    expect(changes[0]).toMatchObject({
      type: 'correlated',
      first: false,
      newMatches: [{ dlpAlertId: viaDevice.id }],
    });
    expect(changes[1]).toEqual({ type: 'alertChanged', alertId: d.id, fields: ['evidence'] });
  });

  it('evicts alerts whose activity ended before now − window − retention, and never reports them again', () => {
    const state = createCorrelationState();
    const d = defender();
    const l = dlp();
    run(state, [d, l]);
    const justInside = BASE_MS + OPTS.windowMs + OPTS.retentionMs;
    expect(correlate(state, [], justInside, OPTS).evicted).toEqual([]);
    const result = correlate(state, [], justInside + 1, OPTS);
    expect(result.evicted.sort()).toEqual([d.id, l.id].sort());
    expect(stateSize(state)).toEqual({ alerts: 0, defender: 0, dlp: 0 });
    expect(trackedAlert(state, d.id)).toBeUndefined();
    // Re-read after eviction (e.g. a late status change): too old to track, so no second card.
    const reread = correlate(state, [bump(d, { status: 'resolved' }), l], justInside + 2, OPTS);
    expect(reread).toMatchObject({ changes: [], touched: [], evicted: [] });
  });

  it('keeps evicting only what is due, and keeps the rest correlatable', () => {
    const state = createCorrelationState();
    const old = defender(BASE_MS - 8 * DAY);
    const recent = defender(BASE_MS);
    run(state, [old, recent], BASE_MS - 2 * DAY);
    expect(stateSize(state).alerts).toBe(2);
    expect(correlate(state, [], BASE_MS, OPTS).evicted).toEqual([old.id]);
    expect(run(state, [dlp(BASE_MS + MIN)])[0]).toMatchObject({ defenderAlertId: recent.id, first: true });
  });

  it('lists the DLP alerts of an identity, most recent first', () => {
    const state = createCorrelationState();
    const [a1, a2] = [dlp(BASE_MS - DAY), dlp(BASE_MS)];
    run(state, [a1, a2, dlp(BASE_MS, [userEvidence({ upn: 'bob@contoso.com' })])]);
    expect(dlpAlertsForIdentity(state, 'Alice@Contoso.com').map((a) => a.id)).toEqual([a2.id, a1.id]);
    expect(dlpAlertsForIdentity(state, 'upn:alice@contoso.com')).toHaveLength(2);
    expect(dlpAlertsForIdentity(state, 'nobody@contoso.com')).toEqual([]);
    expect(stateSize(state)).toEqual({ alerts: 3, defender: 0, dlp: 3 });
  });

  it('keeps unknown enum values and unknown evidence types, harmlessly', () => {
    const state = createCorrelationState();
    const odd = makeAlert({
      ...timesAt(BASE_MS),
      status: 'awaitingTriage',
      severity: 'catastrophic',
      serviceSource: 'microsoftSecurityForAI',
      evidence: [...alice(), { '@odata.type': '#microsoft.graph.security.promptEvidence', prompt: 'x' }],
    });
    const changes = run(state, [odd, dlp()]);
    expect(changes[0]).toMatchObject({ type: 'correlated', defenderAlertId: odd.id });
    expect(trackedAlert(state, odd.id)).toMatchObject({
      status: 'awaitingTriage',
      severity: 'catastrophic',
      serviceSource: 'microsoftSecurityForAI',
      evidenceCount: 2,
    });
  });

  it('places an alert with no parsable timestamp at now', () => {
    const state = createCorrelationState();
    const timeless = {
      ...defender(),
      firstActivityDateTime: null,
      lastActivityDateTime: 'x',
      createdDateTime: 'y',
      lastUpdateDateTime: 'z',
    };
    run(state, [timeless, dlp(BASE_MS + 2 * MIN)], BASE_MS + 2 * MIN);
    expect(trackedAlert(state, timeless.id)).toMatchObject({
      start: BASE_MS + 2 * MIN,
      end: BASE_MS + 2 * MIN,
    });
  });

  it('rejects bad options and a bad now with a clear error, and skips items that are not alerts', () => {
    const state = createCorrelationState();
    expect(() => correlate(state, [], BASE_MS, { windowMs: -5 })).toThrow(/windowMs/);
    expect(() => correlate(state, [], BASE_MS, { windowMs: 1, retentionMs: NaN })).toThrow(/retentionMs/);
    expect(() => correlate(state, [], NaN, OPTS)).toThrow(/now must be/);
    expect(() => correlate(state, 'x' as never, BASE_MS, OPTS)).toThrow(/array/);
    expect(correlate(state, [null, 3, { id: '' }] as never, BASE_MS, OPTS)).toMatchObject({
      changes: [],
      touched: [],
    });
  });
});
