/**
 * A faithful local stand-in for the part of Microsoft Graph the bot uses (Security API v2 alerts,
 * incidents, advanced hunting, directory membership), served over HTTPS on loopback.
 */
export { startSimulator } from './simulator';
export type {
  Fault,
  HuntingRow,
  ListingQuirks,
  RecordedRequest,
  RequestCount,
  RequestLogEntry,
  RequestLogFilter,
  SimRequestLog,
  SimTenant,
  Simulator,
  SimulatorOptions,
  TeamsMessageInput,
  TenantOptions,
} from './types';
export { generatedTenantId, namedTenantId } from './tenancy';
export { DEFAULT_ROLES } from './routes';
export {
  generateAlerts,
  isScenarioName,
  LiveFeed,
  PLAYGROUND_USER_ID,
  SOC_ANALYSTS_GROUP_ID,
  TENANT_ID,
} from './scenario';
export type {
  CorrelationTruth,
  Directory,
  DirectoryUser,
  HuntingData,
  MatchKey,
  ScenarioData,
} from './scenario';
export { APP_DISPLAY_NAME, APP_ID } from './http';
export { measureGeneration, measureListing } from './bench';
export type { GenerationMeasure, ListingMeasure } from './bench';
export { ensureCertificate } from './tls';
export type { TlsFiles } from './tls';
