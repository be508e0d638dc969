import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { combineSensitivity, policySensitivity, type Sensitivity } from '../subscriptions';
import type { Store } from '../store/types';
import { DLP_POLICY_PREFIX as PREFIX } from '../records';

/**
 * Cached policy names per DLP alert: `dlppolicy/<tenant>/<dlpAlertId>` (tenant segment `_` for now).
 * alerts_v2 carries no DLP policy name; advanced hunting does (`DlpPolicyMatchInfo` / `PolicyDetails`,
 * read by `fetchSensitiveInfo`), within the tenant's hunting quota, so each DLP alert is looked up once.
 */

interface PolicyRecord {
  /** The policy names found; absent while undetermined. */
  names?: string[];
  /** Undetermined (hunting failed, throttled, no row): when to try again (ISO). */
  retryAt?: string;
  at: string;
}

export interface DlpPolicyOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** SENSITIVE_DLP_POLICIES: policy names that make a correlation sensitive. Empty = nothing is. */
  sensitivePolicies: readonly string[];
  /** The DLP alert's policy names from advanced hunting; undefined when they cannot be determined. */
  lookup: (dlpAlertId: string) => Promise<string[] | undefined>;
  /** How long an undetermined lookup waits before it is tried again (hunting quota). Default 10 min. */
  retryMs?: number;
}

/** Whether a correlation is sensitive by the DLP policies of its DLP alerts. */
export class DlpPolicyClassifier {
  constructor(private readonly o: DlpPolicyOptions) {}

  async sensitivity(dlpAlertIds: readonly string[]): Promise<Sensitivity> {
    if (this.o.sensitivePolicies.length === 0) return 'normal';
    const parts: Sensitivity[] = [];
    for (const id of dlpAlertIds)
      parts.push(policySensitivity(await this.names(id), this.o.sensitivePolicies));
    return combineSensitivity(parts);
  }

  private async names(dlpAlertId: string): Promise<string[] | undefined> {
    const key = PREFIX + dlpAlertId;
    const now = this.o.clock.now();
    const cached = (await this.o.store.get<PolicyRecord>(key))?.value;
    if (cached?.names) return cached.names;
    if (cached?.retryAt && Date.parse(cached.retryAt) > now) return undefined;
    let names: string[] | undefined;
    try {
      names = await this.o.lookup(dlpAlertId);
    } catch (err) {
      this.o.logger.warn(
        { dlpAlertId, err: errorMessage(err) },
        'DLP policy lookup failed; treated as sensitive',
      );
    }
    const at = new Date(now).toISOString();
    const record: PolicyRecord = names
      ? { names, at }
      : { at, retryAt: new Date(now + (this.o.retryMs ?? 600_000)).toISOString() };
    await this.o.store.put(key, record);
    return names;
  }
}
