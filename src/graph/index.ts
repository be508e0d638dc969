/** Microsoft Graph: credentials, the Security API v2 client, the permission self-check, sensitive info. */
export {
  createGraphCredential,
  chooseCredential,
  createTenantCredential,
  chooseTenantCredential,
  isLoopbackUrl,
  TOKEN_EXCHANGE_SCOPE,
} from './auth';
export type { GraphCredentialOptions, GraphCredentialKind } from './auth';
export { DevTokenCredential } from './devToken';
export type { DevTokenCredentialOptions } from './devToken';
export { GraphSecurityClient } from './client';
export { GRAPH_SCOPE } from './clientOptions';
export type { GraphSecurityClientOptions, CallOptions } from './clientOptions';
export type { GraphRequestEvent } from './request';
export type { AlertListing, ListOptions } from './alertListing';
export type { UnreadSlice } from './timePaging';
export { MAX_TOP, MAX_SKIP } from './alertPages';
export type { AlertPage, AlertPageQuery } from './alertPages';
export type { HuntingResult } from './hunting';
export type { GraphUser } from './directory';
export type { MessageContainer, TeamsMessage } from './teamsMessages';
export { rolesFromToken } from './jwt';
export { fetchSensitiveInfo } from './sensitiveInfo';
export type {
  HuntingClient,
  SensitiveInfoResult,
  SensitiveInfoSource,
  SensitiveInfoTarget,
} from './sensitiveInfo';
export type { SensitiveInfoType } from './sitParse';
export * from '../model';
export { parseAlert, parseAlertPage } from '../model';
