import type { AlertComment, AlertEvidence, SecurityAlert } from '../src/model';
import type { SimFidelity } from './fidelity';
import type { CorrelationTruth, Directory, HuntingRow } from './scenario';
import type { TeamsMessageInput } from './state/teamsMessages';
import type { RequestCount, RequestLogEntry, RequestLogFilter } from './tenancy/requestLog';

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** Directory holding (or receiving) `cert.pem` and `key.pem` (see `ensureCertificate`). */
  tlsDir: string;
  /** TCP port on 127.0.0.1. Default 0 (a free port; read it from `Simulator.port`). */
  port?: number;
  /** `empty`, `demo`, `live` (demo plus a feed) or `scale:<n>`. Default `demo`. */
  scenario?: string;
  /** Seed of the scenario's PRNG. Default 42. */
  seed?: number;
  /** Server page cap of the list endpoints: pages never hold more, whatever `$top` asks. Default 20. */
  pageSize?: number;
  /** Clock in epoch ms (scenario anchor, token lifetimes, throttling windows, timestamps). Default Date.now. */
  now?: () => number;
  /** Graph's throttling; `false` turns it off. Defaults: 150 alert operations and 45 hunting queries per minute per app. */
  throttle?: false | { alertsPerMinute?: number; huntingPerMinute?: number };
  /** Application roles put in issued tokens. Default: every role the simulator knows (DEFAULT_ROLES). */
  roles?: string[];
  /** Lifetime of issued tokens in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Interval of the `live` scenario's feed in ms. Default 5000. */
  liveIntervalMs?: number;
  /** How Graph misbehaves on real tenants (sources it cannot name, ActionType spellings, an empty preview table, the hunting CPU quota). */
  fidelity?: SimFidelity;
  /** How alerts_v2 misbehaves when listed (all off by default; the `live` scenario turns some on). */
  listing?: ListingQuirks;
  /**
   * Several tenants, each with its own alerts and state; the token names the tenant (`tid`). The first is
   * the default (control API without `?tenant=`). Absent: one tenant, Contoso (`TENANT_ID`), as always.
   */
  tenants?: TenantOptions[];
  /**
   * N generated tenants (`tenant-001`, … with ids from `generatedTenantId(i)`), each `tenantScenario`
   * (default `scale:10`) plus a live-feed step every `tenantTrickleMs`. Not with `tenants`.
   */
  tenantCount?: number;
  tenantScenario?: string;
  /** Default 60000 for generated tenants. */
  tenantTrickleMs?: number;
  /** Entries the request log keeps (a ring; its counters are never trimmed). Default 50000. */
  requestLogCapacity?: number;
}

/** One simulated customer tenant. */
export interface TenantOptions {
  /** Entra tenant id (a GUID): the token's `tid` and the alerts' `tenantId`. */
  tenantId: string;
  /** Short name, `^[a-z0-9][a-z0-9-]{0,31}$`: replaces `contoso` in the tenant's names and domains. */
  name: string;
  /** Verified domains the token endpoint also accepts. Default `<name>.onmicrosoft.com`, `<name>.com`. */
  domains?: string[];
  /** Default: the simulator's `scenario`. */
  scenario?: string;
  /** Default: the simulator's seed for Contoso, else one derived from the tenant id (distinct stories). */
  seed?: number;
  /** Consent revoked at start: no token for it, and Graph refuses its tokens. */
  revoked?: boolean;
  /** Roles granted in this tenant (default: the simulator-wide grant). */
  roles?: string[];
  /** One live-feed step every this many ms (default: `liveIntervalMs` for `live`, else none). */
  trickleMs?: number;
  listing?: ListingQuirks;
  fidelity?: SimFidelity;
}

/** Misbehaviours of the alerts_v2 listing seen in production (elastic/integrations#20234 and Graph's limits). */
export interface ListingQuirks {
  /** A listing ends, without a nextLink, at this `$skip` offset although more alerts match. */
  stallAfterSkip?: number;
  /**
   * Every this many alerts served (over all alerts_v2 list requests), the page is cut there and carries no
   * nextLink: the listing looks finished although more alerts match (a stall under volume).
   */
  stallEvery?: number;
  /** A `$skip` above this is answered 400 (Graph's security API: 500). */
  maxSkip?: number;
  /** At load, groups of this many alerts (in time order) share one `lastUpdateDateTime`. */
  shareTimestampEvery?: number;
  /** Every this many alerts_v2 list requests, one alert of the page just served changes (its lastUpdateDateTime moves to now). */
  changeWhilePagingEvery?: number;
  /**
   * At load, the first `alerts` alerts (in time order) become one bulk change by a product Graph's
   * metadata does not list yet: they share the last one's `lastUpdateDateTime` and carry `serviceSource`
   * (default `microsoftFutureProduct`; answered as `unknownFutureValue`, so no `serviceSource eq` filter a
   * client can write finds them) and, when given, one `severity`. An instant no known-value split reaches.
   */
  unknownSourceBurst?: { alerts: number; serviceSource?: string; severity?: string };
}

/** One request the simulator received (control API calls are not recorded). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1.0/security/alerts_v2`. */
  path: string;
  /** Decoded query options. */
  query: Record<string, string>;
  /** Lower-cased header names; `authorization` is shown as `Bearer <n chars>`, never the token. */
  headers: Record<string, string>;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** The status answered (0 when the connection was dropped before an answer). */
  status: number;
  /** Arrival time (simulator clock, epoch ms). */
  at: number;
  /** The tenant the token (or the token request) named, once read. */
  tenantId?: string;
  /** The `x-dlpbot-replica` header (also in `headers`). */
  replica?: string;
}

