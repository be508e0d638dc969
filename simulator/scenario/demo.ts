/**
 * The `demo` scenario: a 50-person tenant with ~60 Defender and ~40 DLP alerts over the last six hours,
 * planted with every correlation case the bot must handle (see CorrelationTruth).
 */
import type { SecurityAlert } from '../../src/model';
import type { AlertTimes } from './alert';
import { ScenarioBuilder } from './builder';
import { plantIdentityStories } from './identityStories';
import type { Workload } from './dlp';
import { INSIDER_RISK_RECIPE, type IdentityShape, type Recipe, RECIPES } from './recipes';
import type { Rng } from './rng';
import { isSocMember } from './tenant';
import type { Directory, DirectoryUser, MatchKey } from './types';

const MINUTE = 60_000;
const DEFENDER_TOTAL = 59; // plus one Insider Risk alert

interface Pools {
  stories: DirectoryUser[];
  mailboxUsers: DirectoryUser[];
  deviceUsers: DirectoryUser[];
  /** Users given a Defender/DLP pair (they may get more Defender alerts, far from their DLP ones). */
  paired: DirectoryUser[];
}

/** Plants the demo stories into `b` (which starts empty). */
export function plantDemo(b: ScenarioBuilder): void {
  const pools = userPools(b);
  const dlpTimesByUser = new Map<string, number[]>();
  let dlpIndex = 0;
  const addDlp = (
    user: DirectoryUser,
    workload: Workload,
    times: AlertTimes,
    incidentId?: string,
  ): SecurityAlert => {
    const upnCase = b.rng.chance(0.5) ? 'lower' : 'canonical';
    const additionalData = dlpIndex % 9 === 4;
    const source = b.huntingSourceFor(dlpIndex++, workload);
    dlpTimesByUser.set(user.id, [...(dlpTimesByUser.get(user.id) ?? []), times.first]);
    const device = b.deviceOf(user);
    return b.dlp({ user, device, workload, times, upnCase, additionalData, incidentId }, source);
  };
  const plan: Array<[MatchKey | 'nearMiss', number]> = [
    ['upn', 12],
    ['objectId', 4],
    ['mailbox', 3],
    ['device', 3],
    ['nearMiss', 4],
  ];
  for (const [kind, count] of plan) {
    for (let i = 0; i < count; i++) plantPair(b, pools, kind, i, addDlp);
  }
  for (let i = 0; i < 11; i++) {
    const user = take(pools.stories, b.rng);
    const alert = addDlp(user, b.workloadFor(user), b.dlpTimes(storyStart(b)));
    b.truth.dlpWithoutDefender.push(alert.id);
  }
  fillDefenderOnly(b, pools, dlpTimesByUser);
  plantIdentityStories(b);
}

function userPools(b: ScenarioBuilder): Pools {
  const users = b.directory.users.filter((u, i) => i < 50 && !isSocMember(b.directory, u.id));
  const mailboxUsers = users.filter((u) => u.userPrincipalName !== u.mail);
  const rest = users.filter((u) => u.userPrincipalName === u.mail);
  const deviceUsers = rest.filter((u) => b.deviceOf(u));
  const stories = rest.filter((u) => !deviceUsers.includes(u)).concat(deviceUsers.slice(12));
  return { stories, mailboxUsers, deviceUsers: deviceUsers.slice(0, 12), paired: [] };
}

function take(pool: DirectoryUser[], rng: Rng): DirectoryUser {
  const i = rng.int(0, pool.length - 1);
  const [user] = pool.splice(i, 1);
  if (!user) throw new Error('demo scenario: user pool exhausted');
  return user;
}

/** A start time leaving room for the alert to be raised before now, and for partners up to ~45 min earlier within 6 h. */
function storyStart(b: ScenarioBuilder): number {
  return b.now - b.rng.int(25, 300) * MINUTE - b.rng.int(0, 59_999);
}

function recipeFor(b: ScenarioBuilder, user: DirectoryUser, shape: IdentityShape): Recipe {
  const fits = RECIPES.filter((r) => r.shapes.includes(shape) && (!r.needsDevice || b.deviceOf(user)));
  return b.rng.pick(fits);
}

type AddDlp = (
  user: DirectoryUser,
  workload: Workload,
  times: AlertTimes,
  incidentId?: string,
) => SecurityAlert;

