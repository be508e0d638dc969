/**
 * The `live` scenario's feed: each step adds what a busy tenant would produce in a few seconds: a
 * Defender alert whose DLP partner follows on the next step, a late DLP alert for an existing Defender
 * alert, an analyst's status change, the same detection again for the same user (what analysts snooze),
 * or an Insider Risk alert (carded only in a sensitive route, with INSIDER_RISK_CARDS=on). The first
 * status changes are scripted so a short demo shows the triage features on cards: an assignment to
 * someone else, a resolution (a classification/determination pair from src/model/triage.ts, as Defender
 * would store it) and a reopen (the card expands again).
 */
import {
  classifyAlert,
  DETERMINATIONS_BY_CLASSIFICATION,
  TRIAGE_CLASSIFICATIONS,
  type SecurityAlert,
} from '../../src/model';
import { ScenarioBuilder } from './builder';
import { holdIdentities, plantSystemDecoy } from './identityStories';
import { INSIDER_RISK_RECIPE, RECIPES, type Recipe } from './recipes';
import { Rng } from './rng';
import { isSocMember } from './tenant';
import type { Directory, DirectoryUser, HuntingData, LateEvidenceSpec } from './types';

const MINUTE = 60_000;

/**
 * How the listing misbehaves in the `live` scenario, as the real service does under volume: a listing
 * that ends past `$skip` 1000, a `$skip` past 500 answered 400, and alerts that change while paged.
 */
export const LIVE_LISTING_QUIRKS = { stallAfterSkip: 1000, maxSkip: 500, changeWhilePagingEvery: 5 } as const;

/** What one live step changes. */
export interface LiveChanges {
  added: SecurityAlert[];
  /** Evidence of `added` alerts served only after their first listing. */
  lateEvidence?: LateEvidenceSpec[];
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
  private pairs = 0;
  /** Status changes made before any random one, in this order (each once). */
  private scripted: Array<'assign' | 'resolve' | 'reopen'> = ['assign', 'resolve', 'reopen'];
  /** Draws for Graph's misbehaviour (late evidence, SYSTEM decoys), apart from the feed's own draws. */
  private readonly quirks: Rng;
  private late: LateEvidenceSpec[] = [];

  constructor(seed: number, directory: Directory, now: number) {
    this.b = new ScenarioBuilder(new Rng(seed).fork('live'), directory, now);
    this.quirks = new Rng(seed).fork('live-quirks');
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
    const scripted = this.scriptedChange(current);
    if (scripted) updates.push(scripted);
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
    if (this.quirks.chance(0.15)) this.decoy();
    const lateEvidence = this.late.splice(0);
    return { added: [...b.alerts], lateEvidence, hunting: { ...b.hunting }, updates };
  }

  private pair(recipe?: Recipe, who?: DirectoryUser): void {
    const { b } = this;
    const user = who ?? b.rng.pick(this.users);
    const fits = RECIPES.filter((r) => r.shapes.includes('user') && (!r.needsDevice || b.deviceOf(user)));
    const times = b.defenderTimes(b.now - b.rng.int(4, 9) * MINUTE);
    const defender = b.defender(recipe ?? b.rng.pick(fits), user, 'user', times);
    // Every third pair, as tenants do: serviceSource unknown, the detectionSource still tells (issue 17).
    if (recipe !== INSIDER_RISK_RECIPE && ++this.pairs % 3 === 0) defender.serviceSource = 'unknown';
    // Some Defender alerts are listed before Graph has filled in who they are about.
    if (this.quirks.chance(0.3)) this.late.push(holdIdentities(defender));
    this.pending.push({ user, defender, first: times.first + b.rng.int(2, 8) * MINUTE });
  }

  /** Two people's endpoint alerts that share only SYSTEM, DWM-1 and a machine account (never a match). */
  private decoy(): void {
    const { b } = this;
    const withDevice = this.users.filter((u) => b.deviceOf(u));
    if (withDevice.length < 2) return;
    const a = this.quirks.pick(withDevice);
    const c = this.quirks.pick(withDevice.filter((u) => u.id !== a.id));
    plantSystemDecoy(b, a, c, b.now - 10 * MINUTE);
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
      // Only alerts the bot correlates by default (not Insider Risk, not an unclassifiable source).
      (a) => classifyAlert(a).kind === 'defender' && userOf(a, this.users),
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
      // An analyst takes it in the Defender portal and says so in a comment: the first action the shift
      // report sees only through Graph (status, assignee, a comment by a person, dated by Graph).
      const comment = {
        comment: 'Taking this one; checking with the user.',
        createdByDisplayName: 'Adele Vance',
        createdDateTime: new Date(b.now).toISOString(),
      };
      return {
        id: alert.id,
        patch: {
          status: 'inProgress',
          assignedTo: alert.assignedTo ?? 'Adele.Vance@contoso.com',
          comments: [...alert.comments, comment],
        },
      };
    }
    return { id: alert.id, patch: this.resolution() };
  }

  /** A resolution whose determination belongs to its classification (Defender's grouping). */
  private resolution(): Partial<SecurityAlert> {
    const classification = this.b.rng.pick(TRIAGE_CLASSIFICATIONS);
    const determination = this.b.rng.pick([...DETERMINATIONS_BY_CLASSIFICATION[classification]]);
    return { status: 'resolved', classification, determination };
  }

  /** The next scripted change that applies to the alerts served now, if any is left. */
  private scriptedChange(current: readonly SecurityAlert[]): LiveChanges['updates'][number] | undefined {
    const next = this.scripted[0];
    const defender = current.filter((a) => a.serviceSource !== 'dataLossPrevention');
    const soc = this.b.directory.users.filter((u) => isSocMember(this.b.directory, u.id));
    let change: LiveChanges['updates'][number] | undefined;
    if (next === 'assign') {
      const alert = defender.find((a) => a.status !== 'resolved');
      const to = soc[1] ?? soc[0];
      if (alert && to) change = { id: alert.id, patch: { assignedTo: to.userPrincipalName } };
    } else if (next === 'resolve') {
      const alert = defender.find((a) => a.status !== 'resolved');
      if (alert) change = { id: alert.id, patch: this.resolution() };
    } else if (next === 'reopen') {
      const alert = defender.find((a) => a.status === 'resolved');
      if (alert) change = { id: alert.id, patch: { status: 'new' } };
    }
    if (change) this.scripted.shift();
    return change;
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
