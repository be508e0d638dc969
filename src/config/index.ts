export { loadConfig } from './load';
export type { Config, StoreSpec, GraphCredentialKind, LoadConfigOptions } from './load';
export { envSchema } from './schema';
