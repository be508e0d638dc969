export { AnalystService, MAX_SIT_ALERTS } from './service';
export type { AnalystDeps, AlertWriter, EnrichOutcome } from './service';
export { AccessPolicy } from './access';
export type { AccessOptions } from './access';
export { AuditLog } from './audit';
export { composeEnrichment, MAX_ENRICHMENT_CHARS } from './enrichment';
export type { Analyst, AccessDecision, AuditEntry } from './types';
export { SnoozeService, describeSnooze } from './snoozes';
export type { SnoozeAsk, SnoozeServiceDeps, LiftOutcome } from './snoozes';
