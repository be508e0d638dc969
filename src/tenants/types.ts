/** One customer tenant the bot serves (an entry of TENANTS_FILE, or the single tenant without it). */
export interface TenantSpec {
  /** Short name: ^[a-z0-9][a-z0-9-]{0,31}$, unique. Used in store keys, commands (`tenants=`), cards. */
  name: string;
  /** The customer's Entra tenant id: a GUID or a verified domain. Unique. */
  tenantId: string;
  /** Shown on cards and reports; default: name. */
  displayName?: string;
  /** Overrides of DEFENDER_SOURCES, CORRELATION_WINDOW_MINUTES, SENSITIVE_DLP_POLICIES for this tenant. */
  defenderSources?: string[];
  windowMinutes?: number;
  sensitiveDlpPolicies?: string[];
  /** Who may act on this tenant's alerts (UPNs or Entra object ids). Absent: every analyst. */
  analysts?: string[];
}
