/** Operations: /status, the permission self-check and guard, certificate expiry, metrics, the doctor. */
export { buildStatus, statusCardView } from './status';
export type { StatusReport, StatusDeps, FeatureState, CertificateState } from './status';
export { Permissions } from './permissions';
export type { PermissionsOptions } from './permissions';
export { PermissionMissingError } from './permissionError';
export { guardGraph } from './guard';
export type { GuardableGraph, GuardedGraph } from './guard';
export { readCertificate, parseCertificatePem, certificateState } from './certificate';
export type { CertificateInfo } from './certificate';
export { CertificateWatch } from './certificateWatch';
export type { CertificateWatchOptions, CertificateNoticeRecord } from './certificateWatch';
export {
  certificateNoticeCard,
  dueThreshold,
  describeExpiry,
  DEFAULT_CERTIFICATE_THRESHOLDS,
} from './certificateNotice';
export { MeteredAuditLog } from './meteredAudit';
export { packageVersion } from './version';
export * from './metrics';
export { leadershipSwitch, serviceLeaderTasks, stopTasks } from './leadership';
export { observeService } from './observability';
export type { ObservedService } from './observability';
export type { LeaderTask } from './leadership';
export { runDoctor } from './doctor';
export type { DoctorOptions } from './doctor';
export type { DoctorCheck, DoctorReport } from './doctorTypes';
export { formatDoctorReport } from './doctorFormat';
export { loadEnvFiles } from './doctorEnv';
export type { LoadedEnv } from './doctorEnv';
