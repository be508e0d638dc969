/**
 * The composition root's parts: each builder wires one side of the service from the configuration and
 * the shared base (clock, logger, metrics, storage). `src/main.ts` calls them in order and starts the
 * result; nothing else calls them.
 */
export { buildGraph } from './graph';
export { buildTeams } from './teams';
export { buildPoller } from './poller';
export { buildServices } from './services';
export { buildHttp } from './http';
export type { Base, Parts } from './types';
