import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { parseWorkloads, sortWorkloads, type Workload } from '../model';
import { combineSensitivity, policySensitivity, type Sensitivity, type WorkloadSet } from '../subscriptions';
import type { Store } from '../store/types';
import { DLP_POLICY_PREFIX as PREFIX } from '../records';

/**
 * Cached hunting answers per DLP alert: `dlppolicy/<tenant>/<dlpAlertId>` (tenant segment `_` for now).
 * alerts_v2 carries no DLP policy name and no workload; advanced hunting does (`DlpPolicyMatchInfo` /
 * `PolicyDetails` for the names, `Workload` for the workload, read by `fetchSensitiveInfo` in one query),
 * within the tenant's hunting quota, so each DLP alert is looked up once.
 */

/** One lookup's answer: either part absent when it could not be determined. */
export interface DlpLookup {
  names?: string[];
  workloads?: Workload[];
}

interface PolicyRecord extends DlpLookup {
  /** Something wanted is still undetermined (hunting failed, throttled, no row): when to try again (ISO). */
  retryAt?: string;
  at: string;
}

export interface DlpPolicyOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** SENSITIVE_DLP_POLICIES: policy names that make a correlation sensitive. Empty = nothing is. */
  sensitivePolicies: readonly string[];
  /** The DLP alert's policy names and workloads from advanced hunting; undefined when nothing was found. */
  lookup: (dlpAlertId: string) => Promise<DlpLookup | undefined>;
  /** How long an undetermined lookup waits before it is tried again (hunting quota). Default 10 min. */
  retryMs?: number;
}

/** One DLP alert of a correlation, with the workloads its own evidence tells (tracked at ingest). */
export interface DlpSide {
  id: string;
  workloads?: readonly Workload[];
}

/** What routing needs of a correlation's DLP side. */
export interface DlpRouting {
  sensitivity: Sensitivity;
  workloads: WorkloadSet;
}

export interface ClassifyOptions {
  /** A `workloads=` rule is in use somewhere: hunt for the workload the evidence does not tell. */
  huntWorkloads?: boolean;
  /** Read the cache only, never query (card actions redraw with what the notifier already found). */
  cachedOnly?: boolean;
}

/** Whether a correlation is sensitive by the DLP policies of its DLP alerts, and which workloads it is in. */
export class DlpPolicyClassifier {
  constructor(private readonly o: DlpPolicyOptions) {}

  async sensitivity(dlpAlertIds: readonly string[]): Promise<Sensitivity> {
    return (await this.classify(dlpAlertIds.map((id) => ({ id })))).sensitivity;
  }

  async classify(dlps: readonly DlpSide[], o: ClassifyOptions = {}): Promise<DlpRouting> {
    const wantNames = this.o.sensitivePolicies.length > 0;
    const parts: Sensitivity[] = [];
    const known: Workload[] = [];
    let undetermined = false;
    for (const dlp of dlps) {
      const fromEvidence = dlp.workloads ?? [];
      const want = { names: wantNames, workloads: fromEvidence.length === 0 && o.huntWorkloads === true };
      const record = await this.record(dlp.id, want, o.cachedOnly === true);
      if (wantNames) parts.push(policySensitivity(record?.names, this.o.sensitivePolicies));
      const workloads = fromEvidence.length > 0 ? fromEvidence : parseWorkloads(record?.workloads);
      if (workloads.length) known.push(...workloads);
      else undetermined = true;
    }
    return {
      sensitivity: wantNames ? combineSensitivity(parts) : 'normal',
      workloads: { known: sortWorkloads(known), undetermined },
    };
  }

  private async record(
    dlpAlertId: string,
    want: { names: boolean; workloads: boolean },
    cachedOnly: boolean,
  ): Promise<DlpLookup | undefined> {
    const key = PREFIX + dlpAlertId;
    const now = this.o.clock.now();
    const cached = (await this.o.store.get<PolicyRecord>(key))?.value;
    const missing = (r: DlpLookup | undefined) =>
      (want.names && !r?.names) || (want.workloads && !r?.workloads?.length);
    if (!missing(cached) || (!want.names && !want.workloads) || cachedOnly) return cached;
    if (cached?.retryAt && Date.parse(cached.retryAt) > now) return cached;
    let found: DlpLookup | undefined;
    try {
      found = await this.o.lookup(dlpAlertId);
    } catch (err) {
      this.o.logger.warn(
        { dlpAlertId, err: errorMessage(err) },
        'DLP policy lookup failed; treated as sensitive, its workload as unknown',
      );
    }
    const names = found?.names ?? cached?.names;
    const workloads = found?.workloads?.length ? found.workloads : cached?.workloads;
    const next: PolicyRecord = {
      ...(names ? { names } : {}),
      ...(workloads ? { workloads } : {}),
      at: new Date(now).toISOString(),
    };
    if (missing(next)) next.retryAt = new Date(now + (this.o.retryMs ?? 600_000)).toISOString();
    await this.o.store.put(key, next);
    return next;
  }
}
