import { buildShiftReport } from '../../../src/report';
import { audit, defender, dlp, HOUR, MIN, T0 } from './fixtures';

const window = { from: T0, to: T0 + 12 * HOUR, now: T0 + 12 * HOUR };

describe('buildShiftReport', () => {
  it('counts the correlated Defender alerts of the shift by status and severity, known values first', () => {
    const d1 = dlp(T0 + HOUR);
    const d2 = dlp(T0 + 2 * HOUR);
    const alerts = [
      d1,
      d2,
      defender(T0 + HOUR, [d1], 'alice@contoso.com', { severity: 'high', status: 'resolved' }),
      defender(T0 + 2 * HOUR, [d2], 'bob@contoso.com', { severity: 'high', status: 'inProgress' }),
      defender(T0 + 3 * HOUR, [d2], 'bob@contoso.com', { severity: 'someFutureSeverity' }),
      defender(T0 + 4 * HOUR, [d1], 'alice@contoso.com', { severity: 'low' }),
    ];
    const r = buildShiftReport({ ...window, alerts, audit: [] });
    expect(r.total).toBe(4);
    expect(r.byStatus).toEqual([
      { label: 'new', count: 2 },
      { label: 'inProgress', count: 1 },
      { label: 'resolved', count: 1 },
    ]);
    expect(r.bySeverity).toEqual([
      { label: 'high', count: 2 },
      { label: 'low', count: 1 },
      { label: 'someFutureSeverity', count: 1 },
    ]);
  });

  it('leaves out uncorrelated alerts, DLP alerts and alerts outside the window', () => {
    const d = dlp(T0 + HOUR);
    const alerts = [
      d,
      defender(T0 + HOUR, []), // not correlated
      defender(T0 - 3 * HOUR, [d]), // before the shift
      defender(T0 + 13 * HOUR, [d]), // after it
      defender(T0 + 5 * HOUR, [d]),
    ];
    expect(buildShiftReport({ ...window, alerts, audit: [] }).total).toBe(1);
  });

  it('keeps an older alert whose activity reaches into the shift', () => {
    const d = dlp(T0);
    const a = defender(T0 - 2 * HOUR, [d], 'alice@contoso.com', { end: T0 + HOUR });
    expect(buildShiftReport({ ...window, alerts: [d, a], audit: [] }).total).toBe(1);
  });

  it('applies the audience predicate (the hook a sensitive route plugs into)', () => {
    const d = dlp(T0);
    const secret = defender(T0 + HOUR, [d], 'ceo@contoso.com', { title: 'Board deck leaked' });
    const plain = defender(T0 + HOUR, [d]);
    const r = buildShiftReport({
      ...window,
      alerts: [d, secret, plain],
      audit: [audit(T0 + 2 * HOUR, 'alert.setStatus', secret.id, { detail: 'status=inProgress' })],
      include: (a) => a.id !== secret.id,
    });
    expect(r.total).toBe(1);
    expect(r.topUsers).toEqual([{ label: 'alice@contoso.com', count: 1 }]);
    expect(r.firstAction.count).toBe(0);
  });

  it('times the first action from the audit log when the bot acted first', () => {
    const d = dlp(T0);
    const a = defender(T0 + HOUR, [d], 'alice@contoso.com', {
      status: 'inProgress',
      lastUpdateDateTime: new Date(T0 + HOUR + 40 * MIN).toISOString(),
    });
    const r = buildShiftReport({
      ...window,
      alerts: [d, a],
      audit: [
        audit(T0 + HOUR + 30 * MIN, 'alert.refresh', a.id), // reading is not acting
        audit(T0 + HOUR + 20 * MIN, 'alert.assignToMe', a.id, { result: 'refused' }), // refused is not acting
        audit(T0 + HOUR + 35 * MIN, 'alert.setStatus', a.id, { detail: 'status=inProgress' }),
      ],
    });
    expect(r.firstAction).toMatchObject({ count: 1, medianMs: 35 * MIN, viaBot: 1, viaGraph: 0, waiting: 0 });
  });

  it('credits the bot when Graph shows its change a moment before our audit line (written after Graph answered)', () => {
    const d = dlp(T0);
    const a = defender(T0 + HOUR, [d], 'alice@contoso.com', {
      assignedTo: 'riley@contoso.com',
      lastUpdateDateTime: iso(T0 + HOUR + 10 * MIN),
    });
    const r = buildShiftReport({
      ...window,
      alerts: [d, a],
      audit: [audit(T0 + HOUR + 10 * MIN + 800, 'alert.assignToMe', a.id)],
    });
    expect(r.firstAction).toMatchObject({ medianMs: 10 * MIN, viaBot: 1, viaGraph: 0 });
  });

  it('counts an action taken in the Defender portal, seen only through Graph, dated by the last update', () => {
    const d = dlp(T0);
    const a = defender(T0 + HOUR, [d], 'alice@contoso.com', {
      assignedTo: 'sam@contoso.com',
      lastUpdateDateTime: new Date(T0 + HOUR + 50 * MIN).toISOString(),
    });
    const r = buildShiftReport({ ...window, alerts: [d, a], audit: [] });
    expect(r.firstAction).toMatchObject({ count: 1, medianMs: 50 * MIN, viaBot: 0, viaGraph: 1 });
    expect(r.analysts).toEqual([{ name: 'sam@contoso.com', botActions: 0, assigned: 1 }]);
  });

  it('dates a single comment by its own time, earlier than the last update', () => {
    const d = dlp(T0);
    const a = defender(T0 + HOUR, [d], 'alice@contoso.com', {
      commentCount: 1,
      lastComment: {
        comment: 'looking',
        createdByDisplayName: 'Sam',
        createdDateTime: iso(T0 + HOUR + 5 * MIN),
      },
      lastUpdateDateTime: iso(T0 + 3 * HOUR),
    });
    expect(buildShiftReport({ ...window, alerts: [d, a], audit: [] }).firstAction.medianMs).toBe(5 * MIN);
  });

  it('counts alerts nobody touched as waiting', () => {
    const d = dlp(T0);
    const r = buildShiftReport({
      ...window,
      alerts: [d, defender(T0 + HOUR, [d]), defender(T0 + HOUR, [d])],
      audit: [],
    });
    expect(r.firstAction).toMatchObject({ count: 0, medianMs: null, waiting: 2 });
    expect(r.resolution).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });

  it('times resolution by the bot’s own resolve action, else by the last update', () => {
    const d = dlp(T0);
    const byBot = defender(T0, [d], 'alice@contoso.com', {
      status: 'resolved',
      lastUpdateDateTime: iso(T0 + 5 * HOUR),
    });
    const inPortal = defender(T0, [d], 'alice@contoso.com', {
      status: 'resolved',
      lastUpdateDateTime: iso(T0 + 3 * HOUR),
    });
    const r = buildShiftReport({
      ...window,
      alerts: [d, byBot, inPortal],
      audit: [audit(T0 + HOUR, 'alert.setStatus', byBot.id, { detail: 'status=resolved' })],
    });
    expect(r.resolution).toEqual({ count: 2, medianMs: HOUR, p90Ms: 3 * HOUR });
  });

  it('ranks users by correlated alerts and policies by DLP alert titles, saying titles stand in', () => {
    const d1 = dlp(T0, { title: 'DLP policy match: PCI' });
    const d2 = dlp(T0, { title: 'DLP policy match: pci' });
    const d3 = dlp(T0, { title: 'DLP policy match: HR records' });
    const alerts = [
      d1,
      d2,
      d3,
      defender(T0 + HOUR, [d1], 'bob@contoso.com'),
      defender(T0 + HOUR, [d2], 'bob@contoso.com'),
      defender(T0 + HOUR, [d3, d1], 'alice@contoso.com'),
    ];
    const r = buildShiftReport({ ...window, alerts, audit: [] });
    expect(r.topUsers).toEqual([
      { label: 'bob@contoso.com', count: 2 },
      { label: 'alice@contoso.com', count: 1 },
    ]);
    expect(r.policySource).toBe('dlpTitle');
    expect(r.topPolicies).toEqual([
      { label: 'DLP policy match: PCI', count: 2 },
      { label: 'DLP policy match: HR records', count: 1 },
    ]);
  });

  it('names a user matched by Entra object id with the UPN the DLP alert gives its violator', () => {
    const d = dlp(T0, {
      identities: [
        { kind: 'upn', key: 'email:emily@contoso.com', display: 'Emily@contoso.com', violator: true },
      ],
    });
    const a = defender(T0 + HOUR, [d]);
    a.matches = a.matches!.map((m) => ({
      ...m,
      identity: { kind: 'aadUserId', key: 'aad:be35e326', display: 'be35e326-8dad-4298-b108-7e099b9dc915' },
    }));
    expect(buildShiftReport({ ...window, alerts: [d, a], audit: [] }).topUsers).toEqual([
      { label: 'Emily@contoso.com', count: 1 },
    ]);
  });

  it('uses policy names from advanced hunting when the product has them', () => {
    const d = dlp(T0);
    const r = buildShiftReport({
      ...window,
      alerts: [d, defender(T0 + HOUR, [d])],
      audit: [],
      policyOf: () => 'U.S. Financial Data',
    });
    expect(r.policySource).toBe('hunting');
    expect(r.topPolicies).toEqual([{ label: 'U.S. Financial Data', count: 1 }]);
  });

  it('lists the analysts who acted in the shift, bot actions and assignments merged by UPN', () => {
    const d = dlp(T0);
    const a = defender(T0 + HOUR, [d], 'alice@contoso.com', { assignedTo: 'riley@contoso.com' });
    const r = buildShiftReport({
      ...window,
      alerts: [d, a],
      audit: [
        audit(T0 + 2 * HOUR, 'alert.assignToMe', a.id),
        audit(T0 + 3 * HOUR, '/comment', a.id),
        audit(T0 + 3 * HOUR, 'alert.comment', a.id, { who: 'Sam Lee' }),
        audit(T0 - HOUR, 'alert.comment', a.id, { who: 'Night Shift' }), // before the shift
      ],
    });
    expect(r.analysts).toEqual([
      { name: 'Riley Chen', botActions: 2, assigned: 1 },
      { name: 'Sam Lee', botActions: 1, assigned: 0 },
    ]);
  });

  it('survives records with missing times and unknown statuses', () => {
    const d = dlp(T0);
    const odd = defender(T0 + HOUR, [d], 'alice@contoso.com', {
      createdDateTime: 'not a date',
      lastUpdateDateTime: '',
      status: 'someFutureStatus',
    });
    const r = buildShiftReport({ ...window, alerts: [d, odd], audit: [] });
    expect(r.total).toBe(1);
    expect(r.byStatus).toEqual([{ label: 'someFutureStatus', count: 1 }]);
  });
});

function iso(t: number): string {
  return new Date(t).toISOString();
}
