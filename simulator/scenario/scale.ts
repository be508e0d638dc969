/**
 * `scale:<n>`: n alerts (≈10% Defender, 90% DLP) over a window that grows with n (2 s per alert, 6 h to
 * 29 days), users drawn from a pool of max(50, n/20). About a third of the Defender alerts get 1–3 DLP
 * alerts from the same user within ±20 minutes (`truth.matches`, and only these DLP alerts get hunting
 * rows); other pairs arise by chance, so `truth.exhaustive` is false.
 *
 * Built for 250,000 alerts in seconds: each alert is one literal, per-user and per-device parts
 * (userAccount, mailbox and device evidence), titles and empty collections are shared between alerts
 * (frozen, so a consumer that tries to mutate them fails loudly). The store never mutates an alert.
 */
import type { AlertEvidence, SecurityAlert, UserAccount } from '../../src/model';
import { mdeAlertId, stamp } from './alert';
import type { DlpMatch, Workload } from './dlp';
import { deviceEvidence, mailboxEvidence, userAccount } from './evidence';
import { cloudAppEventRow, dataSecurityEventRow } from './hunting';
import { RECIPES } from './recipes';
import { Rng } from './rng';
import {
  COMPROMISED,
  defenderKind,
  dlpKind,
  fileEntry,
  frozen,
  ipEntry,
  type Kind,
  leanAlert,
  POLICY_VIOLATOR,
  userEntry,
} from './scaleParts';
import { DLP_POLICIES, drawSitMatches } from './sensitive';
import { buildDirectory, isSocMember } from './tenant';
import type {
  CorrelationTruth,
  Directory,
  DirectoryDevice,
  DirectoryUser,
  HuntingData,
  ScenarioData,
} from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Hunting keeps 30 days; stay inside it. */
const MAX_WINDOW = 29 * 24 * HOUR;
const FILES = [
  'Q3 payroll.xlsx',
  'Customer list - EMEA.xlsx',
  'Vendor bank details.docx',
  'Card reconciliation Oct.csv',
];
const WORKLOADS: readonly Workload[] = ['SharePoint', 'OneDrive', 'Exchange', 'Teams', 'Endpoint'];
interface UserParts {
  user: DirectoryUser;
  canonical: UserAccount;
  lower: UserAccount;
  mailbox: AlertEvidence;
  device?: { device: DirectoryDevice; evidence: AlertEvidence };
}

export function generateScale(n: number, seed: number, now: number): ScenarioData {
  const f = new ScaleFactory(new Rng(seed).fork('scale'), now, n);
  const defenderCount = Math.round(n * 0.1);
  let dlpLeft = n - defenderCount;
  for (let i = 0; i < defenderCount; i++) {
    const parts = f.parts();
    const first = f.start();
    const defender = f.defender(parts, first);
    if (!f.rng.chance(0.33)) continue;
    for (let k = f.rng.int(1, 3); k > 0 && dlpLeft > 0; k--, dlpLeft--) {
      const dlp = f.dlp(parts, first + f.rng.int(-20, 20) * MINUTE, true);
      f.truth.matches.push({ defenderAlertId: defender.id, dlpAlertId: dlp.id, via: 'upn' });
    }
  }
  for (; dlpLeft > 0; dlpLeft--) f.dlp(f.parts(), f.start(), false);
  return { alerts: f.alerts, hunting: f.hunting, directory: f.directory, truth: f.truth };
}

class ScaleFactory {
  readonly alerts: SecurityAlert[] = [];
  readonly hunting: HuntingData = { DataSecurityEvents: [], CloudAppEvents: [] };
  readonly truth: CorrelationTruth = {
    matches: [],
    nearMisses: [],
    dlpWithoutDefender: [],
    exhaustive: false,
  };
  readonly directory: Directory;
  private readonly users: UserParts[] = [];
  private readonly window: number;
  private readonly kinds = new Map<string, Kind>();
  private readonly defenderRecipes = RECIPES.filter((r) => !r.needsDevice);
  private incident = 20_000;
  private dlpIndex = 0;

