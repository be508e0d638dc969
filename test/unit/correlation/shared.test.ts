import {
  correlate,
  correlateBatch,
  createCorrelationState,
  sharedIdentities,
  type CorrelationMatch,
} from '../../../src/correlation';
import { nestedLoopCorrelate } from '../../helpers/nestedLoop';
import type { SecurityAlert } from '../../../src/model';
import { BASE_MS, iso, mailboxEvidence, makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';

const MIN = 60_000;
const W = 30 * MIN;
const MAX = 3;
const SHARED = 'helpdesk@contoso.com';

function at(min: number): Partial<SecurityAlert> {
  const t = iso(BASE_MS + min * MIN);
  return { firstActivityDateTime: t, lastActivityDateTime: t, createdDateTime: t, lastUpdateDateTime: t };
}

/** `n` DLP alerts on the shared mailbox (each with a sender of its own), minutes apart. */
function sharedMailboxNoise(n: number, fromMin: number): SecurityAlert[] {
  return Array.from({ length: n }, (_, i) =>
    makeDlpAlert({
      ...at(fromMin + i),
      id: `noise-${fromMin}-${i}`,
      evidence: [mailboxEvidence({ primaryAddress: SHARED }), userEvidence({ upn: `u${i}@contoso.com` })],
    }),
  );
}

/** Every path's matches for the same alerts. */
function allPaths(defender: SecurityAlert[], dlp: SecurityAlert[]): CorrelationMatch[][] {
  const opts = { windowMs: W, maxAlertsPerIdentity: MAX };
  const reduced = correlate(createCorrelationState(), [...defender, ...dlp], BASE_MS, opts).changes.flatMap(
    (c) => (c.type === 'correlated' ? c.newMatches : []),
  );
  return [correlateBatch(defender, dlp, W, MAX), nestedLoopCorrelate(defender, dlp, W, MAX), reduced];
}

describe('shared identities (more than maxAlertsPerIdentity alerts in one window)', () => {
  const def = makeAlert({ ...at(0), id: 'def', evidence: [mailboxEvidence({ primaryAddress: SHARED })] });

  it('are never the only reason for a match', () => {
    const dlp = [
      makeDlpAlert({ ...at(5), id: 'dlp', evidence: [mailboxEvidence({ primaryAddress: SHARED })] }),
    ];
    for (const matches of allPaths([def], [...dlp, ...sharedMailboxNoise(3, 1)])) expect(matches).toEqual([]);
  });

  it('still link when the same identity names few alerts in the window (the noise is hours away)', () => {
    const dlp = [
      makeDlpAlert({ ...at(5), id: 'dlp', evidence: [mailboxEvidence({ primaryAddress: SHARED })] }),
    ];
    for (const matches of allPaths([def], [...dlp, ...sharedMailboxNoise(3, 300)])) {
      expect(matches.map((m) => [m.dlpAlertId, m.identity?.shared])).toEqual([['dlp', undefined]]);
    }
  });

  it('give way to an unshared identity the two alerts also share', () => {
    const both = [mailboxEvidence({ primaryAddress: SHARED }), userEvidence({ upn: 'Alice@Contoso.com' })];
    const d = makeAlert({ ...at(0), id: 'def', evidence: both });
    const l = makeDlpAlert({ ...at(5), id: 'dlp', evidence: both });
    for (const matches of allPaths([d], [l, ...sharedMailboxNoise(5, 1)])) {
      expect(matches.map((m) => [m.dlpAlertId, m.identity?.key, m.identity?.shared])).toEqual([
        ['dlp', 'email:alice@contoso.com', undefined],
      ]);
    }
  });

  it('are shown as weak evidence on a match that stands on its incident', () => {
    const d = makeAlert({ ...def, incidentId: 'inc-1' });
    const l = makeDlpAlert({
      ...at(5),
      id: 'dlp',
      incidentId: 'inc-1',
      evidence: [mailboxEvidence({ primaryAddress: SHARED })],
    });
    for (const matches of allPaths([d], [l, ...sharedMailboxNoise(3, 1)])) {
      expect(matches.map((m) => [m.via, m.identity?.display, m.identity?.shared])).toEqual([
        ['incident', SHARED, true],
      ]);
    }
  });

  it('are listed with the most alerts they name in one window', () => {
    const state = createCorrelationState();
    correlate(state, [def, ...sharedMailboxNoise(4, 1), ...sharedMailboxNoise(2, 500)], BASE_MS, {
      windowMs: W,
      maxAlertsPerIdentity: MAX,
    });
    expect(sharedIdentities(state, W, MAX)).toEqual([{ key: `email:${SHARED}`, display: SHARED, alerts: 5 }]);
    expect(sharedIdentities(state, W, 10)).toEqual([]);
  });

  it('refuses a limit that is no whole number >= 1', () => {
    expect(() => correlateBatch([], [], W, 0)).toThrow(/maxAlertsPerIdentity/);
    expect(() =>
      correlate(createCorrelationState(), [], BASE_MS, { windowMs: W, maxAlertsPerIdentity: 1.5 }),
    ).toThrow(/maxAlertsPerIdentity/);
  });
});
