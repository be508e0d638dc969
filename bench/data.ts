/**
 * Benchmark data: a seeded, realistic stream of Defender and Purview DLP alerts in Graph's JSON shape
 * (the builders in test/helpers/builders.ts), with every identity-bearing evidence type the simulator
 * emits. A tenant of users (mixed-case UPNs, Entra ids, mailbox aliases, on-prem accounts, devices) whose
 * activity is skewed (a tenth of the users raise half of the alerts) over the last seven days.
 */
import type { AlertEvidence, SecurityAlert } from '../src/model';
import {
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
  type DeviceOpts,
  type UserOpts,
} from '../test/helpers/builders';

/** mulberry32: the same seed gives the same data everywhere. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface User {
  upn: string;
  mail: string;
  aadId: string;
  account: string;
  device: DeviceOpts;
}

const FIRST = [
  'Megan',
  'Alex',
  'Adele',
  'Diego',
  'Grady',
  'Isaiah',
  'Johanna',
  'Lee',
  'Lidia',
  'Nestor',
  'Patti',
  'Pradeep',
];
const LAST = [
  'Bowen',
  'Wilber',
  'Vance',
  'Siciliani',
  'Archie',
  'Langer',
  'Lauper',
  'Gu',
  'Holloway',
  'Wilke',
];
const SPAN_MS = 7 * 86_400_000;

function makeUsers(count: number, r: () => number): User[] {
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    const upn = `${first}.${last}${i}@Contoso.com`;
    const host = `DESKTOP-${(i * 7919).toString(36).toUpperCase().padStart(6, '0')}`;
    users.push({
      upn,
      // One user in ten has a mailbox alias that is not the UPN: only the Entra id or device links them.
      mail: r() < 0.1 ? `${first.toLowerCase()}${i}@contoso.onmicrosoft.com` : upn.toLowerCase(),
      aadId: guid(i + 1, 'aad0'),
      account: `${first[0]}${last}${i}`.toLowerCase(),
      device: {
        mdeDeviceId: (i + 1).toString(16).padStart(40, 'c'),
        azureAdDeviceId: guid(i + 1, 'dev0'),
        deviceDnsName: `${host}.contoso.com`,
        loggedOnUsers: [{ accountName: `${first[0]}${last}${i}`.toLowerCase(), domainName: 'CONTOSO' }],
      },
    });
  }
  return users;
}

/** A tenth of the users raise half of the alerts. */
function pickUser(users: User[], r: () => number): User {
  const heavy = Math.max(1, Math.floor(users.length / 10));
  const i = r() < 0.5 ? Math.floor(r() * heavy) : Math.floor(r() * users.length);
  return users[i] as User;
}

function userOpts(u: User, r: () => number, roles: string[] = []): UserOpts {
  const v = r();
  // Identifiers vary per source: some alerts carry only the UPN (in any casing), some only the Entra id.
  const upn = v < 0.15 ? null : v < 0.4 ? u.upn.toLowerCase() : u.upn;
  return { upn, aadId: v > 0.85 ? null : u.aadId, accountName: u.account, domainName: 'CONTOSO', roles };
}

function times(now: number, r: () => number): Partial<SecurityAlert> {
  const start = now - Math.floor(r() * SPAN_MS);
  const end = start + Math.floor(r() * 600_000);
  return {
    firstActivityDateTime: iso(start),
    lastActivityDateTime: iso(end),
    createdDateTime: iso(end + 90_000),
    lastUpdateDateTime: iso(end + 180_000),
  };
}

function dlpEvidence(u: User, r: () => number, users: User[]): AlertEvidence[] {
  const v = r();
  const violator = ['policyViolator'];
  if (v < 0.4) return [userEvidence(userOpts(u, r, violator)), fileEvidence({ roles: ['impacted'] })];
  if (v < 0.65) {
    return [
      mailboxEvidence({ primaryAddress: u.mail, upn: r() < 0.5 ? u.upn : null, roles: violator }),
      analyzedMessageEvidence({ p1Sender: { emailAddress: u.mail }, recipient: 'partner@fabrikam.com' }),
    ];
  }
  if (v < 0.85) {
    return [
      userEvidence(userOpts(u, r, violator)),
      deviceEvidence(u.device),
      fileEvidence({ mdeDeviceId: u.device.mdeDeviceId, filePath: 'C:\\Users\\Public\\Documents' }),
    ];
  }
  return [
    userEvidence(userOpts(u, r, violator)),
    teamsMessageEvidence({ sender: { emailAddress: u.mail }, recipients: [pickUser(users, r).mail] }),
  ];
}

