import { dryRun, formatDryRun } from '../../../scripts/dryRun';
import { BASE_MS, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';

describe('the correlate dry run', () => {
  it('lists each correlated DLP alert under its Defender alert with the explanation', () => {
    const defender = makeAlert({
      title: 'Suspicious sign-in',
      evidence: [userEvidence({ upn: 'Megan.Bowen@contoso.com' })],
      ...timesAt(BASE_MS),
    });
    const dlp = makeDlpAlert({
      title: 'DLP: payroll.xlsx',
      evidence: [userEvidence({ upn: 'megan.bowen@contoso.com', roles: ['policyViolator'] })],
      ...timesAt(BASE_MS + 6 * 60_000),
    });
    const unrelated = makeDlpAlert({
      evidence: [userEvidence({ upn: 'adele@contoso.com' })],
      ...timesAt(BASE_MS),
    });
    const rows = dryRun([defender, dlp, unrelated], 30 * 60_000);
    expect(rows).toEqual([
      expect.objectContaining({
        defenderAlertId: defender.id,
        dlpAlertId: dlp.id,
        via: 'identity',
        deltaMinutes: 6,
        windowMinutes: 30,
      }),
    ]);
    const text = formatDryRun(rows);
    expect(text).toContain('Suspicious sign-in');
    expect(text).toContain('+6 min');
    expect(text).toContain(
      '1 Defender alert(s) would get a card, with 1 correlated DLP alert(s). Nothing was posted.',
    );
  });

  it('honours the shared-identity limit: a shared identity alone is no match, and is named as weak', () => {
    const shared = userEvidence({ upn: 'helpdesk@contoso.com' });
    const defender = makeAlert({ evidence: [shared], ...timesAt(BASE_MS) });
    const dlp = [1, 2, 3].map((i) => makeDlpAlert({ evidence: [shared], ...timesAt(BASE_MS + i * 60_000) }));
    expect(dryRun([defender, ...dlp], 30 * 60_000, { maxAlertsPerIdentity: 50 })).toHaveLength(3);
    expect(dryRun([defender, ...dlp], 30 * 60_000, { maxAlertsPerIdentity: 2 })).toEqual([]);
    const inIncident = dlp.map((a) => ({ ...a, incidentId: 'inc-7' }));
    const rows = dryRun([{ ...defender, incidentId: 'inc-7' }, ...inIncident], 30 * 60_000, {
      maxAlertsPerIdentity: 2,
    });
    expect(rows.map((r) => r.identity)).toEqual(
      Array(3).fill(
        'same Defender incident (also shares helpdesk@contoso.com: a shared identity, weak evidence)',
      ),
    );
  });

  it('keeps a title with newlines on one line', () => {
    const text = formatDryRun([
      {
        defenderAlertId: 'a',
        defenderTitle: 'x\ny',
        severity: 'high',
        dlpAlertId: 'b',
        dlpTitle: 'p\rq',
        via: 'incident',
        identity: 'same Defender incident',
        deltaMinutes: -3,
        windowMinutes: 30,
      },
    ]);
    expect(text).toContain('x y');
    expect(text).toContain('-3 min');
  });
});
