/**
 * The `live` scenario's feed: each step adds what a busy tenant would produce in a few seconds: a
 * Defender alert whose DLP partner follows on the next step, a late DLP alert for an existing Defender
 * alert, an analyst's status change, the same detection again for the same user (what analysts snooze),
 * or an Insider Risk alert (carded only in a sensitive route, with INSIDER_RISK_CARDS=on).
 */
import type { SecurityAlert } from '../../model';
import { ScenarioBuilder } from './builder';
import { INSIDER_RISK_RECIPE, RECIPES } from './recipes';
import { Rng } from './rng';
import { isSocMember } from './tenant';
import type { Directory, DirectoryUser, HuntingData } from './types';
import type { Recipe } from './recipes';

const MINUTE = 60_000;

/** What one live step changes. */
export interface LiveChanges {
  added: SecurityAlert[];
  hunting: HuntingData;
  /** Status changes to apply through the store (which bumps lastUpdateDateTime). */
  updates: Array<{ id: string; patch: Partial<SecurityAlert> }>;
}

interface PendingDlp {
  user: DirectoryUser;
  defender: SecurityAlert;
  first: number;
}

export class LiveFeed {
  private readonly b: ScenarioBuilder;
  private readonly users: DirectoryUser[];
  private pending: PendingDlp[] = [];

  constructor(seed: number, directory: Directory, now: number) {
    this.b = new ScenarioBuilder(new Rng(seed).fork('live'), directory, now);
    this.users = directory.users.filter((u) => u.id.length === 36 && !isSocMember(directory, u.id));
  }

  /** One step at time `now`, given the alerts currently served. */
  step(now: number, current: readonly SecurityAlert[]): LiveChanges {
    const { b } = this;
    b.now = now;
    b.alerts.length = 0;
    b.hunting.DataSecurityEvents = [];
    b.hunting.CloudAppEvents = [];
    const updates: LiveChanges['updates'] = [];
    for (const p of this.pending.splice(0)) this.releaseDlp(p);
    const action = b.rng.weighted([
      ['pair', 35],
      ['lateDlp', 25],
      ['status', 25],
      ['repeat', 12],
      ['insiderRisk', 3],
    ] as const);
    if (action === 'pair') this.pair();
    else if (action === 'repeat' && !this.repeat(current)) this.pair();
    else if (action === 'insiderRisk') this.pair(INSIDER_RISK_RECIPE);
    else if (action === 'lateDlp' && !this.lateDlp(current)) this.pair();
    else if (action === 'status') {
      const u = this.statusChange(current);
      if (u) updates.push(u);
      else this.pair();
    }
    return { added: [...b.alerts], hunting: { ...b.hunting }, updates };
  }

  private pair(recipe?: Recipe, who?: DirectoryUser): void {
    const { b } = this;
    const user = who ?? b.rng.pick(this.users);
    const fits = RECIPES.filter((r) => r.shapes.includes('user') && (!r.needsDevice || b.deviceOf(user)));
    const times = b.defenderTimes(b.now - b.rng.int(4, 9) * MINUTE);
    const defender = b.defender(recipe ?? b.rng.pick(fits), user, 'user', times);
    this.pending.push({ user, defender, first: times.first + b.rng.int(2, 8) * MINUTE });
  }

  /** The same detection again for a user who already has one: a noisy user or rule, snoozed in the demo. */
  private repeat(current: readonly SecurityAlert[]): boolean {
    const { b } = this;
    const seen = current.filter((a) => a.serviceSource !== 'dataLossPrevention' && userOf(a, this.users));
    const recipes = seen
      .map((a) => ({ a, r: RECIPES.find((r) => r.title === a.title && r.shapes.includes('user')) }))
      .filter((x): x is { a: SecurityAlert; r: Recipe } => x.r !== undefined);
    if (recipes.length === 0) return false;
    const { a, r } = b.rng.pick(recipes);
    const user = userOf(a, this.users) as DirectoryUser;
    if (r.needsDevice && !b.deviceOf(user)) return false;
    this.pair(r, user);
    return true;
  }

  private releaseDlp(p: PendingDlp): void {
    const { b } = this;
    const first = Math.min(p.first, b.now - 2 * MINUTE);
    const times = b.dlpTimes(first);
    const workload = b.workloadFor(p.user);
    const dlp = b.dlp(
      { user: p.user, device: b.deviceOf(p.user), workload, times, upnCase: 'lower' },
      b.huntingSourceFor(b.rng.int(0, 9), workload),
    );
    b.truth.matches.push({ defenderAlertId: p.defender.id, dlpAlertId: dlp.id, via: 'upn' });
  }

  /** A DLP alert raised now for activity next to an existing Defender alert's. */
  private lateDlp(current: readonly SecurityAlert[]): boolean {
    const { b } = this;
    const candidates = current.filter(
      (a) => a.serviceSource !== 'dataLossPrevention' && userOf(a, this.users),
    );
    if (candidates.length === 0) return false;
    const defender = b.rng.pick(candidates);
    const user = userOf(defender, this.users) as DirectoryUser;
    const start = Date.parse(defender.firstActivityDateTime ?? defender.createdDateTime);
    const times = b.dlpTimes(Math.min(b.now - 2 * MINUTE, start + b.rng.int(-10, 20) * MINUTE));
    times.created = b.now;
    times.updated = b.now;
    const workload = b.workloadFor(user);
    b.dlp(
      { user, device: b.deviceOf(user), workload, times, upnCase: 'canonical' },
      b.huntingSourceFor(b.rng.int(0, 9), workload),
    );
    return true;
  }

  private statusChange(current: readonly SecurityAlert[]): LiveChanges['updates'][number] | undefined {
    const { b } = this;
    const open = current.filter((a) => a.status === 'new' || a.status === 'inProgress');
    if (open.length === 0) return undefined;
    const alert = b.rng.pick(open);
    if (alert.status === 'new') {
      return {
        id: alert.id,
        patch: { status: 'inProgress', assignedTo: alert.assignedTo ?? 'Adele.Vance@contoso.com' },
      };
    }
    return {
      id: alert.id,
      patch: { status: 'resolved', classification: 'truePositive', determination: 'maliciousUserActivity' },
    };
  }
}

/** The directory user named by an alert's userEvidence (by Entra object id), if any. */
function userOf(alert: SecurityAlert, users: DirectoryUser[]): DirectoryUser | undefined {
  for (const e of alert.evidence) {
    const account = e.userAccount as { azureAdUserId?: string | null } | undefined;
    const id = account?.azureAdUserId;
    if (id) return users.find((u) => u.id === id);
  }
  return undefined;
}