function plantPair(
  b: ScenarioBuilder,
  pools: Pools,
  kind: MatchKey | 'nearMiss',
  i: number,
  addDlp: AddDlp,
): void {
  const { rng } = b;
  const user =
    kind === 'mailbox'
      ? take(pools.mailboxUsers, rng)
      : kind === 'device' || (kind === 'upn' && i < 5)
        ? take(pools.deviceUsers, rng)
        : take(pools.stories, rng);
  pools.paired.push(user);
  const shape: IdentityShape = kind === 'objectId' || kind === 'mailbox' || kind === 'device' ? kind : 'user';
  const recipe =
    kind === 'device' || (kind === 'upn' && i < 3) ? mdeRecipe(b, rng) : recipeFor(b, user, shape);
  const defTimes = b.defenderTimes(storyStart(b));
  const defender = b.defender(recipe, user, shape, defTimes);
  const workload: Workload =
    kind === 'mailbox' ? 'Exchange' : kind === 'device' ? 'Endpoint' : b.workloadFor(user);
  if (kind === 'nearMiss') {
    const gap = rng.int(32, 40);
    const afterStart = Math.max(defTimes.last, defTimes.created) + gap * MINUTE;
    // After the Defender activity when that still ends (≤ 7 min later) before now; before it otherwise.
    const after = rng.chance(0.5) && afterStart + 8 * MINUTE <= b.now;
    const dlpTimes = after
      ? b.dlpTimes(afterStart)
      : shiftEnd(b.dlpTimes(defTimes.first), defTimes.first - gap * MINUTE);
    const dlp = addDlp(user, workload, dlpTimes);
    b.truth.nearMisses.push({ defenderAlertId: defender.id, dlpAlertId: dlp.id, gapMinutes: gap });
    return;
  }
  const sharedIncident = kind === 'upn' && i % 3 === 0 ? (defender.incidentId ?? undefined) : undefined;
  const dlp = addDlp(user, workload, b.dlpTimes(defTimes.first + rng.int(-20, 20) * MINUTE), sharedIncident);
  b.truth.matches.push({ defenderAlertId: defender.id, dlpAlertId: dlp.id, via: kind });
  if (kind === 'upn' && i % 4 === 1) {
    const second = addDlp(user, b.workloadFor(user), b.dlpTimes(defTimes.first + rng.int(3, 25) * MINUTE));
    b.truth.matches.push({ defenderAlertId: defender.id, dlpAlertId: second.id, via: 'upn' });
  }
}

function mdeRecipe(b: ScenarioBuilder, rng: Rng): Recipe {
  return rng.pick(RECIPES.filter((r) => r.needsDevice));
}

/** Moves DLP times so that their latest timestamp is `end`. */
function shiftEnd(t: AlertTimes, end: number): AlertTimes {
  const delta = end - Math.max(t.last, t.created);
  return {
    first: t.first + delta,
    last: t.last + delta,
    created: t.created + delta,
    updated: t.updated + delta,
  };
}

/** Defender alerts with no DLP partner: for users without DLP alerts, or far (≥ 90 min) from theirs. */
function fillDefenderOnly(b: ScenarioBuilder, pools: Pools, dlpTimesByUser: Map<string, number[]>): void {
  const { rng } = b;
  const clean = [...pools.stories, ...pools.deviceUsers, ...pools.mailboxUsers];
  b.defender(INSIDER_RISK_RECIPE, take(clean, rng), 'user', b.defenderTimes(storyStart(b)));
  let defenders = 1 + pools.paired.length;
  while (defenders < DEFENDER_TOTAL + 1) {
    const useClean = rng.chance(0.55);
    const user = useClean ? rng.pick(clean) : rng.pick(pools.paired);
    const start = storyStart(b);
    if ((dlpTimesByUser.get(user.id) ?? []).some((t) => Math.abs(t - start) < 90 * MINUTE)) continue;
    const shape = rng.weighted<IdentityShape>([
      ['user', 6],
      ['objectId', 2],
      ['mailbox', 1],
      ['device', 1],
      ['none', 1],
    ]);
    const fits = RECIPES.filter((r) => r.shapes.includes(shape) && (!r.needsDevice || b.deviceOf(user)));
    if (fits.length === 0) continue;
    b.defender(rng.pick(fits), user, shape, b.defenderTimes(start));
    defenders++;
  }
}

function mentions(alert: SecurityAlert, user: DirectoryUser): boolean {
  return JSON.stringify(alert.evidence).includes(user.id);
}

/** The directory users who appear in DLP alerts (for tests). */
export function dlpUsers(directory: Directory, alerts: SecurityAlert[]): DirectoryUser[] {
  return directory.users.filter((u) =>
    alerts.some((a) => a.serviceSource === 'dataLossPrevention' && mentions(a, u)),
  );
}