/** A failure injected before the next matching request(s) are handled. */
export type Fault = {
  /** Regular expression tested on the request path. Default: any `/v1.0` path. */
  match?: string;
  /** How many matching requests it affects. Default 1. */
  count?: number;
} & (
  | { kind: 'status'; status: 400 | 401 | 403 | 404 | 429 | 500 | 503 | 504; retryAfterSeconds?: number }
  | { kind: 'latency'; ms: number }
  /** Sends the headers and half the body, then destroys the socket. */
  | { kind: 'drop' }
  /** A list answers `value: []` with a nextLink that resumes where it would have started (list endpoints only). */
  | { kind: 'emptyPageWithNextLink' }
);

/** One tenant of a running simulator: its alerts and state (see `Simulator.tenant`). */
export interface SimTenant {
  tenantId: string;
  name: string;
  alerts: {
    /** Every alert, most recent first. */
    all(): SecurityAlert[];
    get(id: string): SecurityAlert | undefined;
    /** Adds or replaces (by id); timestamps are kept as given. */
    add(alert: SecurityAlert): void;
    /** Applies a patch and bumps `lastUpdateDateTime`. Throws for an unknown id. */
    update(id: string, patch: Partial<SecurityAlert>): SecurityAlert;
    remove(id: string): void;
  };
  comments(alertId: string): AlertComment[];
  hunting: {
    add(table: 'DataSecurityEvents' | 'CloudAppEvents', row: Record<string, unknown>): void;
    rows(table: 'DataSecurityEvents' | 'CloudAppEvents'): Record<string, unknown>[];
  };
  /**
   * Teams messages as Graph shows them (`/teams/{id}/channels/{id}/messages/delta`, `/chats/{id}/messages`):
   * whoever plays Teams records what the bot posted (see test/helpers/graphMirror.ts).
   */
  teamsMessages: {
    /** Adds or replaces a message; returns its id. Throws on an invalid message. */
    record(m: TeamsMessageInput): string;
    clear(): void;
  };
  /** Every DetectedValues entry in this tenant's hunting data. */
  detectedValues(): string[];
  /** A token for this tenant (roles default to its grant, else the simulator-wide grant). */
  issueToken(opts?: { roles?: string[]; ttlSeconds?: number }): string;
  /** Roles granted in this tenant from now on; undefined: the simulator-wide grant. */
  setRoles(roles: string[] | undefined): void;
  /** One step of this tenant's live feed. */
  tick(): void;
  holdEvidence(alertId: string, evidence: AlertEvidence[]): void;
  listingStats(): { alertsServed: number; stalls: number };
  directory: Directory;
  truth: CorrelationTruth;
  /** Consent revoked: the token endpoints refuse it (AADSTS7000229) and Graph its tokens (401). */
  readonly revoked: boolean;
}

/** What the request log holds and computes (see tenancy/requestLog.ts). */
export interface SimRequestLog {
  /** Retained entries, oldest first. */
  entries(filter?: RequestLogFilter): RequestLogEntry[];
  /** Answered requests per (tenant, replica, operation); never trimmed. */
  counts(): RequestCount[];
  /** Listing requests answered while another replica had listed the same tenant within `intervalMs`. */
  doublePolls(intervalMs: number): number;
  clear(): void;
}

/** A running simulator. The top-level alert and state calls act on the first (default) tenant. */
export interface Simulator extends Omit<
  SimTenant,
  'tenantId' | 'name' | 'revoked' | 'issueToken' | 'setRoles'
> {
  /** `https://localhost:<port>` (Graph's base is `${url}/v1.0`). */
  url: string;
  port: number;
  /** The certificate clients must trust (NODE_EXTRA_CA_CERTS). */
  certPath: string;
  /** Every DetectedValues entry in the hunting data, for leak tests. */
  detectedValues(): string[];
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Alerts served by alerts_v2 listings so far, and the pages the `stallEvery` quirk cut. */
  listingStats(): { alertsServed: number; stalls: number };
  faults: { inject(f: Fault): void; clear(): void };
  /** A token as `POST /_sim/token` gives (roles default to the current grant, see setRoles); `tenant`: id, name or domain. */
  issueToken(opts?: { roles?: string[]; ttlSeconds?: number; tenant?: string }): string;
  /** Changes the roles of tokens issued from now on (tokens already issued keep theirs, as in Entra ID). */
  setRoles(roles: string[]): void;
  /** One step of the live feed (works for any scenario). */
  tick(): void;
  /**
   * Holds `evidence` back and appends it to the alert (bumping its `lastUpdateDateTime`) at the first
   * fresh listing after one that returned the alert: late evidence, as Graph fills entities in.
   */
  holdEvidence(alertId: string, evidence: AlertEvidence[]): void;
  /** The tenant (users, devices, groups) and the correlation cases the scenario planted. */
  directory: Directory;
  truth: CorrelationTruth;
  /** Every tenant, the default first. */
  tenants(): SimTenant[];
  /** A tenant by id, name or domain; throws naming the known ones. */
  tenant(ref: string): SimTenant;
  /** Revokes (true) or restores (false) a tenant's consent from now on. */
  setRevoked(ref: string, revoked: boolean): void;
  requestLog: SimRequestLog;
  close(): Promise<void>;
}

export type { HuntingRow, RequestCount, RequestLogEntry, RequestLogFilter, SimFidelity, TeamsMessageInput };
