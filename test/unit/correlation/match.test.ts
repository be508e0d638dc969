import {
  correlate,
  correlateBatch,
  createCorrelationState,
  type CorrelationMatch,
} from '../../../src/correlation';
import { nestedLoopCorrelate } from '../../helpers/nestedLoop';
import type { AlertEvidence, SecurityAlert } from '../../../src/model';
import {
  BASE_MS,
  deviceEvidence,
  mailboxEvidence,
  makeAlert,
  makeDlpAlert,
  timesAt,
  userEvidence,
} from '../../helpers/builders';

const MIN = 60_000;
const W = 30 * MIN;
const AAD = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

function defender(evidence: AlertEvidence[], start = BASE_MS, end = start): SecurityAlert {
  return makeAlert({ ...timesAt(start, end), evidence });
}

function dlp(evidence: AlertEvidence[], start = BASE_MS, end = start): SecurityAlert {
  return makeDlpAlert({ ...timesAt(start, end), evidence });
}

/** The matches of every path: the batch, the nested loop and the incremental reducer must agree. */
function allPaths(defs: SecurityAlert[], dlps: SecurityAlert[]): CorrelationMatch[] {
  const batch = correlateBatch(defs, dlps, W);
  expect(nestedLoopCorrelate(defs, dlps, W)).toEqual(batch);
  const { changes } = correlate(createCorrelationState(), [...dlps, ...defs], BASE_MS, { windowMs: W });
  const incremental = changes.flatMap((c) => (c.type === 'correlated' ? c.newMatches : []));
  const order = (m: CorrelationMatch): string => `${m.defenderAlertId}|${m.dlpAlertId}`;
  expect([...incremental].sort((a, b) => order(a).localeCompare(order(b)))).toEqual(
    [...batch].sort((a, b) => order(a).localeCompare(order(b))),
  );
  return batch;
}