  constructor(
    readonly rng: Rng,
    private readonly now: number,
    n: number,
  ) {
    this.directory = buildDirectory(Math.max(50, Math.ceil(n / 20)));
    this.window = Math.min(MAX_WINDOW, Math.max(6 * HOUR, n * 2000));
    const at = stamp(rng, now - MAX_WINDOW);
    const devices = new Map(this.directory.devices.map((d) => [d.ownerId, d]));
    for (const user of this.directory.users) {
      if (user.id.length !== 36 || isSocMember(this.directory, user.id)) continue;
      const canonical = frozen(userAccount(user));
      const lower = frozen({ ...canonical, userPrincipalName: user.userPrincipalName.toLowerCase() });
      const device = devices.get(user.id);
      const parts: UserParts = { user, canonical, lower, mailbox: frozen(mailboxEvidence(at, user, true)) };
      if (device) parts.device = { device, evidence: frozen(deviceEvidence(at, device, [user])) };
      this.users.push(parts);
    }
  }

  parts(): UserParts {
    return this.rng.pick(this.users);
  }

  start(): number {
    return this.now - 10 * MINUTE - Math.floor(this.rng.next() * this.window);
  }

  defender(p: UserParts, first: number): SecurityAlert {
    const { rng } = this;
    const recipe =
      p.device && rng.chance(0.3) ? rng.pick(RECIPES.slice(0, 5)) : rng.pick(this.defenderRecipes);
    const created = first + rng.int(2, 10) * MINUTE;
    const id = recipe.idPrefix === 'da' ? mdeAlertId(rng, created) : `${recipe.idPrefix}${rng.guid()}`;
    const at = stamp(rng, first);
    const second =
      recipe.needsDevice && p.device
        ? p.device.evidence
        : recipe.idPrefix === 'fa'
          ? p.mailbox
          : ipEntry(at, rng);
    const evidence = [userEntry(at, COMPROMISED, p.canonical), second];
    return this.push(id, defenderKind(this.kinds, recipe), first, created, evidence);
  }

  dlp(p: UserParts, first: number, withHunting: boolean): SecurityAlert {
    const { rng } = this;
    const workload = rng.pick(p.device ? WORKLOADS : WORKLOADS.slice(0, 4));
    const policy = rng.pick(DLP_POLICIES);
    const rule = rng.pick(policy.rules);
    const file = rng.pick(FILES);
    const at = stamp(rng, first);
    const second =
      workload === 'Exchange'
        ? p.mailbox
        : workload === 'Endpoint'
          ? (p.device?.evidence as AlertEvidence)
          : fileEntry(at, file);
    const evidence = [userEntry(at, POLICY_VIOLATOR, rng.chance(0.5) ? p.lower : p.canonical), second];
    const kind = dlpKind(this.kinds, workload, file, rule.severity, policy.alertPolicyId);
    const alert = this.push(`dl${rng.guid()}`, kind, first, first + rng.int(1, 5) * MINUTE, evidence);
    if (withHunting)
      this.addHunting({
        alertId: alert.id,
        user: p.user,
        device: p.device?.device,
        workload,
        objectName: file,
        objectId: file,
        recipient: '',
        targetDomain: '',
        policy,
        rule,
        sits: drawSitMatches(rng, policy, false),
        enforcementMode: 1,
        sensitivityLabelId: '',
        first,
        last: first + MINUTE,
      });
    return alert;
  }

  private addHunting(match: DlpMatch): void {
    const slot = this.dlpIndex++ % 10;
    if (slot === 9) return;
    if ((slot === 7 || slot === 8) && match.workload !== 'Endpoint') {
      this.hunting.CloudAppEvents.push(cloudAppEventRow(this.rng, match));
    } else {
      this.hunting.DataSecurityEvents.push(dataSecurityEventRow(this.rng, match));
    }
  }

  private push(
    id: string,
    kind: Kind,
    first: number,
    created: number,
    evidence: AlertEvidence[],
  ): SecurityAlert {
    const incidentId = String((this.incident += 1));
    const alert = leanAlert(this.rng, { id, kind, incidentId, first, created, now: this.now, evidence });
    this.alerts.push(alert);
    return alert;
  }
}
