import type { HuntingQuota, ResolvedFidelity } from '../fidelity';
import type { FaultQueue, Recorder, TokenIssuer } from '../http';
import type { CorrelationTruth, Directory } from '../scenario';
import type { AlertStore, HuntingStore } from '../state';
import type { LateEvidence } from '../state/lateEvidence';
import type { TeamsMessageStore } from '../state/teamsMessages';
import type { ListingQuirks } from '../types';

/** The simulator state the routes read and change. */
export interface SimContext {
  alerts: AlertStore;
  hunting: HuntingStore;
  /** Teams messages as Graph shows them (recorded by whoever plays Teams). */
  teamsMessages: TeamsMessageStore;
  directory: Directory;
  truth: CorrelationTruth;
  tokens: TokenIssuer;
  faults: FaultQueue;
  recorder: Recorder;
  /** Server page size when a request has no `$top`. */
  pageSize: number;
  /** The listing's configured misbehaviours. */
  listing: ListingQuirks;
  /** alerts_v2 list requests served (drives `changeWhilePagingEvery`). */
  listCount: number;
  /** Alerts served by alerts_v2 list requests, and how many pages were cut by `stallEvery`. */
  served: { alerts: number; stalls: number };
  now: () => number;
  tokenTtlSeconds: number;
  /** Roles granted to tokens issued now. */
  roles(): string[];
  setRoles(roles: string[]): void;
  /** The real-tenant behaviour switched on (see fidelity.ts). */
  fidelity: ResolvedFidelity;
  /** Advanced hunting's CPU quota (429 without Retry-After). */
  huntingQuota: HuntingQuota;
  /** Evidence held back until its alert has been listed once (Graph fills entities in late). */
  lateEvidence: LateEvidence;
  /** One live-feed step; how many alerts it added and changed. */
  tick(): { added: number; updated: number };
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
