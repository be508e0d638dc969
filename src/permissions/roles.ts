/**
 * Which Graph application permission (app role) each bot feature needs, and a self-check of the roles in
 * our own token. Source: shared/reference/graph-security.md ("Permissions") and the Graph permission
 * reference. A requirement is a list of alternatives: any one of them satisfies it.
 */

/** A bot capability that depends on one Graph permission. */
export type Feature = 'alerts' | 'actions' | 'sensitiveInfo' | 'groupAccess' | 'incidents';

/** Every request the client can send (also the `operation` in logs and the metrics hook). */
export type GraphOperation =
  | 'listAlerts'
  | 'getAlert'
  | 'addComment'
  | 'updateAlert'
  | 'runHuntingQuery'
  | 'checkMemberGroups'
  | 'getUser'
  | 'listIncidents'
  | 'listChannelMessages'
  | 'listChatMessages';

export const FEATURES: readonly Feature[] = [
  'alerts',
  'actions',
  'sensitiveInfo',
  'groupAccess',
  'incidents',
];

/** For each feature: the roles that satisfy it, the least privileged first. */
export const FEATURE_PERMISSIONS: Readonly<Record<Feature, readonly string[]>> = {
  alerts: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
  actions: ['SecurityAlert.ReadWrite.All'],
  sensitiveInfo: ['ThreatHunting.Read.All'],
  groupAccess: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  incidents: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
};

/** What one operation needs: the feature it serves and the roles (any one) that allow it. */
export interface OperationPermission {
  /** The feature it serves; `cardRecovery` (reading our own posts back) is covered by consent, not roles. */
  feature: Feature | 'cardRecovery';
  anyOf: readonly string[];
  /**
   * A resource-specific consent (RSC) permission that also allows it: granted per team or chat when the
   * app is installed there, and never listed in the token's roles, so the roles cannot rule it out.
   */
  rsc?: string;
}

const OPERATION_PERMISSIONS: Readonly<Record<GraphOperation, OperationPermission>> = {
  listAlerts: { feature: 'alerts', anyOf: FEATURE_PERMISSIONS.alerts },
  getAlert: { feature: 'alerts', anyOf: FEATURE_PERMISSIONS.alerts },
  addComment: { feature: 'actions', anyOf: FEATURE_PERMISSIONS.actions },
  updateAlert: { feature: 'actions', anyOf: FEATURE_PERMISSIONS.actions },
  runHuntingQuery: { feature: 'sensitiveInfo', anyOf: FEATURE_PERMISSIONS.sensitiveInfo },
  checkMemberGroups: { feature: 'groupAccess', anyOf: FEATURE_PERMISSIONS.groupAccess },
  // Resolving a UPN to an object id reads the user object, which GroupMember.Read.All does not cover.
  getUser: { feature: 'groupAccess', anyOf: ['User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'] },
  listIncidents: { feature: 'incidents', anyOf: FEATURE_PERMISSIONS.incidents },
  listChannelMessages: {
    feature: 'cardRecovery',
    anyOf: ['ChannelMessage.Read.Group', 'ChannelMessage.Read.All', 'Group.Read.All', 'Group.ReadWrite.All'],
    rsc: 'ChannelMessage.Read.Group',
  },
  listChatMessages: {
    feature: 'cardRecovery',
    anyOf: ['ChatMessage.Read.Chat', 'Chat.Read.All', 'Chat.ReadWrite.All', 'ChatMessage.Read.All'],
    rsc: 'ChatMessage.Read.Chat',
  },
};

export function permissionForOperation(op: GraphOperation): OperationPermission {
  return OPERATION_PERMISSIONS[op];
}

/**
 * Whether our token allows `op`: true/false when the roles are known, undefined when they are not
 * (an opaque token): then send the request and let Graph decide.
 */
export function canCall(op: GraphOperation, roles: readonly string[] | undefined): boolean | undefined {
  if (roles === undefined) return undefined;
  const need = OPERATION_PERMISSIONS[op];
  if (satisfies(need.anyOf, roles)) return true;
  return need.rsc ? undefined : false;
}

/** The readiness of one feature. */
export interface FeatureStatus {
  /** True when the token grants the feature, or when the roles could not be read (not checked). */
  ready: boolean;
  /** False when the token's roles were unreadable and nothing could be checked. */
  verified: boolean;
  /** The role to grant (the least privileged alternative); empty when ready. */
  missing: string[];
  /** "ready", "missing ThreatHunting.Read.All", "missing one of …", or why it was not checked. */
  message: string;
}

/** Checks every feature against the `roles` claim of our app-only token (see `grantedRoles()`). */
export function featureReadiness(roles: readonly string[] | undefined): Record<Feature, FeatureStatus> {
  const out = {} as Record<Feature, FeatureStatus>;
  for (const feature of FEATURES) out[feature] = readiness(FEATURE_PERMISSIONS[feature], roles);
  return out;
}

function readiness(anyOf: readonly string[], roles: readonly string[] | undefined): FeatureStatus {
  if (roles === undefined) {
    return {
      ready: true,
      verified: false,
      missing: [],
      message: 'not checked: the token carries no readable roles claim',
    };
  }
  if (satisfies(anyOf, roles)) return { ready: true, verified: true, missing: [], message: 'ready' };
  const first = anyOf[0] ?? '';
  const message = anyOf.length === 1 ? `missing ${first}` : `missing one of ${anyOf.join(', ')}`;
  return { ready: false, verified: true, missing: [first], message };
}

function satisfies(anyOf: readonly string[], roles: readonly string[]): boolean {
  // Role values are case-sensitive in Entra, but a case slip in a manifest should not read as "missing".
  const granted = new Set(roles.map((r) => r.toLowerCase()));
  return anyOf.some((p) => granted.has(p.toLowerCase()));
}
