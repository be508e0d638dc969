/**
 * The tenants the bot serves (issue 21): their specification, TENANTS_FILE (read, validated, re-read on
 * change) and the single `default` tenant of a deployment without it. Imports only `model` and `records`.
 */
export type { TenantSpec, TenantsDiff } from './types';
export { TENANT_NAME, TENANT_ID } from './spec';
export { loadTenantsFile, parseTenantsFile, singleTenant } from './load';
export { diffTenants } from './diff';
export { TenantsFileWatch, type TenantsFileWatchOptions, type TenantsFileError } from './watch';
