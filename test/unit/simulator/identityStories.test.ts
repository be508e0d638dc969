import { correlateBatch } from '../../../src/correlation';
import { isDlpAlert, type SecurityAlert } from '../../../src/model';
import { generateAlerts, LiveFeed } from '../../../simulator/scenario';
import { AlertStore } from '../../../simulator/state';
import { LateEvidence } from '../../../simulator/state/lateEvidence';
import { makeAlert, userEvidence } from '../../helpers/builders';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const W = 30 * 60_000;
const pairKey = (m: { defenderAlertId: string; dlpAlertId: string }): string =>
  `${m.defenderAlertId}|${m.dlpAlertId}`;

/** The demo as first served: held evidence taken off (what the simulator does at load). */
function firstServed(
  alerts: SecurityAlert[],
  late: Array<{ alertId: string; held: number }>,
): SecurityAlert[] {
  const held = new Map(late.map((l) => [l.alertId, l.held]));
  return alerts.map((a) => ({
    ...a,
    evidence: a.evidence.slice(0, a.evidence.length - (held.get(a.id) ?? 0)),
  }));
}

describe.each([42, 1, 7, 2026])('the demo’s identity stories (seed %d)', (seed) => {
  const demo = generateAlerts('demo', seed, NOW);
  const defender = demo.alerts.filter((a) => !isDlpAlert(a));
  const dlp = demo.alerts.filter(isDlpAlert);

  it('correlate exactly as planted once all evidence is in: every match, no decoy', () => {
    const found = new Set(correlateBatch(defender, dlp, W).map(pairKey));
    for (const m of demo.truth.matches) expect(found).toContain(pairKey(m));
    expect(demo.truth.decoys).toHaveLength(1);
    for (const d of demo.truth.decoys ?? []) expect(found).not.toContain(pairKey(d));
  });

  it('hold back the late alert’s identities, so it correlates only after its evidence arrives', () => {
    expect(demo.lateEvidence).toHaveLength(1);
    const spec = demo.lateEvidence?.[0] as { alertId: string; held: number };
    const served = firstServed(demo.alerts, demo.lateEvidence ?? []);
    const before = correlateBatch(
      served.filter((a) => !isDlpAlert(a)),
      served.filter(isDlpAlert),
      W,
    );
    expect(before.map((m) => m.defenderAlertId)).not.toContain(spec.alertId);
    const after = correlateBatch(defender, dlp, W);
    expect(after.map((m) => m.defenderAlertId)).toContain(spec.alertId);
  });

  it('give the decoy pair SYSTEM processes, DWM-1 and a machine account, and nothing else in common', () => {
    const decoy = demo.truth.decoys?.[0] as { defenderAlertId: string; dlpAlertId: string };
    for (const id of [decoy.defenderAlertId, decoy.dlpAlertId]) {
      const text = JSON.stringify(demo.alerts.find((a) => a.id === id)?.evidence);
      expect(text).toContain('"userSid":"S-1-5-18"');
      expect(text).toContain('CONTOSO-FS01$');
      expect(text).toContain('DWM-1');
    }
  });
});

describe('late evidence in the simulator', () => {
  it('appends held evidence at the first release after a listing, moving lastUpdateDateTime', () => {
    let clock = NOW;
    const store = new AlertStore(() => clock);
    const alert = makeAlert({
      id: 'a1',
      lastUpdateDateTime: new Date(NOW - 60_000).toISOString(),
      evidence: [],
    });
    store.add(alert);
    const late = new LateEvidence();
    late.hold('a1', [userEvidence({ upn: 'alice@contoso.com' })]);
    expect(late.release(store)).toBe(0);
    late.noteListed(['a1']);
    clock += 1000;
    expect(late.release(store)).toBe(1);
    const now = store.get('a1') as SecurityAlert;
    expect(now.evidence).toHaveLength(1);
    expect(Date.parse(now.lastUpdateDateTime)).toBeGreaterThan(Date.parse(alert.lastUpdateDateTime));
    expect(late.size).toBe(0);
  });

  it('the live feed lists some Defender alerts before their identities, and plants SYSTEM decoys', () => {
    const demo = generateAlerts('live', 42, NOW);
    const feed = new LiveFeed(42, demo.directory, NOW);
    let current = [...demo.alerts];
    let held = 0;
    let system = 0;
    for (let i = 0; i < 60; i++) {
      const c = feed.step(NOW + i * 5000, current);
      held += c.lateEvidence?.length ?? 0;
      system += c.added.filter((a) => JSON.stringify(a.evidence).includes('CONTOSO-FS01$')).length;
      current = [...c.added, ...current];
    }
    expect(held).toBeGreaterThan(0);
    expect(system).toBeGreaterThan(0);
  });
});
