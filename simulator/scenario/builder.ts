import { createHash } from 'node:crypto';
import type { SecurityAlert } from '../../src/model';
import {
  type AlertTimes,
  drawTriage,
  makeAlert,
  mdeAlertId,
  prefixedAlertId,
  stamp,
  type Triage,
} from './alert';
import { buildDlpAlert, type DlpSpec, type HuntingSource, type Workload } from './dlp';
import { cloudAppEventRow, dataSecurityEventRow } from './hunting';
import type { IdentityShape, Recipe } from './recipes';
import type { Rng } from './rng';
import { isSocMember } from './tenant';
import type {
  CorrelationTruth,
  Directory,
  DirectoryDevice,
  DirectoryUser,
  HuntingData,
  LateEvidenceSpec,
} from './types';

const MINUTE = 60_000;

/** Accumulates alerts, hunting rows and ground truth while a scenario is generated. */
export class ScenarioBuilder {
  readonly alerts: SecurityAlert[] = [];
  readonly hunting: HuntingData = { DataSecurityEvents: [], CloudAppEvents: [] };
  readonly truth: CorrelationTruth = {
    matches: [],
    nearMisses: [],
    dlpWithoutDefender: [],
    exhaustive: true,
  };
  /** Evidence the simulator serves only after a first listing (see ScenarioData.lateEvidence). */
  readonly lateEvidence: LateEvidenceSpec[] = [];
  private incidentSeq: number;
  private readonly analysts: DirectoryUser[];
  private readonly deviceByOwner = new Map<string, DirectoryDevice>();

  constructor(
    readonly rng: Rng,
    readonly directory: Directory,
    /** Scenario clock (epoch ms): nothing is dated after it. */
    public now: number,
  ) {
    this.incidentSeq = 18_000 + rng.int(0, 900);
    this.analysts = directory.users.filter((u) => isSocMember(directory, u.id) && u.id.length === 36);
    for (const d of directory.devices) this.deviceByOwner.set(d.ownerId, d);
  }

  deviceOf(user: DirectoryUser): DirectoryDevice | undefined {
    return this.deviceByOwner.get(user.id);
  }

  nextIncidentId(): string {
    this.incidentSeq += 1 + this.rng.int(0, 3);
    return String(this.incidentSeq);
  }

  /** Activity for a Defender alert starting at `first`: a few minutes long, raised minutes later. */
  defenderTimes(first: number): AlertTimes {
    const last = first + this.rng.int(0, 4) * MINUTE + this.rng.int(0, 59_999);
    const created = Math.min(this.now, last + this.rng.int(1, 6) * MINUTE);
    return { first, last, created, updated: created };
  }

  /** DLP matches are near-instant; the alert follows within minutes. */
  dlpTimes(first: number): AlertTimes {
    const last = first + this.rng.int(0, 2) * MINUTE + this.rng.int(0, 59_999);
    const created = Math.min(this.now, last + this.rng.int(1, 4) * MINUTE);
    return { first, last, created, updated: created };
  }

  triage(times: AlertTimes): Triage {
    const ids = this.analysts.map((a) => a.userPrincipalName);
    return drawTriage(
      this.rng,
      times,
      this.now,
      ids,
      this.analysts.map((a) => a.displayName),
    );
  }

  defender(
    recipe: Recipe,
    user: DirectoryUser,
    shape: IdentityShape,
    times: AlertTimes,
    incidentId?: string,
  ): SecurityAlert {
    const { rng } = this;
    const id =
      recipe.idPrefix === 'da' ? mdeAlertId(rng, times.created) : prefixedAlertId(rng, recipe.idPrefix);
    const evidence = recipe.evidence({
      rng,
      user,
      device: this.deviceOf(user),
      shape,
      at: stamp(rng, times.first),
    });
    const alert = makeAlert(
      rng,
      {
        id,
        providerAlertId: id.startsWith('da') ? id.slice(2) : id,
        title: recipe.title,
        description: `${recipe.title}. Review the evidence and the timeline in Microsoft Defender XDR.`,
        severity: rng.chance(0.15) ? rng.pick(['low', 'medium', 'high']) : recipe.severity,
        serviceSource: recipe.source,
        detectionSource: recipe.detectionSource,
        productName: recipe.productName,
        category: recipe.category,
        mitreTechniques: recipe.mitre,
        incidentId: incidentId ?? this.nextIncidentId(),
        detectorId: detectorIdOf(recipe, rng),
        threatDisplayName: recipe.threat?.[0] ?? null,
        threatFamilyName: recipe.threat?.[1] ?? null,
        evidence,
      },
      times,
      this.triage(times),
    );
    this.alerts.push(alert);
    return alert;
  }

  dlp(
    spec: Omit<DlpSpec, 'triage' | 'incidentId'> & { incidentId?: string },
    hunting: HuntingSource,
  ): SecurityAlert {
    const full: DlpSpec = {
      ...spec,
      incidentId: spec.incidentId ?? this.nextIncidentId(),
      triage: this.triage(spec.times),
    };
    const { alert, match } = buildDlpAlert(this.rng, full);
    if (hunting === 'DataSecurityEvents')
      this.hunting.DataSecurityEvents.push(dataSecurityEventRow(this.rng, match));
    if (hunting === 'CloudAppEvents') this.hunting.CloudAppEvents.push(cloudAppEventRow(this.rng, match));
    this.alerts.push(alert);
    return alert;
  }

  /** A workload that fits the user (Endpoint only with a device). */
  workloadFor(user: DirectoryUser): Workload {
    const options: Workload[] = ['SharePoint', 'OneDrive', 'Exchange', 'Teams'];
    if (this.deviceOf(user)) options.push('Endpoint');
    return this.rng.pick(options);
  }

  /** Hunting coverage: most matches in DataSecurityEvents, some only in CloudAppEvents, a few nowhere. */
  huntingSourceFor(index: number, workload: Workload): HuntingSource {
    const slot = index % 10;
    if (slot === 9) return 'none';
    if ((slot === 7 || slot === 8) && workload !== 'Endpoint') return 'CloudAppEvents';
    return 'DataSecurityEvents';
  }
}

/**
 * Graph's `detectorId` names the detection rule, so every alert of one rule carries the same id (what
 * "snooze this detector" relies on): a GUID derived from the product and title. One value is still drawn
 * from `rng`, so the seeded scenarios keep every other id and time they had.
 */
function detectorIdOf(recipe: Recipe, rng: { guid(): string }): string {
  rng.guid();
  const h = createHash('sha256').update(`${recipe.source}|${recipe.title}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
