/** The certificate credential's expiry: read at start, watched by the leader, notices to the channels. */
export { readCertificate, parseCertificatePem, certificateState } from './certificate';
export type { CertificateInfo } from './certificate';
export { CertificateWatch } from './watch';
export type { CertificateWatchOptions, CertificateNoticeRecord } from './watch';
export { DEFAULT_CERTIFICATE_THRESHOLDS } from './notice';
