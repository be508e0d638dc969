import type { HuntingQuota, ResolvedFidelity } from '../fidelity';
import type { FaultQueue, Recorder, RequestContext, TokenIssuer } from '../http';
import type { CorrelationTruth, Directory } from '../scenario';
import type { AlertStore, HuntingStore } from '../state';
import type { LateEvidence } from '../state/lateEvidence';
import type { TeamsMessageStore } from '../state/teamsMessages';
import type { RequestLog, TenantBook } from '../tenancy';
import type { ListingQuirks } from '../types';

/** One tenant's state: what the Graph routes read and change for a token naming this tenant. */
export interface TenantSim {
  /** The Entra tenant id (a GUID): the token's `tid`. */
  tenantId: string;
  /** Short name (e.g. `contoso`): control API and logs. */
  name: string;
  /** Verified domains the token endpoint also accepts in place of the id (`<name>.onmicrosoft.com`, ...). */
  domains: readonly string[];
  /** Consent revoked: no token is issued, and tokens already issued are refused by Graph. */
  revoked: boolean;
  /** Roles granted in this tenant; undefined: the simulator-wide grant (SimContext.roles). */
  roles: string[] | undefined;
  alerts: AlertStore;
  hunting: HuntingStore;
  /** Teams messages as Graph shows them (recorded by whoever plays Teams). */
  teamsMessages: TeamsMessageStore;
  directory: Directory;
  truth: CorrelationTruth;
  /** Server page size when a request has no `$top`. */
  pageSize: number;
  /** The listing's configured misbehaviours. */
  listing: ListingQuirks;
  /** alerts_v2 list requests served (drives `changeWhilePagingEvery`). */
  listCount: number;
  /** Alerts served by alerts_v2 list requests, and how many pages were cut by `stallEvery`. */
  served: { alerts: number; stalls: number };
  now: () => number;
  /** The real-tenant behaviour switched on (see fidelity.ts). */
  fidelity: ResolvedFidelity;
  /** Advanced hunting's CPU quota (429 without Retry-After), per tenant as the service counts it. */
  huntingQuota: HuntingQuota;
  /** Evidence held back until its alert has been listed once (Graph fills entities in late). */
  lateEvidence: LateEvidence;
  /** One live-feed step; how many alerts it added and changed. */
  tick(): { added: number; updated: number };
}

/** The simulator state the routes read and change: the shared parts and the tenants. */
export interface SimContext {
  tokens: TokenIssuer;
  faults: FaultQueue;
  recorder: Recorder;
  /** The bounded per-request log (tenant, replica, operation, time). */
  requestLog: RequestLog;
  now: () => number;
  tokenTtlSeconds: number;
  /** Roles granted to tokens issued now (tenants without their own grant). */
  roles(): string[];
  setRoles(roles: string[]): void;
  tenants: TenantBook;
  /** The tenant a Graph request's verified token names (set by the pipeline before the handler runs). */
  tenantOf(ctx: RequestContext): TenantSim;
}

/** Application roles, as Graph checks them per operation. */
export const ROLES = {
  alertsRead: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
  alertsWrite: ['SecurityAlert.ReadWrite.All'],
  incidentsRead: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
  hunting: ['ThreatHunting.Read.All'],
  groupMembers: ['GroupMember.Read.All', 'Directory.Read.All'],
  usersRead: ['User.Read.All', 'User.ReadBasic.All', 'Directory.Read.All'],
} as const;

/** Every role the simulator grants by default. */
export const DEFAULT_ROLES: readonly string[] = [
  'SecurityAlert.Read.All',
  'SecurityAlert.ReadWrite.All',
  'SecurityIncident.Read.All',
  'ThreatHunting.Read.All',
  'GroupMember.Read.All',
  'User.Read.All',
];
