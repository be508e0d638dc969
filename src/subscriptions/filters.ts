import { alertSource, SERVICE_SOURCES, STATUSES, type Workload } from '../model';

const SEVERITY_RANK: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4 };

/** Short names analysts type, mapped to Graph's serviceSource values. */
export const SOURCE_ALIASES: Record<string, string> = {
  endpoint: 'microsoftDefenderForEndpoint',
  mde: 'microsoftDefenderForEndpoint',
  office365: 'microsoftDefenderForOffice365',
  office: 'microsoftDefenderForOffice365',
  mdo: 'microsoftDefenderForOffice365',
  identity: 'microsoftDefenderForIdentity',
  mdi: 'microsoftDefenderForIdentity',
  cloudapps: 'microsoftDefenderForCloudApps',
  mdca: 'microsoftDefenderForCloudApps',
  entra: 'azureAdIdentityProtection',
  identityprotection: 'azureAdIdentityProtection',
  xdr: 'microsoft365Defender',
  m365d: 'microsoft365Defender',
  appgovernance: 'microsoftAppGovernance',
  cloud: 'microsoftDefenderForCloud',
  sentinel: 'microsoftSentinel',
  insiderrisk: 'microsoftInsiderRiskManagement',
  threatintel: 'microsoftThreatIntelligence',
  ai: 'microsoftSecurityForAI',
};

/** A filter on Defender alerts, from `/subscribe` or `/alerts` arguments. */
export interface AlertFilter {
  /** Keep alerts of at least this severity (informational < low < medium < high). */
  minSeverity?: 'informational' | 'low' | 'medium' | 'high';
  /** Keep alerts from these serviceSource values. */
  sources?: string[];
  /** Keep alerts in this status. */
  status?: string;
  /** Keep alerts whose activity is at most this old (ms). */
  sinceMs?: number;
  /** Keep alerts raised by these detectors (Graph `detectorId`), a `/route` rule. */
  detectors?: string[];
  /**
   * Keep correlations whose DLP alerts are in one of these workloads, a `/route` rule. Not read by
   * `matchesFilter` (the workload needs the DLP side, perhaps advanced hunting): `routeAlert` applies it.
   */
  workloads?: Workload[];
}

export type FilterKey = 'severity' | 'sources' | 'status' | 'since';

export type ParseResult = { ok: true; filter: AlertFilter } | { ok: false; error: string };

/**
 * Parses `severity>=medium sources=endpoint,office365 status=new since=24h` (any order; only `allowed`
 * keys). Errors are sentences an analyst can act on.
 */
export function parseAlertFilter(text: string, allowed: readonly FilterKey[]): ParseResult {
  const filter: AlertFilter = {};
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const m = /^([a-z]+)(>=|=|>)(.+)$/i.exec(token);
    const key = m?.[1]?.toLowerCase() as FilterKey | undefined;
    if (!m || !key || !allowed.includes(key))
      return { ok: false, error: `"${token}" is not a filter here. Use ${allowed.map(example).join(' ')}.` };
    const error = applyToken(filter, key, m[2]!, m[3]!);
    if (error) return { ok: false, error };
  }
  return { ok: true, filter };
}

function example(key: FilterKey): string {
  return {
    severity: 'severity>=medium',
    sources: 'sources=endpoint,office365',
    status: 'status=new',
    since: 'since=24h',
  }[key];
}

function applyToken(filter: AlertFilter, key: FilterKey, op: string, value: string): string | undefined {
  const v = value.toLowerCase();
  if (key === 'severity') {
    if (!(v in SEVERITY_RANK)) return `Unknown severity "${value}": use informational, low, medium or high.`;
    if (op === '=' || op === '>=') filter.minSeverity = v as AlertFilter['minSeverity'];
    else if (v === 'high') return 'Nothing is above high: use severity>=high.';
    else filter.minSeverity = (['low', 'medium', 'high'] as const)[SEVERITY_RANK[v]! - 1];
    return undefined;
  }
  if (op !== '=') return `Use "${key}=…" (only severity takes >= or >).`;
  if (key === 'sources') return applySources(filter, value);
  if (key === 'status') {
    const status = STATUSES.find((s) => s.toLowerCase() === v);
    if (!status || status === 'unknownFutureValue')
      return `Unknown status "${value}": use new, inProgress or resolved.`;
    filter.status = status;
    return undefined;
  }
  const ms = parseDuration(v);
  if (ms === undefined) return `Unknown duration "${value}": use e.g. 30m, 24h or 7d (at most 30d).`;
  filter.sinceMs = ms;
  return undefined;
}

function applySources(filter: AlertFilter, value: string): string | undefined {
  const sources: string[] = [];
  for (const name of value.split(',').filter(Boolean)) {
    const source =
      SOURCE_ALIASES[name.toLowerCase()] ??
      SERVICE_SOURCES.find((s) => s.toLowerCase() === name.toLowerCase());
    if (!source || source === 'dataLossPrevention')
      return `Unknown source "${name}": use ${Object.keys(SOURCE_ALIASES).slice(0, 8).join(', ')}, ….`;
    if (!sources.includes(source)) sources.push(source);
  }
  if (sources.length === 0) return 'sources= needs at least one source.';
  filter.sources = sources;
  return undefined;
}

/** `30m`, `24h`, `7d` → milliseconds (at most 30 days, what Graph keeps). */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,4})([mhd])$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const ms = Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  return ms > 0 && ms <= 30 * 86_400_000 ? ms : undefined;
}

/** The fields a filter looks at. */
export interface FilterableAlert {
  severity: string;
  serviceSource: string;
  /** Read when serviceSource names no source (`unknownFutureValue`): see `alertSource`. */
  detectionSource?: string | null;
  productName?: string | null;
  status: string;
  end: number;
  detectorId?: string | null;
}

export function matchesFilter(alert: FilterableAlert, filter: AlertFilter, now: number): boolean {
  if (filter.minSeverity && (SEVERITY_RANK[alert.severity] ?? 0) < SEVERITY_RANK[filter.minSeverity]!)
    return false;
  // The source as classification reads it: an unknownFutureValue alert from Endpoint still passes sources=endpoint.
  if (filter.sources && !filter.sources.includes(alertSource(alert)?.source ?? alert.serviceSource))
    return false;
  if (filter.status && alert.status !== filter.status) return false;
  if (filter.sinceMs !== undefined && alert.end < now - filter.sinceMs) return false;
  if (filter.detectors && !filter.detectors.includes(alert.detectorId ?? '')) return false;
  return true;
}

/** `severity>=medium sources=endpoint` back from a filter, for confirmations and /status. */
export function describeFilter(filter: AlertFilter): string {
  const parts: string[] = [];
  if (filter.minSeverity) parts.push(`severity>=${filter.minSeverity}`);
  if (filter.sources) parts.push(`sources=${filter.sources.join(',')}`);
  if (filter.status) parts.push(`status=${filter.status}`);
  if (filter.sinceMs !== undefined) parts.push(`since=${Math.round(filter.sinceMs / 3_600_000)}h`);
  if (filter.detectors) parts.push(`detectors=${filter.detectors.join(',')}`);
  if (filter.workloads) parts.push(`workloads=${filter.workloads.join(',')}`);
  return parts.length ? parts.join(' ') : 'all correlated alerts';
}