function defenderEvidence(u: User, r: () => number): AlertEvidence[] {
  const v = r();
  if (v < 0.35) {
    return [
      deviceEvidence(u.device),
      processEvidence({
        user: { accountName: u.account, domainName: 'CONTOSO' },
        mdeDeviceId: u.device.mdeDeviceId,
      }),
      fileEvidence({ fileName: 'payload.ps1', mdeDeviceId: u.device.mdeDeviceId }),
    ];
  }
  if (v < 0.6) {
    return [
      analyzedMessageEvidence({
        recipient: u.mail,
        p1Sender: 'billing@fabr1kam.com',
        p2Sender: 'billing@fabr1kam.com',
      }),
      mailboxEvidence({ primaryAddress: u.mail, user: userOpts(u, r) }),
    ];
  }
  if (v < 0.75) {
    return [hostLogonSessionEvidence({ user: userOpts(u, r), host: u.device }), userEvidence(userOpts(u, r))];
  }
  return [cloudLogonSessionEvidence({ user: userOpts(u, r) }), userEvidence(userOpts(u, r))];
}

const DEFENDER_SOURCES = [
  ['microsoftDefenderForEndpoint', 'Microsoft Defender for Endpoint', 'Suspicious PowerShell command line'],
  [
    'microsoftDefenderForOffice365',
    'Microsoft Defender for Office 365',
    'Email messages containing malicious URL removed after delivery',
  ],
  [
    'microsoftDefenderForIdentity',
    'Microsoft Defender for Identity',
    'Suspected identity theft (pass-the-ticket)',
  ],
  ['microsoftDefenderForCloudApps', 'Microsoft Defender for Cloud Apps', 'Impossible travel activity'],
] as const;

export interface BenchData {
  defender: SecurityAlert[];
  dlp: SecurityAlert[];
}

/** `defender` Defender alerts and `dlp` DLP alerts ending at `now`, from `seed`. */
export function generateBenchAlerts(opts: {
  defender: number;
  dlp: number;
  seed: number;
  now: number;
  /** Tenant size (default: one user per 40 DLP alerts); the same count always gives the same users. */
  users?: number;
}): BenchData {
  const users = makeUsers(opts.users ?? Math.max(10, Math.round(opts.dlp / 40)), rng(1));
  const r = rng(opts.seed);
  // Incident numbers are per seed, so separately generated batches never share an incident by accident.
  const base = opts.seed * 10_000_000;
  const defender: SecurityAlert[] = [];
  for (let i = 0; i < opts.defender; i++) {
    const u = pickUser(users, r);
    const ev = defenderEvidence(u, r);
    const src =
      DEFENDER_SOURCES[
        ev[0]?.['@odata.type'] === '#microsoft.graph.security.deviceEvidence' ? 0 : 1 + (i % 3)
      ];
    defender.push(
      makeAlert({
        ...times(opts.now, r),
        serviceSource: src?.[0],
        productName: src?.[1],
        title: src?.[2],
        severity: r() < 0.3 ? 'high' : 'medium',
        incidentId: String(base + Math.floor(i / 3)),
        evidence: ev,
      }),
    );
  }
  const dlp: SecurityAlert[] = [];
  for (let i = 0; i < opts.dlp; i++) {
    const u = pickUser(users, r);
    // One DLP alert in a hundred was already grouped by Defender into a Defender alert's incident.
    const incident =
      r() < 0.01 && opts.defender > 0 ? base + Math.floor((r() * opts.defender) / 3) : base + 5_000_000 + i;
    dlp.push(
      makeDlpAlert({
        ...times(opts.now, r),
        incidentId: String(incident),
        evidence: dlpEvidence(u, r, users),
      }),
    );
  }
  return { defender, dlp };
}
