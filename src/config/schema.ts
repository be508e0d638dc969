import { z } from 'zod';

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
  /** Poll period in seconds. Default 60. */
  POLL_INTERVAL_SECONDS: intInRange(1, 3600, 60),
  /** How far back the first poll reads, in hours. Default 24 (Graph keeps 30 days). */
  INITIAL_LOOKBACK_HOURS: intInRange(1, 720, 24),
  /** ± window in minutes within which a DLP alert correlates with a Defender alert. Default 30. */
  CORRELATION_WINDOW_MINUTES: intInRange(1, 1440, 30),
  /** Days tracked alerts are kept past the window (late DLP alerts can still match). Default 7. */
  ALERT_RETENTION_DAYS: intInRange(1, 90, 7),
  /** New cards per channel per minute before the rest go into one digest card. Default 20. */
  MAX_NEW_CARDS_PER_MINUTE: intInRange(1, 1000, 20),
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
});

export type RawEnv = z.infer<typeof envSchema>;
