/**
 * How the simulator misbehaves like Graph does on real tenants. Every part is configurable
 * (`SimulatorOptions.fidelity`); `demo` and `live` plant some of each in their data as well
 * (scenario/quirks.ts).
 */

/** The options as given. */
export interface SimFidelity {
  /**
   * serviceSource values answered as `unknownFutureValue` even when the request carries
   * `Prefer: include-unknown-enum-members`, as tenants do for sources newer than the API version (a
   * public XSOAR/PowerShell report saw it on 40% of one tenant's alerts). A value Graph's metadata does
   * not list is always answered so. Default `['microsoftThreatIntelligence']`.
   */
  unpublishedSources?: string[];
  /**
   * How DLP rule-match rows spell `ActionType` in the hunting tables: `DlpRuleMatch`, `DLPRuleMatch`, or
   * `both` (as the scenario generated them, both spellings; tenants differ). Default `both`.
   */
  dlpActionType?: 'DlpRuleMatch' | 'DLPRuleMatch' | 'both';
  /** Serve `DataSecurityEvents` with no rows (a preview table many tenants never fill). Default false. */
  emptyDataSecurityEvents?: boolean;
  /**
   * Advanced hunting's CPU quota, as queries allowed per 15-minute window; past it, 429 with no
   * Retry-After until the window ends. Default: 100 for `demo` and `live`, off otherwise. 0 refuses all.
   */
  huntingQuota?: number | false;
}

export type ResolvedFidelity = Required<Omit<SimFidelity, 'unpublishedSources'>> & {
  unpublishedSources: ReadonlySet<string>;
};

export const DEFAULT_UNPUBLISHED_SOURCES = ['microsoftThreatIntelligence'];

/** The 15-minute window of the hunting CPU quota. */
export const QUOTA_WINDOW_MS = 15 * 60_000;

/** The options with their defaults; throws with a readable message on a bad value. */
export function resolveFidelity(f: SimFidelity | undefined, scenario: string): ResolvedFidelity {
  const o = f ?? {};
  const spelling = o.dlpActionType ?? 'both';
  if (!['DlpRuleMatch', 'DLPRuleMatch', 'both'].includes(spelling))
    throw new Error(
      `fidelity.dlpActionType must be DlpRuleMatch, DLPRuleMatch or both, got ${String(spelling)}`,
    );
  const quota = o.huntingQuota ?? (scenario === 'demo' || scenario === 'live' ? 100 : false);
  if (quota !== false && (!Number.isInteger(quota) || quota < 0))
    throw new Error(`fidelity.huntingQuota must be a whole number >= 0 or false, got ${String(quota)}`);
  return {
    unpublishedSources: new Set(o.unpublishedSources ?? DEFAULT_UNPUBLISHED_SOURCES),
    dlpActionType: spelling,
    emptyDataSecurityEvents: o.emptyDataSecurityEvents === true,
    huntingQuota: quota,
  };
}

/**
 * Advanced hunting's CPU quota: counts queries per fixed 15-minute window (the quota "resets every 15
 * minutes"); a refused query does not count.
 */
export class HuntingQuota {
  private windowStart = -Infinity;
  private used = 0;

  constructor(
    private readonly limit: number | false,
    private readonly now: () => number,
  ) {}

  /** True when the query may run (and counts it). */
  take(): boolean {
    if (this.limit === false) return true;
    const now = this.now();
    if (now - this.windowStart >= QUOTA_WINDOW_MS) {
      this.windowStart = now - (now % QUOTA_WINDOW_MS);
      this.used = 0;
    }
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }
}
