/**
 * Stories about identities Graph gets wrong on purpose, planted into `demo` (and so `live`) after its
 * other stories, with people who have no other alert within an hour of them (so that they touch none):
 * - late evidence: a Defender alert listed first with no identity at all (only its IP and URL), its user
 *   and mailbox filled in after the first listing (the simulator holds them back, see
 *   state/lateEvidence.ts); its DLP partner correlates only once the evidence has arrived;
 * - a decoy: an endpoint alert and an endpoint DLP alert of two different people on two different devices,
 *   a few minutes apart, that share only accounts that are no person (`NT AUTHORITY\SYSTEM` running a
 *   process on each, `Window Manager\DWM-1` and a file server's machine account logged on to both). Graph's
 *   own alerts_v2 example names SYSTEM in processEvidence; such a pair must never correlate.
 */
import type { AlertEvidence, SecurityAlert } from '../../src/model';
import type { ScenarioBuilder } from './builder';
import * as ev from './evidence';
import { RECIPES } from './recipes';
import { stamp } from './alert';
import { isSocMember } from './tenant';
import type { DirectoryDevice, DirectoryUser, LateEvidenceSpec } from './types';

const MINUTE = 60_000;
/** A story's people have no other alert this close to it. */
const QUIET = 60 * MINUTE;
/** Accounts no person owns, logged on to both decoy devices. */
const NOT_PEOPLE = [
  { accountName: 'DWM-1', domainName: 'Window Manager' },
  { accountName: 'CONTOSO-FS01$', domainName: 'CONTOSO' },
];
const IDENTITY_FREE = new Set(['ipEvidence', 'urlEvidence', 'cloudApplicationEvidence']);

const kindOf = (e: AlertEvidence): string => e['@odata.type'].slice(e['@odata.type'].lastIndexOf('.') + 1);

/** True when `alert` names `user` (object id, UPN, address or device) and is active within QUIET of `t`. */
function touches(b: ScenarioBuilder, alert: SecurityAlert, user: DirectoryUser, t: number): boolean {
  const first = Date.parse(alert.firstActivityDateTime ?? alert.createdDateTime);
  const last = Date.parse(alert.lastActivityDateTime ?? alert.createdDateTime);
  if (first > t + QUIET || last < t - QUIET) return false;
  const text = JSON.stringify(alert.evidence).toLowerCase();
  const names = [user.id, user.userPrincipalName, user.mail, b.deviceOf(user)?.mdeDeviceId ?? user.id];
  return names.some((n) => text.includes(n.toLowerCase()));
}

/** Users the stories may use at time `t`: not analysts, no alert near `t`, and (decoy) with a device. */
function candidates(b: ScenarioBuilder, t: number, withDevice: boolean): DirectoryUser[] {
  return b.directory.users.filter(
    (u) =>
      u.id.length === 36 &&
      !isSocMember(b.directory, u.id) &&
      (!withDevice || b.deviceOf(u)) &&
      !b.alerts.some((a) => touches(b, a, u, t)),
  );
}

/** A story time within the demo's six hours, leaving room for the alerts to be raised before now. */
const storyTime = (b: ScenarioBuilder): number => b.now - b.rng.int(60, 300) * MINUTE;

/**
 * The late-evidence story: a cloud-app Defender alert whose identity-bearing evidence (user, sign-in
 * session, mailbox) is moved to the end and held back, and a DLP alert of the same user minutes later.
 */
function plantLateEvidence(b: ScenarioBuilder, user: DirectoryUser, t: number): LateEvidenceSpec {
  const recipe = b.rng.pick(RECIPES.filter((r) => r.source === 'microsoftDefenderForCloudApps'));
  const times = b.defenderTimes(t);
  const defender = b.defender(recipe, user, 'user', times);
  const held = holdIdentities(defender);
  const workload = b.workloadFor(user);
  const dlp = b.dlp(
    {
      user,
      device: b.deviceOf(user),
      workload,
      times: b.dlpTimes(times.first + 6 * MINUTE),
      upnCase: 'lower',
    },
    b.huntingSourceFor(0, workload),
  );
  b.truth.matches.push({ defenderAlertId: defender.id, dlpAlertId: dlp.id, via: 'upn' });
  return held;
}

