import fc from 'fast-check';
import {
  correlate,
  correlateBatch,
  createCorrelationState,
  extractIdentities,
} from '../../../src/correlation';
import { nestedLoopCorrelate } from '../../helpers/nestedLoop';
import { isWellKnownAccountName, isWellKnownSid } from '../../../src/correlation/wellKnown';
import type { AlertEvidence } from '../../../src/model';
import {
  BASE_MS,
  deviceEvidence,
  hostLogonSessionEvidence,
  iso,
  makeAlert,
  makeDlpAlert,
  processEvidence,
  userEvidence,
  type UserOpts,
} from '../../helpers/builders';

const MIN = 60_000;
const W = 30 * MIN;

const BUILT_IN = ['SYSTEM', 'LOCAL SERVICE', 'NETWORK SERVICE', 'LocalService', 'NetworkService'];
const LOCALIZED = ['LOKALER DIENST', 'NETZWERKDIENST', 'SERVICE LOCAL', 'SERVICE RÉSEAU', 'SERVICIO DE RED'];
const SESSION = ['DWM-1', 'DWM-12', 'UMFD-0', 'UMFD-3'];
const DOMAINS = [
  'NT AUTHORITY',
  'NT-AUTORITÄT',
  'AUTORITE NT',
  'Window Manager',
  'Font Driver Host',
  'CONTOSO',
];
const SIDS = [
  'S-1-5-18',
  'S-1-5-19',
  'S-1-5-20',
  's-1-5-18',
  'S-1-5-90-0-3',
  'S-1-5-96-0-1',
  'S-1-5-80-1-2-3',
];

/** `s` with each letter's case chosen at random (Graph passes on whatever casing the device used). */
const anyCase = (s: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const machine = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,14}$/).map((n) => `${n}$`);
const knownName = fc.oneof(fc.constantFrom(...BUILT_IN, ...LOCALIZED, ...SESSION).chain(anyCase), machine);

/** A well-known account: known by its name, or by its SID whatever the name says (a language we lack). */
const wellKnown: fc.Arbitrary<UserOpts> = fc.oneof(
  fc.record({
    accountName: knownName,
    domainName: fc.constantFrom(...DOMAINS),
    sid: fc.option(fc.constantFrom(...SIDS)),
  }),
  fc.record({
    accountName: fc.constantFrom('Système', 'СИСТЕМА', 'Servizio locale', 'alice'),
    domainName: fc.constantFrom(...DOMAINS),
    sid: fc.constantFrom(...SIDS),
  }),
);

/** Evidence naming a well-known account, in each place Graph puts accounts (logged-on users carry no SID). */
const wellKnownEvidence = (mde: string): fc.Arbitrary<AlertEvidence> =>
  fc.tuple(wellKnown, knownName, fc.nat(3)).map(([u, name, where]) =>
    where === 0
      ? processEvidence({ user: u, mdeDeviceId: mde })
      : where === 1
        ? userEvidence(u)
        : where === 2
          ? hostLogonSessionEvidence({ user: u, host: { mdeDeviceId: mde } })
          : deviceEvidence({
              mdeDeviceId: mde,
              loggedOnUsers: [{ accountName: name, domainName: 'NT AUTHORITY' }],
            }),
  );

/** Other evidence, from a universe of its own per side: the two sides share nothing but well-known accounts. */
const sideEvidence = (side: string): fc.Arbitrary<AlertEvidence> =>
  fc
    .nat(2)
    .chain((n) =>
      fc.oneof(
        fc.constant(userEvidence({ upn: `${side}${n}@contoso.com`, domainName: 'CONTOSO' })),
        fc.constant(deviceEvidence({ mdeDeviceId: `${side}-dev-${n}` })),
        wellKnownEvidence(`${side}-dev-${n}`),
      ),
    );

const alertSpec = (side: string) =>
  fc.record({
    start: fc.integer({ min: 0, max: 60 }),
    evidence: fc.array(sideEvidence(side), { maxLength: 4 }),
  });

function alerts(specs: Array<{ start: number; evidence: AlertEvidence[] }>, dlp: boolean) {
  return specs.map((s, i) => {
    const at = iso(BASE_MS + s.start * MIN);
    const times = {
      firstActivityDateTime: at,
      lastActivityDateTime: at,
      createdDateTime: at,
      lastUpdateDateTime: at,
    };
    const make = dlp ? makeDlpAlert : makeAlert;
    return make({
      ...times,
      id: `${dlp ? 'dl' : 'da'}-${i}`,
      incidentId: `solo-${dlp}-${i}`,
      evidence: s.evidence,
    });
  });
}

describe('well-known accounts are never correlation keys', () => {
  it('an account known by name or SID yields no identity, in any casing or language', () => {
    fc.assert(
      fc.property(wellKnownEvidence(''), (ev) => {
        const keys = extractIdentities(makeAlert({ evidence: [ev] })).map((i) => i.key);
        expect(
          keys.filter((k) => k.startsWith('account:') || k.startsWith('email:') || k.startsWith('aad:')),
        ).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('no path correlates alerts whose only shared identities are well-known accounts', () => {
    fc.assert(
      fc.property(
        fc.array(alertSpec('d'), { maxLength: 12 }),
        fc.array(alertSpec('l'), { maxLength: 12 }),
        (d, l) => {
          const defender = alerts(d, false);
          const dlp = alerts(l, true);
          expect(correlateBatch(defender, dlp, W)).toEqual([]);
          expect(nestedLoopCorrelate(defender, dlp, W)).toEqual([]);
          const r = correlate(createCorrelationState(), [...defender, ...dlp], BASE_MS, { windowMs: W });
          expect(r.changes).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('knows the SIDs of SYSTEM, LOCAL SERVICE, NETWORK SERVICE and the session accounts, and no user SID', () => {
    for (const sid of ['S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-90-0-2', 'S-1-5-96-0-0']) {
      expect(isWellKnownSid(sid)).toBe(true);
    }
    expect(isWellKnownSid('S-1-5-21-1004336348-1177238915-682003330-1104')).toBe(false);
    expect(isWellKnownSid('S-1-5-180')).toBe(false);
  });

  it('takes a name that merely contains a built-in name for a person', () => {
    for (const name of ['systemadmin', 'alice', 'dwm', 'svc-system', 'network']) {
      expect(isWellKnownAccountName(name)).toBe(false);
    }
    expect(isWellKnownAccountName('PC-042$')).toBe(true);
    expect(isWellKnownAccountName('SYSTEM (Microsoft.Exchange.ServiceHost)')).toBe(true);
    expect(isWellKnownAccountName('System (w3wp)')).toBe(true);
  });
});
