import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { ConfigError } from '../errors';
import { parseSchedule } from '../report/schedule';
import { loadTenantsFile, singleTenant, type TenantSpec } from '../tenants';
import { graphCredentialKind, type GraphCredentialKind } from './credentials';
import { envSchema, type RawEnv } from './schema';

export type StoreSpec =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'azure-blob'; connectionString: string; container: string };

export type { GraphCredentialKind };

/** The validated configuration. Built once by `loadConfig(process.env)` in `src/main.ts`. */
export interface Config {
  port: number;
  bot: {
    id: string | undefined;
    password: string | undefined;
    type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';
    tenantId: string | undefined;
    /** No BOT_ID: inbound requests are not authenticated (Agents Playground, tests). */
    localMode: boolean;
    /** Who-acted lookups (ROSTER_CACHE_MINUTES, ROSTER_CACHE_MAX_USERS, ROSTER_READS_PER_CONVERSATION_PER_MINUTE). */
    roster: { cacheTtlMs: number; cacheMaxUsers: number; readsPerConversationPerMinute: number };
  };
  graph: {
    baseUrl: string;
    tenantId: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    certificatePath: string | undefined;
    /** MANAGED_IDENTITY_CLIENT_ID: the user-assigned managed identity the app trusts (`federated`). */
    managedIdentityClientId?: string;
    credentialKind: GraphCredentialKind;
  };
  /**
   * The tenants served: TENANTS_FILE's, or the one `default` tenant (AZURE_TENANT_ID) without it. At least
   * one, names and tenant ids unique.
   */
  tenants: TenantSpec[];
  /** TENANTS_FILE, to re-read on change (`TenantsFileWatch`); undefined for the single default tenant. */
  tenantsFile?: string;
  poller: {
    intervalMs: number;
    initialLookbackMs: number;
    windowMs: number;
    retentionMs: number;
    /** MAX_ALERTS_PER_IDENTITY: above it an identity is shared within a window (weak evidence). */
    maxAlertsPerIdentity: number;
    /** `$top` of each listing request. */
    pageSize: number;
    /** The poller's share of Graph's /security request rate, per minute. */
    requestsPerMinute: number;
  };
  notify: {
    maxNewCardsPerMinute: number;
    /** Correlations older than this (ms), or already resolved, are digested rather than posted. */
    backlogDigestAgeMs: number;
    /** Lookback of the backfill on `/subscribe`, hours; 0 = no backfill. */
    subscribeBackfillHours: number;
    /** INSIDER_RISK_CARDS=on: Insider Risk alerts are carded in the sensitive route. */
    insiderRiskCards: boolean;
    /** SENSITIVE_DLP_POLICIES: DLP policy names whose correlations go to the sensitive route only. */
    sensitiveDlpPolicies: string[];
  };
  store: StoreSpec;
  leaderLeaseSeconds: number;
  /** TENANT_LEASE_SECONDS: each tenant's polling lease (Azure Blob), default the leader's. */
  tenantLeaseSeconds: number;
  access: {
    /** Lower-cased Entra object ids and UPNs. */
    analysts: string[];
    analystGroupId: string | undefined;
  };
  logLevel: string;
  appInsightsConnectionString: string | undefined;
  replicaId: string;
  /** Scheduled shift reports: local times (minutes after midnight; empty: none) in `timeZone` (IANA). */
  report: { times: number[]; timeZone: string };
  /** serviceSource names whose alerts are Defender alerts (DEFENDER_SOURCES). */
  defenderSources: readonly string[];
}

export interface LoadConfigOptions {
  fileExists?: (path: string) => boolean;
}

