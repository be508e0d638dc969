import type { Route } from '../http';
import { alertReadRoutes } from './alerts';
import { alertWriteRoutes } from './alertWrite';
import type { SimContext } from './context';
import { controlRoutes } from './control';
import { directoryRoutes } from './directory';
import { huntingRoutes } from './hunting';
import { incidentRoutes } from './incidents';
import { teamsMessageRoutes } from './teamsMessages';

/** Every route the simulator serves. */
export function buildRoutes(sim: SimContext): Route[] {
  return [
    ...alertReadRoutes(sim),
    ...alertWriteRoutes(sim),
    ...incidentRoutes(sim),
    ...huntingRoutes(sim),
    ...directoryRoutes(sim),
    ...teamsMessageRoutes(sim),
    ...controlRoutes(sim),
  ];
}

export { DEFAULT_ROLES, ROLES } from './context';
export type { SimContext } from './context';
export { validateAlertPatch, validateComment } from './alertWrite';
export { readHuntingBody } from './hunting';
