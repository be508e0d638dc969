/**
 * The composition root's parts: each builder wires one side of the service from the configuration and
 * the shared base (clock, logger, metrics, storage). `src/main.ts` calls them in order and starts the
 * result; nothing else calls them.
 */
export { buildGraph } from './graph';
export { buildTeams, type TeamsParts } from './teams';
export { buildTenant, buildGraphClient, FenceSlot, type TenantParts } from './tenant';
export { TenantFleet } from './fleet';
export { buildServices } from './services';
export { buildHttp } from './http';
export type { Base, Parts } from './types';
