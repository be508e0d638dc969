/** `npm run doctor`: the configuration, the store, Graph and each feature's permission, the certificate. */
export { runDoctor } from './doctor';
export type { DoctorOptions } from './doctor';
export type { DoctorCheck, DoctorReport } from './types';
export { formatDoctorReport } from './format';
export { loadEnvFiles } from './env';
export type { LoadedEnv } from './env';
