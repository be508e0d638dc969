import type { AlertWriter } from '../analyst';
import type { GraphUser, HuntingClient } from '../graph';
import type { AlertSource } from '../poller';
import type { Permissions } from './selfCheck';

/** The Graph client as the guarded ports need it (`GraphSecurityClient` fits). */
export type GuardableGraph = AlertSource &
  AlertWriter &
  HuntingClient & {
    checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
    getUser(idOrUpn: string): Promise<GraphUser | undefined>;
  };

/** The bot's Graph ports, each refusing up front what the token's roles do not allow. */
export interface GuardedGraph {
  /** The poller's source: no poll without SecurityAlert.Read.All (the poller shows the reason). */
  source: AlertSource;
  /** Analyst writes: no comment or PATCH without SecurityAlert.ReadWrite.All. */
  writer: AlertWriter;
  /** Advanced hunting: no query without ThreatHunting.Read.All. */
  hunting: HuntingClient;
  /** Group-based access: no membership check without GroupMember.Read.All. */
  checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
  /**
   * A user's name and UPN when the Teams roster cannot tell: who acted, or the person picked in Assign to…
   * No user read without User.ReadBasic.All (or wider).
   */
  getUser(idOrUpn: string): Promise<GraphUser | undefined>;
}

/**
 * Wraps the Graph client so that a request Graph would answer 403 is never sent: it fails at once with a
 * `PermissionMissingError` naming the permission to grant. When the roles are unknown (an opaque token),
 * everything is sent and Graph decides. The cards and /status already hide or explain such features; this
 * is the last line, for every other way in (slash commands, a stale card, the poller).
 */
export function guardGraph(graph: GuardableGraph, permissions: Permissions): GuardedGraph {
  const guard = <T>(op: Parameters<Permissions['guard']>[0], call: () => Promise<T>): Promise<T> => {
    try {
      permissions.guard(op);
    } catch (err) {
      return Promise.reject(err);
    }
    return call();
  };
  const listPage = graph.listAlertsPage?.bind(graph);
  return {
    source: {
      listAlertsChangedSince: (since, o) => guard('listAlerts', () => graph.listAlertsChangedSince(since, o)),
      ...(listPage ? { listAlertsPage: (q, o) => guard('listAlerts', () => listPage(q, o)) } : {}),
    },
    writer: {
      getAlert: (id) => guard('getAlert', () => graph.getAlert(id)),
      addComment: (id, text) => guard('addComment', () => graph.addComment(id, text)),
      updateAlert: (id, update) => guard('updateAlert', () => graph.updateAlert(id, update)),
    },
    hunting: {
      runHuntingQuery: (query, timespan, o) =>
        guard('runHuntingQuery', () => graph.runHuntingQuery(query, timespan, o)),
    },
    checkMemberGroups: (userId, groupIds) =>
      guard('checkMemberGroups', () => graph.checkMemberGroups(userId, groupIds)),
    getUser: (idOrUpn) => guard('getUser', () => graph.getUser(idOrUpn)),
  };
}
