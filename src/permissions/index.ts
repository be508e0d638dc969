/**
 * Permissions: which Graph application permission each operation and feature needs (`roles.ts`, the table
 * the Graph client also reads to explain a 403), the self-check of the token's roles (`selfCheck.ts`), the
 * guard that refuses a request the roles would get a 403 for (`guard.ts`), and its error (`error.ts`).
 */
export { FEATURES, FEATURE_PERMISSIONS, canCall, featureReadiness, permissionForOperation } from './roles';
export type { Feature, FeatureStatus, GraphOperation, OperationPermission } from './roles';
export { Permissions } from './selfCheck';
export type { FeatureState, PermissionsOptions } from './selfCheck';
export { PermissionMissingError } from './error';
export { guardGraph } from './guard';
export type { GuardableGraph, GuardedGraph } from './guard';
