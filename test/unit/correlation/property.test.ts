import fc from 'fast-check';
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
  analyzedMessageEvidence,
  cloudLogonSessionEvidence,
  deviceEvidence,
  fileEvidence,
  guid,
  hostLogonSessionEvidence,
  iso,
  mailboxEvidence,
  makeAlert,
  makeDlpAlert,
  processEvidence,
  teamsMessageEvidence,
  userEvidence,
} from '../../helpers/builders';

const MIN = 60_000;
const W = 30 * MIN;

// A small universe, so that random alerts share identities often and land near the window's edges.
const USERS = ['Alice@Contoso.com', 'bob@contoso.com', 'CAROL@contoso.com'];
const DEVICES = ['pc-1.contoso.com', 'PC-2.contoso.com'];
const user = fc.nat(USERS.length - 1);
const roles = fc.constantFrom<string[]>([], ['policyViolator'], ['impacted']);

function userOpts(u: number, withUpn: boolean, withAad: boolean, lower: boolean) {
  const upn = USERS[u] as string;
  return {
    upn: withUpn ? (lower ? upn.toLowerCase() : upn) : null,
    aadId: withAad ? guid(u + 1, 'aad0') : null,
    domainName: 'CONTOSO',
  };
}

const evidence: fc.Arbitrary<AlertEvidence> = fc.oneof(
  fc
    .tuple(user, fc.boolean(), fc.boolean(), fc.boolean(), roles)
    .map(([u, a, b, c, r]) => userEvidence({ ...userOpts(u, a, b, c), roles: r })),
  fc.tuple(user, fc.boolean(), roles).map(([u, up, r]) =>
    mailboxEvidence({
      primaryAddress: (USERS[u] as string).toLowerCase(),
      upn: up ? (USERS[u] as string) : null,
      roles: r,
    }),
  ),
  fc.tuple(fc.nat(DEVICES.length - 1), user, fc.boolean()).map(([d, u, byId]) =>
    deviceEvidence({
      deviceDnsName: byId ? null : (DEVICES[d] as string),
      mdeDeviceId: byId ? `mde${d}` : null,
      loggedOnUsers: [{ accountName: (USERS[u] as string).split('@')[0] as string, domainName: 'contoso' }],
    }),
  ),
  fc
    .tuple(user, fc.nat(1))
    .map(([u, d]) => processEvidence({ user: userOpts(u, false, false, true), mdeDeviceId: `MDE${d}` })),
  fc.nat(1).map((d) => fileEvidence({ mdeDeviceId: `mde${d}` })),
  user.map((u) => cloudLogonSessionEvidence({ user: userOpts(u, true, false, false) })),
  fc.tuple(user, fc.nat(1)).map(([u, d]) =>
    hostLogonSessionEvidence({
      user: userOpts(u, false, true, false),
      host: { deviceDnsName: DEVICES[d] as string },
    }),
  ),
  fc.tuple(user, user, fc.boolean()).map(([u, v, plain]) =>
    analyzedMessageEvidence({
      recipient: USERS[u] as string,
      p1Sender: plain ? (USERS[v] as string) : { emailAddress: USERS[v] as string },
    }),
  ),
  fc.tuple(user, user).map(([u, v]) =>
    teamsMessageEvidence({
      sender: { emailAddress: USERS[u] as string },
      recipients: [USERS[v] as string],
    }),
  ),
  fc.constant({
    '@odata.type': '#microsoft.graph.security.ipEvidence',
    ipAddress: '10.1.2.3',
  } as AlertEvidence),
);

interface Spec {
  dlp: boolean;
  start: number;
  span: number;
  incident: number;
  evidence: AlertEvidence[];
}

const spec: fc.Arbitrary<Spec> = fc.record({
  dlp: fc.boolean(),
  // Minutes plus a few ms either side, so gaps of exactly W and W + 1 ms come up.
  start: fc.tuple(fc.integer({ min: 0, max: 240 }), fc.constantFrom(0, 1, -1)).map(([m, d]) => m * MIN + d),
  span: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 90 }).map((m) => m * MIN),
  ),
  incident: fc.integer({ min: 0, max: 12 }),
  evidence: fc.array(evidence, { maxLength: 4 }),
});

function build(specs: Spec[]): { defender: SecurityAlert[]; dlp: SecurityAlert[]; all: SecurityAlert[] } {
  const all = specs.map((s, i) => {
    const times = {
      firstActivityDateTime: iso(BASE_MS + s.start),
      lastActivityDateTime: iso(BASE_MS + s.start + s.span),
      createdDateTime: iso(BASE_MS + s.start + s.span),
      lastUpdateDateTime: iso(BASE_MS + s.start + s.span),
    };
    // Incident 0..2 are shared; the rest are one per alert.
    const incidentId = s.incident < 3 ? `inc-${s.incident}` : `solo-${i}`;
    const make = s.dlp ? makeDlpAlert : makeAlert;
    return make({ ...times, id: `${s.dlp ? 'dl' : 'da'}-${i}`, incidentId, evidence: s.evidence });
  });
  return { defender: all.filter((a, i) => !specs[i]?.dlp), dlp: all.filter((a, i) => specs[i]?.dlp), all };
}

const byPair = (a: CorrelationMatch, b: CorrelationMatch): number =>
  `${a.defenderAlertId}|${a.dlpAlertId}`.localeCompare(`${b.defenderAlertId}|${b.dlpAlertId}`);

describe('correlation paths agree (property)', () => {
  it('correlateBatch finds exactly the nested loop’s matches, with the same explanations', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), (specs) => {
        const { defender, dlp } = build(specs);
        const batch = correlateBatch(defender, dlp, W).sort(byPair);
        expect(batch).toEqual(nestedLoopCorrelate(defender, dlp, W).sort(byPair));
      }),
      { numRuns: 300 },
    );
  });

  it('the reducer fed in random chunks reports each batch match once, and nothing on a re-read', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.integer(),
        (specs, chunks, seed) => {
          const { defender, dlp, all } = build(specs);
          const shuffled =
            fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { seed, numRuns: 1 })[0] ?? [];
          const state = createCorrelationState();
          const reported: CorrelationMatch[] = [];
          const opts = { windowMs: W, retentionMs: 30 * 24 * 60 * MIN };
          for (let at = 0, c = 0; at < shuffled.length; c++) {
            const size = chunks[c % chunks.length] as number;
            for (const change of correlate(state, shuffled.slice(at, at + size), BASE_MS, opts).changes) {
              if (change.type === 'correlated') reported.push(...change.newMatches);
            }
            at += size;
          }
          expect(reported.sort(byPair)).toEqual(correlateBatch(defender, dlp, W).sort(byPair));
          expect(correlate(state, all, BASE_MS, opts).changes).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with a low shared-identity limit, batch, nested loop and one reducer call agree', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (specs, max) => {
        const { defender, dlp, all } = build(specs);
        const batch = correlateBatch(defender, dlp, W, max).sort(byPair);
        expect(batch).toEqual(nestedLoopCorrelate(defender, dlp, W, max).sort(byPair));
        const opts = { windowMs: W, retentionMs: 30 * 24 * 60 * MIN, maxAlertsPerIdentity: max };
        const reported = correlate(createCorrelationState(), all, BASE_MS, opts).changes.flatMap((c) =>
          c.type === 'correlated' ? c.newMatches : [],
        );
        expect(reported.sort(byPair)).toEqual(batch);
        // A shared identity never explains a match on its own.
        for (const m of batch) if (m.identity?.shared) expect(m.via).toBe('incident');
      }),
      { numRuns: 300 },
    );
  });
});