/**
 * Plants both stories (their alerts, truth and held evidence) into `b`, each at a time some of its people
 * are quiet; a story with no such people (never in the demo's 50-person tenant) is left out.
 */
export function plantIdentityStories(b: ScenarioBuilder): void {
  for (let tries = 0; tries < 20; tries++) {
    const t = storyTime(b);
    const pool = candidates(b, t, false);
    if (pool.length === 0) continue;
    b.lateEvidence.push(plantLateEvidence(b, b.rng.pick(pool), t));
    break;
  }
  for (let tries = 0; tries < 20; tries++) {
    const t = storyTime(b);
    const pool = candidates(b, t, true);
    if (pool.length < 2) continue;
    const a = b.rng.pick(pool);
    plantSystemDecoy(b, a, b.rng.pick(pool.filter((u) => u.id !== a.id)), t);
    break;
  }
}

/**
 * Moves `alert`'s identity-bearing evidence to the end of its list and says how much of it to hold back
 * (what Graph lists first is only the IP, URL or app of the detection).
 */
export function holdIdentities(alert: SecurityAlert): LateEvidenceSpec {
  const early = alert.evidence.filter((e) => IDENTITY_FREE.has(kindOf(e)));
  const late = alert.evidence.filter((e) => !IDENTITY_FREE.has(kindOf(e)));
  alert.evidence = [...early, ...late];
  return { alertId: alert.id, held: late.length };
}

/** Adds the not-people accounts to every deviceEvidence of `alert`, and a SYSTEM process on `device`. */
function addServiceAccounts(b: ScenarioBuilder, alert: SecurityAlert, device: DirectoryDevice): void {
  for (const e of alert.evidence) {
    if (kindOf(e) !== 'deviceEvidence') continue;
    const users = Array.isArray(e.loggedOnUsers) ? (e.loggedOnUsers as unknown[]) : [];
    e.loggedOnUsers = [...users, ...NOT_PEOPLE];
  }
  const image = { fileName: 'svchost.exe', filePath: 'C:\\Windows\\System32', fileSize: 55_320 };
  const at = stamp(b.rng, Date.parse(alert.firstActivityDateTime ?? alert.createdDateTime));
  const process = ev.processEvidence(at, b.rng, {
    image,
    commandLine: 'svchost.exe -k netsvcs -p -s Schedule',
    parent: { fileName: 'services.exe', filePath: 'C:\\Windows\\System32', fileSize: 712_104 },
    account: ev.systemAccount(),
    mdeDeviceId: device.mdeDeviceId,
  });
  alert.evidence.push(process);
}

/** The decoy: two people, two devices, minutes apart, sharing only SYSTEM, DWM-1 and a machine account. */
export function plantSystemDecoy(b: ScenarioBuilder, a: DirectoryUser, c: DirectoryUser, t: number): void {
  const recipe = b.rng.pick(RECIPES.filter((r) => r.needsDevice && r.shapes.includes('device')));
  const defender = b.defender(recipe, a, 'device', b.defenderTimes(t));
  addServiceAccounts(b, defender, b.deviceOf(a) as DirectoryDevice);
  const first = Date.parse(defender.firstActivityDateTime ?? defender.createdDateTime) + 5 * MINUTE;
  const device = b.deviceOf(c) as DirectoryDevice;
  const dlp = b.dlp(
    { user: c, device, workload: 'Endpoint', times: b.dlpTimes(first), upnCase: 'canonical' },
    b.huntingSourceFor(1, 'Endpoint'),
  );
  addServiceAccounts(b, dlp, device);
  b.truth.decoys = [
    ...(b.truth.decoys ?? []),
    {
      defenderAlertId: defender.id,
      dlpAlertId: dlp.id,
      shared: 'NT AUTHORITY\\SYSTEM, Window Manager\\DWM-1, CONTOSO\\CONTOSO-FS01$',
    },
  ];
}
