/**
 * The correlation engine: pure (no network, clock, environment or Teams SDK; time comes in as `now`).
 * Finds the Purview DLP alerts that belong to each Defender alert (same identity within a time window, or
 * the same Defender incident) and explains every match.
 */
export {
  DEFAULT_MAX_ALERTS_PER_IDENTITY,
  DEFAULT_RETENTION_MS,
  DEFAULT_WINDOW_MS,
  IDENTITY_KINDS,
  type AlertChangeField,
  type CorrelationChange,
  type CorrelationMatch,
  type CorrelationOptions,
  type Identity,
  type IdentityKind,
  type MatchIdentity,
  type TrackedAlert,
  type TrackedComment,
} from './types';
export { extractIdentities, type EvidenceCarrier } from './identities';
export { identityKey, resolveIdentityKey } from './keys';
export { activityInterval, parseGraphTime } from './time';
export { explainPair, type Pairable } from './explain';
export { correlateBatch } from './batch';
export { correlate, type CorrelationResult } from './reducer';
export { restoreCorrelationState } from './restore';
export { sharedIdentities, type SharedIdentity } from './shared';
export {
  createCorrelationState,
  correlationsOf,
  dlpAlertsForIdentity,
  isCorrelated,
  stateSize,
  trackedAlert,
  type CorrelationState,
} from './state';