describe('matching', () => {
  it('correlates a DLP alert exactly at the window, and not 1 ms past it', () => {
    const d = defender([userEvidence({ upn: 'alice@contoso.com' })], BASE_MS, BASE_MS + 5 * MIN);
    const atEdge = dlp([userEvidence({ upn: 'alice@contoso.com' })], BASE_MS + 5 * MIN + W);
    const past = dlp([userEvidence({ upn: 'alice@contoso.com' })], BASE_MS + 5 * MIN + W + 1);
    const before = dlp([userEvidence({ upn: 'alice@contoso.com' })], BASE_MS - W - 10 * MIN, BASE_MS - W);
    const beforePast = dlp([userEvidence({ upn: 'alice@contoso.com' })], BASE_MS - W - 1);
    const matches = allPaths([d], [atEdge, past, before, beforePast]);
    expect(matches.map((m) => m.dlpAlertId)).toEqual([atEdge.id, before.id]);
    expect(matches[0]).toMatchObject({ gapMs: W, deltaMs: 35 * MIN, windowMs: W, via: 'identity' });
    expect(matches[1]).toMatchObject({ gapMs: W, deltaMs: -W - 10 * MIN });
  });

  it('applies the window edges the same way whichever alert arrives first, in separate cycles', () => {
    for (const dlpFirst of [true, false]) {
      const d = defender([userEvidence({ upn: 'alice@contoso.com' })], BASE_MS, BASE_MS + 5 * MIN);
      const edges = [BASE_MS - W, BASE_MS - W - 1, BASE_MS + 5 * MIN + W, BASE_MS + 5 * MIN + W + 1];
      const dlps = edges.map((t) => dlp([userEvidence({ upn: 'alice@contoso.com' })], t));
      const state = createCorrelationState();
      const first = dlpFirst ? dlps : [d];
      const second = dlpFirst ? [d] : dlps;
      const changes = [first, second].flatMap(
        (batch) => correlate(state, batch, BASE_MS, { windowMs: W }).changes,
      );
      const ids = changes.flatMap((c) =>
        c.type === 'correlated' ? c.newMatches.map((m) => m.dlpAlertId) : [],
      );
      expect(ids.sort()).toEqual([dlps[0]?.id, dlps[2]?.id].sort());
    }
  });

  it('reports overlapping activity as a gap of 0', () => {
    const d = defender([userEvidence({ upn: 'a@contoso.com' })], BASE_MS, BASE_MS + 60 * MIN);
    const l = dlp([userEvidence({ upn: 'a@contoso.com' })], BASE_MS + 10 * MIN, BASE_MS + 90 * MIN);
    expect(allPaths([d], [l])[0]).toMatchObject({ gapMs: 0, deltaMs: 10 * MIN });
  });

  it('matches UPNs whatever their case, and explains with the Defender spelling', () => {
    const d = defender([userEvidence({ upn: 'Alice.Smith@CONTOSO.com', accountName: null })]);
    const l = dlp([userEvidence({ upn: 'alice.smith@contoso.COM', accountName: null })]);
    expect(allPaths([d], [l])[0]?.identity).toEqual({
      kind: 'upn',
      key: 'email:alice.smith@contoso.com',
      display: 'Alice.Smith@CONTOSO.com',
    });
  });

  it('matches on the Entra object id alone', () => {
    const d = defender([userEvidence({ aadId: AAD.toUpperCase() })]);
    const l = dlp([userEvidence({ aadId: AAD, upn: 'someone.else@contoso.com' })]);
    expect(allPaths([d], [l])[0]?.identity).toMatchObject({ kind: 'aadUserId', key: `aad:${AAD}` });
  });

  it('matches on a mailbox address alone, and a UPN against a mailbox address', () => {
    const d = defender([mailboxEvidence({ primaryAddress: 'bob@contoso.com' })]);
    const mailboxOnly = dlp([mailboxEvidence({ primaryAddress: 'BOB@contoso.com' })]);
    const upnOnly = dlp([userEvidence({ upn: 'bob@contoso.com', accountName: null })]);
    const [m1, m2] = allPaths([d], [mailboxOnly, upnOnly]);
    expect(m1?.identity).toEqual({
      kind: 'mailbox',
      key: 'email:bob@contoso.com',
      display: 'bob@contoso.com',
    });
    expect(m2?.identity).toEqual({
      kind: 'mailbox',
      key: 'email:bob@contoso.com',
      display: 'bob@contoso.com',
      dlpKind: 'upn',
    });
  });

  it('matches on mailboxConfigurationEvidence next to evidence kinds that name nobody', () => {
    const config = {
      '@odata.type': '#microsoft.graph.security.mailboxConfigurationEvidence',
      mailboxPrimaryAddress: 'Finance.Shared@Contoso.com',
    } as unknown as AlertEvidence;
    const ip = { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.0.0.1' };
    const d = defender([ip as unknown as AlertEvidence, config]);
    const l = dlp([mailboxEvidence({ primaryAddress: 'finance.shared@contoso.com' })]);
    expect(allPaths([d], [l]).map((m) => m.identity?.key)).toEqual(['email:finance.shared@contoso.com']);
  });

  it('matches on a device alone (MDE id, Entra device id or DNS name)', () => {
    const d = defender([deviceEvidence({ deviceDnsName: 'PC-7.contoso.com', mdeDeviceId: 'MDE7' })]);
    const byName = dlp([deviceEvidence({ deviceDnsName: 'pc-7.contoso.com' })]);
    const byId = dlp([deviceEvidence({ mdeDeviceId: 'mde7' })]);
    const other = dlp([deviceEvidence({ deviceDnsName: 'pc-8.contoso.com' })]);
    const matches = allPaths([d], [byName, byId, other]);
    expect(matches.map((m) => [m.dlpAlertId, m.identity?.kind, m.identity?.key])).toEqual([
      [byName.id, 'device', 'device:pc-7.contoso.com'],
      [byId.id, 'device', 'device:mde7'],
    ]);
  });

  it('makes one match per DLP alert and explains it with the strongest shared identity', () => {
    const shared: AlertEvidence[] = [
      deviceEvidence({
        deviceDnsName: 'pc-1.contoso.com',
        loggedOnUsers: [{ accountName: 'alice', domainName: 'CONTOSO' }],
      }),
      mailboxEvidence({ primaryAddress: 'alice@contoso.com' }),
      userEvidence({ aadId: AAD, upn: 'alice@contoso.com' }),
    ];
    const d = defender(shared);
    const l = dlp([...shared].reverse());
    const matches = allPaths([d], [l]);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.identity?.kind).toBe('aadUserId');
    const withoutAad = allPaths(
      [defender(shared.slice(0, 2))],
      [dlp([userEvidence({ upn: 'alice@contoso.com', domainName: 'contoso' }), ...shared.slice(0, 1)])],
    );
    expect(withoutAad[0]?.identity).toMatchObject({ kind: 'mailbox', dlpKind: 'upn' });
    const deviceOrAccount = allPaths([defender(shared.slice(0, 1))], [dlp(shared.slice(0, 1))]);
    expect(deviceOrAccount[0]?.identity?.kind).toBe('device');
  });

  it('prefers the policy violator among equally strong identities', () => {
    const d = defender([
      userEvidence({ upn: 'bob@contoso.com' }),
      userEvidence({ upn: 'alice@contoso.com' }),
    ]);
    const l = dlp([
      userEvidence({ upn: 'bob@contoso.com', roles: ['impacted'] }),
      userEvidence({ upn: 'alice@contoso.com', roles: ['policyViolator'] }),
    ]);
    expect(allPaths([d], [l])[0]?.identity?.display).toBe('alice@contoso.com');
  });

  it('correlates alerts Defender put in one incident, whatever their identities and times', () => {
    const d = makeAlert({
      ...timesAt(BASE_MS),
      incidentId: '4242',
      evidence: [userEvidence({ upn: 'a@contoso.com' })],
    });
    const l = makeDlpAlert({ ...timesAt(BASE_MS + 5 * 3_600_000), incidentId: '4242', evidence: [] });
    const both = makeDlpAlert({
      ...timesAt(BASE_MS),
      incidentId: '4242',
      evidence: [userEvidence({ upn: 'a@contoso.com' })],
    });
    const [m1, m2] = allPaths([d], [l, both]);
    expect(m1).toMatchObject({ via: 'incident', gapMs: 5 * 3_600_000 - 0 });
    expect(m1?.identity).toBeUndefined();
    expect(m2).toMatchObject({ via: 'incident', identity: { kind: 'upn' } });
  });

  it('does not correlate alerts that share nothing, or DLP alerts with each other', () => {
    const d = defender([userEvidence({ upn: 'a@contoso.com' })]);
    const l = dlp([userEvidence({ upn: 'b@contoso.com' })]);
    expect(allPaths([d], [l])).toEqual([]);
    expect(
      correlate(createCorrelationState(), [l, dlp([userEvidence({ upn: 'b@contoso.com' })])], BASE_MS, {
        windowMs: W,
      }).changes,
    ).toEqual([]);
  });

  it('rejects a window that is not a finite number of milliseconds >= 0', () => {
    for (const bad of [-1, NaN, Infinity, '30' as unknown as number]) {
      expect(() => correlateBatch([], [], bad)).toThrow(/windowMs must be a finite number/);
      expect(() => nestedLoopCorrelate([], [], bad)).toThrow(/windowMs/);
    }
    expect(() => correlateBatch(null as never, [], W)).toThrow(TypeError);
  });

  it('skips input that is not an alert instead of throwing', () => {
    const d = defender([userEvidence({ upn: 'a@contoso.com' })]);
    const junk = [null, 7, {}, { id: 5 }] as unknown as SecurityAlert[];
    const l = dlp([userEvidence({ upn: 'a@contoso.com' })]);
    expect(correlateBatch([...junk, d], [...junk, l], W)).toHaveLength(1);
    expect(nestedLoopCorrelate([...junk, d], [...junk, l], W)).toHaveLength(1);
  });
});
