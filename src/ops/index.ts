/** Operations: /status, metrics (Prometheus, Azure Monitor), leadership; the doctor and the certificate watch in their subfolders. */
export { buildStatus, statusCardView } from './status';
export type { StatusReport, StatusDeps, CertificateState, TenantStatus } from './status';
export { MeteredAuditLog } from './meteredAudit';
export { packageVersion } from './version';
export * from './metrics';
export { leadershipSwitch, serviceLeaderTasks, stopTasks } from './leadership';
export { observeService } from './observability';
export type { ObservedService } from './observability';
export type { LeaderTask } from './leadership';
export { serviceReadiness } from './readiness';
export type { ReadinessDeps } from './readiness';
