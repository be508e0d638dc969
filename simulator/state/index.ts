export { AlertStore } from './alertStore';
export { HuntingStore } from './huntingStore';
export { buildIncidents } from './incidents';
export type { Incident } from './incidents';
export { findUser, memberGroups } from './directory';