/**
 * Validates the environment and returns the configuration, or throws one ConfigError naming every bad
 * key at once (so an operator fixes them in one go).
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): Config {
  const { raw, issues } = parseEachKey(env);
  const store = parseStore(raw, issues);
  const credentialKind = graphCredentialKind(raw, issues, options.fileExists ?? existsSync);
  const tenants = readTenants(raw, issues);
  checkBot(raw, issues);
  checkGroupId(raw, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    port: raw.PORT,
    bot: {
      id: raw.BOT_ID,
      password: raw.BOT_PASSWORD,
      type: raw.BOT_TYPE,
      tenantId: raw.BOT_TENANT_ID,
      localMode: raw.BOT_ID === undefined,
      roster: {
        cacheTtlMs: raw.ROSTER_CACHE_MINUTES * 60_000,
        cacheMaxUsers: raw.ROSTER_CACHE_MAX_USERS,
        readsPerConversationPerMinute: raw.ROSTER_READS_PER_CONVERSATION_PER_MINUTE,
      },
    },
    graph: {
      baseUrl: raw.GRAPH_BASE_URL.replace(/\/+$/, ''),
      tenantId: raw.AZURE_TENANT_ID,
      clientId: raw.AZURE_CLIENT_ID,
      clientSecret: raw.AZURE_CLIENT_SECRET,
      certificatePath: raw.AZURE_CLIENT_CERTIFICATE_PATH,
      ...(raw.MANAGED_IDENTITY_CLIENT_ID ? { managedIdentityClientId: raw.MANAGED_IDENTITY_CLIENT_ID } : {}),
      credentialKind: credentialKind ?? 'development',
    },
    tenants,
    ...(raw.TENANTS_FILE ? { tenantsFile: raw.TENANTS_FILE } : {}),
    poller: {
      intervalMs: raw.POLL_INTERVAL_SECONDS * 1000,
      initialLookbackMs: raw.INITIAL_LOOKBACK_HOURS * 3600_000,
      windowMs: raw.CORRELATION_WINDOW_MINUTES * 60_000,
      retentionMs: raw.ALERT_RETENTION_DAYS * 86_400_000,
      maxAlertsPerIdentity: raw.MAX_ALERTS_PER_IDENTITY,
      pageSize: raw.POLL_PAGE_SIZE,
      requestsPerMinute: raw.POLL_REQUESTS_PER_MINUTE,
    },
    notify: {
      maxNewCardsPerMinute: raw.MAX_NEW_CARDS_PER_MINUTE,
      backlogDigestAgeMs: raw.BACKLOG_DIGEST_AGE_HOURS * 3600_000,
      subscribeBackfillHours: raw.SUBSCRIBE_BACKFILL_HOURS,
      insiderRiskCards: raw.INSIDER_RISK_CARDS === 'on',
      sensitiveDlpPolicies: (raw.SENSITIVE_DLP_POLICIES ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    store: store ?? { kind: 'memory' },
    leaderLeaseSeconds: raw.LEADER_LEASE_SECONDS,
    tenantLeaseSeconds: raw.TENANT_LEASE_SECONDS ?? raw.LEADER_LEASE_SECONDS,
    access: {
      analysts: (raw.SOC_ANALYSTS ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      analystGroupId: raw.SOC_ANALYST_GROUP_ID?.toLowerCase(),
    },
    logLevel: raw.LOG_LEVEL,
    appInsightsConnectionString: raw.APPLICATIONINSIGHTS_CONNECTION_STRING,
    replicaId: raw.REPLICA_ID ?? `${hostname()}-${process.pid}`,
    report: { times: reportTimes(raw.REPORT_SCHEDULE), timeZone: raw.REPORT_TIME_ZONE },
    defenderSources: raw.DEFENDER_SOURCES,
  };
}

/**
 * Parses every key on its own so one bad value does not hide the others: a key that fails is reported
 * and replaced by its default, so the checks across keys still run and report their problems too.
 */
function parseEachKey(env: NodeJS.ProcessEnv): {
  raw: RawEnv;
  issues: Array<{ key: string; message: string }>;
} {
  const issues: Array<{ key: string; message: string }> = [];
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(envSchema.shape)) {
    const r = schema.safeParse(env[key]);
    if (r.success) values[key] = r.data;
    else {
      issues.push(...r.error.issues.map((i) => ({ key, message: i.message })));
      values[key] = schema.safeParse(undefined).data;
    }
  }
  return { raw: values as RawEnv, issues };
}

function parseStore(raw: RawEnv, issues: Array<{ key: string; message: string }>): StoreSpec | undefined {
  const value = raw.STORE;
  if (value === 'memory') return { kind: 'memory' };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path) return { kind: 'sqlite', path };
    issues.push({ key: 'STORE', message: 'sqlite: needs a file path, e.g. sqlite:./data/bot.db' });
    return undefined;
  }
  if (value === 'azure-blob') {
    if (raw.AZURE_STORAGE_CONNECTION_STRING) {
      return {
        kind: 'azure-blob',
        connectionString: raw.AZURE_STORAGE_CONNECTION_STRING,
        container: raw.AZURE_STORAGE_CONTAINER,
      };
    }
    issues.push({ key: 'AZURE_STORAGE_CONNECTION_STRING', message: 'is required when STORE=azure-blob' });
    return undefined;
  }
  issues.push({ key: 'STORE', message: `must be sqlite:<path> or azure-blob, got "${value}"` });
  return undefined;
}

function checkBot(raw: RawEnv, issues: Array<{ key: string; message: string }>): void {
  if (!raw.BOT_ID) {
    if (raw.BOT_PASSWORD) issues.push({ key: 'BOT_ID', message: 'is required when BOT_PASSWORD is set' });
    return;
  }
  if (raw.BOT_TYPE !== 'UserAssignedMsi' && !raw.BOT_PASSWORD)
    issues.push({ key: 'BOT_PASSWORD', message: `is required for BOT_TYPE=${raw.BOT_TYPE}` });
  if (raw.BOT_TYPE !== 'MultiTenant' && !raw.BOT_TENANT_ID)
    issues.push({ key: 'BOT_TENANT_ID', message: `is required for BOT_TYPE=${raw.BOT_TYPE}` });
}

function reportTimes(schedule: string | undefined): number[] {
  const r = schedule === undefined ? undefined : parseSchedule(schedule);
  return r?.ok ? r.times : [];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkGroupId(raw: RawEnv, issues: Array<{ key: string; message: string }>): void {
  if (raw.SOC_ANALYST_GROUP_ID && !GUID.test(raw.SOC_ANALYST_GROUP_ID))
    issues.push({ key: 'SOC_ANALYST_GROUP_ID', message: 'must be an Entra group object id (a GUID)' });
}

/** TENANTS_FILE's tenants (every bad entry reported), or the single default tenant. */
function readTenants(raw: RawEnv, issues: Array<{ key: string; message: string }>): TenantSpec[] {
  if (!raw.TENANTS_FILE) return singleTenant(raw.AZURE_TENANT_ID);
  try {
    return loadTenantsFile(raw.TENANTS_FILE);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
    return [];
  }
}
