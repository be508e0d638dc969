import { z } from 'zod';
import { isTimeZone, parseSchedule } from '../report/schedule';
import { DEFENDER_SOURCE_NAMES, parseDefenderSources } from '../model/classify';

/**
 * The environment keys the bot reads. The names are a contract (env/ files, the Agents Toolkit, infra/):
 * never rename one. Every key is documented with its default and unit.
 */
const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be from ${min} to ${max}, got ${n}` });
        return z.NEVER;
      }
      return n;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envSchema = z.object({
  /** HTTP port of the bot service. Default 3978. */
  PORT: intInRange(0, 65535, 3978),
  /** Bot (Entra app) id. Empty = local mode: no inbound auth (Agents Playground, tests). */
  BOT_ID: optionalString,
  /** Client secret of the bot registration (MultiTenant/SingleTenant). */
  BOT_PASSWORD: optionalString,
  /** MultiTenant | SingleTenant | UserAssignedMsi. Default MultiTenant. */
  BOT_TYPE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'MultiTenant' : v.trim()))
    .pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi'])),
  /** Tenant of the bot registration (SingleTenant, UserAssignedMsi). */
  BOT_TENANT_ID: optionalString,
  /** Microsoft Graph endpoint. Default https://graph.microsoft.com (the simulator: https://localhost:<port>). */
  GRAPH_BASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'https://graph.microsoft.com' : v.trim()))
    .pipe(z.string().url('must be an absolute https:// URL, e.g. https://graph.microsoft.com')),
  /** Graph app credentials, the Azure SDK's own names. */
  AZURE_TENANT_ID: optionalString,
  AZURE_CLIENT_ID: optionalString,
  AZURE_CLIENT_SECRET: optionalString,
  /** PEM file holding the certificate and its private key. */
  AZURE_CLIENT_CERTIFICATE_PATH: optionalString,
  /**
   * The customer tenants (issue 21): a YAML (`.yaml`, `.yml`) or JSON file listing each tenant's short
   * name, tenant id and overrides; validated at start (every bad entry reported) and re-read on change.
   * With it, AZURE_CLIENT_ID is the multi-tenant app consented in each tenant and AZURE_TENANT_ID is not
   * needed. Empty (default): one tenant, `default`, with AZURE_TENANT_ID.
   */
  TENANTS_FILE: optionalString,
  /**
   * Client id (GUID) of the bot's user-assigned managed identity whose token is the app's federated
   * credential: without a secret or certificate, AZURE_CLIENT_ID's tokens in each tenant are obtained with
   * the managed identity's `api://AzureADTokenExchange` token as the client assertion. Empty: none.
   */
  MANAGED_IDENTITY_CLIENT_ID: optionalString,
  /** Poll period in seconds. Default 60. */
  POLL_INTERVAL_SECONDS: intInRange(1, 3600, 60),
  /** Alerts per listing request (`$top`), at most 1000 (Graph's limit). Default 1000. */
  POLL_PAGE_SIZE: intInRange(1, 1000, 1000),
  /** Listing requests per minute the poller may use of Graph's 150 per app and tenant on /security. Default 100. */
  POLL_REQUESTS_PER_MINUTE: intInRange(1, 150, 100),
  /** How far back the first poll reads, in hours. Default 24 (Graph keeps 30 days). */
  INITIAL_LOOKBACK_HOURS: intInRange(1, 720, 24),
  /** ± window in minutes within which a DLP alert correlates with a Defender alert. Default 30. */
  CORRELATION_WINDOW_MINUTES: intInRange(1, 1440, 30),
  /**
   * An identity (mailbox, user, account, device) naming more than this many alerts, Defender and DLP
   * together, within one correlation window is shared (a shared mailbox, a service account, a jump host):
   * weak evidence, never the only reason for a card, listed in `/status`. Alerts. Default 50.
   */
  MAX_ALERTS_PER_IDENTITY: intInRange(2, 100_000, 50),
  /** Days tracked alerts are kept past the window (late DLP alerts can still match). Default 7. */
  ALERT_RETENTION_DAYS: intInRange(1, 90, 7),
  /** New cards per channel per minute before the rest go into one digest card. Default 20. */
  MAX_NEW_CARDS_PER_MINUTE: intInRange(1, 1000, 20),
  /** After an outage longer than this many hours, older (or resolved) correlations go into a digest card. Default 6. */
  BACKLOG_DIGEST_AGE_HOURS: intInRange(1, 720, 6),
  /**
   * How far back a new `/subscribe` looks for open correlated alerts to show, in hours (0 = none).
   * Default 24.
   */
  SUBSCRIBE_BACKFILL_HOURS: intInRange(0, 720, 24),
  /**
   * `on`: Insider Risk Management alerts are carded, in the sensitive route only (`/route add sensitive`).
   * Default `off`: they are carded nowhere.
   */
  INSIDER_RISK_CARDS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'off' : v.trim().toLowerCase()))
    .pipe(z.enum(['on', 'off'], { errorMap: () => ({ message: 'must be on or off' }) })),
  /**
   * Comma list of DLP policy names (as in Purview, any case) whose correlations are sensitive (HR, legal):
   * posted only in the sensitive route. Empty (default): no policy is sensitive.
   */
  SENSITIVE_DLP_POLICIES: optionalString,
  /** `sqlite:<path>` or `azure-blob`. Default sqlite:./data/bot.db. */
  STORE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'sqlite:./data/bot.db' : v.trim())),
  AZURE_STORAGE_CONNECTION_STRING: optionalString,
  /** Blob container for STORE=azure-blob. Default defender-dlp-bot. */
  AZURE_STORAGE_CONTAINER: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'defender-dlp-bot' : v.trim()))
    .pipe(
      z
        .string()
        .regex(
          /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
          'must be a valid blob container name (3-63 a-z0-9-)',
        ),
    ),
  /** Blob lease period for leader election, seconds (15-60). Default 15. */
  LEADER_LEASE_SECONDS: intInRange(15, 60, 15),
  /**
   * Blob lease period of each tenant's polling, seconds (15-60). Default LEADER_LEASE_SECONDS. Every held
   * lease is renewed three times a period: with hundreds of tenants, 60 keeps that traffic at a quarter.
   */
  TENANT_LEASE_SECONDS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(
      z.coerce
        .number({ invalid_type_error: 'must be a whole number' })
        .int('must be a whole number')
        .min(15, 'must be at least 15')
        .max(60, 'must be at most 60')
        .optional(),
    ),
  /** Comma list of Entra object ids or UPNs allowed to act on alerts. */
  SOC_ANALYSTS: optionalString,
  /** Entra group whose members may act on alerts (checked with Graph checkMemberGroups). */
  SOC_ANALYST_GROUP_ID: optionalString,
  /** pino level. Default info. */
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'info' : v.trim()))
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  /** Azure Monitor; empty = off. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  /** A stable name for this replica in logs and /status. Default: hostname-pid. */
  REPLICA_ID: optionalString,
  /** How long a card action's actor (name, UPN) read from the roster or Graph is reused, minutes. Default 60. */
  ROSTER_CACHE_MINUTES: intInRange(1, 1440, 60),
  /** Users whose lookup each replica remembers (least recently used dropped first). Default 5000. */
  ROSTER_CACHE_MAX_USERS: intInRange(10, 1_000_000, 5000),
  /**
   * Roster reads per conversation per minute (Teams counts them against the bot's per-conversation
   * limits, shared with card posts); past it, Graph or the name Teams sent is used. 0 = never. Default 6.
   */
  ROSTER_READS_PER_CONVERSATION_PER_MINUTE: intInRange(0, 60, 6),
  /**
   * Scheduled shift reports: local times of day as HH:MM, comma-separated (`08:00,20:00`), in
   * REPORT_TIME_ZONE; each subscribed channel gets the report once per time. Empty (default): none.
   */
  REPORT_SCHEDULE: optionalString.superRefine((v, ctx) => {
    const r = v === undefined ? undefined : parseSchedule(v);
    if (r && !r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  }),
  /** IANA time zone of REPORT_SCHEDULE and of the report's times (`Europe/Paris`). Default UTC. */
  REPORT_TIME_ZONE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'UTC' : v.trim()))
    .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Paris or America/New_York'),
  /**
   * Comma list of serviceSource names whose alerts count as Defender alerts (case-insensitive; unknown
   * names are reported). Default: every source Defender XDR raises as its own (Endpoint, Office 365,
   * Identity, Cloud Apps, Microsoft 365 Defender, Entra ID Protection, App Governance, Defender for Cloud,
   * Threat Intelligence); add microsoftInsiderRiskManagement or microsoftSentinel to include those.
   */
  DEFENDER_SOURCES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const { sources, unknown } = parseDefenderSources(v);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown source(s) ${unknown.map((u) => `"${u}"`).join(', ')}: use ${DEFENDER_SOURCE_NAMES.join(', ')}`,
        });
        return z.NEVER;
      }
      return sources;
    }),
});

export type RawEnv = z.infer<typeof envSchema>;
