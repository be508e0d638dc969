import { existsSync } from 'node:fs';
import type { TokenCredential } from '@azure/identity';
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  CredentialUnavailableError,
  ManagedIdentityCredential,
} from '@azure/identity';
import { ConfigError } from '../errors';
import type { Logger } from '../log';
import { isLoopbackHost } from '../loopback';
import { DevTokenCredential } from './devToken';
import { GUID_PATTERN } from './validate';

/** Inputs of `createGraphCredential`: the AZURE_* settings, named as the Azure SDK names them. */
export interface GraphCredentialOptions {
  /** Graph endpoint (GRAPH_BASE_URL). A loopback URL allows the simulator's development token. */
  baseUrl: string;
  /** AZURE_TENANT_ID: a GUID or a verified domain (contoso.onmicrosoft.com). */
  tenantId?: string;
  /** AZURE_CLIENT_ID: the app registration or user-assigned managed identity (a GUID). */
  clientId?: string;
  /** AZURE_CLIENT_SECRET. */
  clientSecret?: string;
  /** AZURE_CLIENT_CERTIFICATE_PATH: a PEM file with the certificate and its private key. */
  certificatePath?: string;
  /**
   * MANAGED_IDENTITY_CLIENT_ID: without a secret or certificate, the user-assigned managed identity whose
   * token is `clientId`'s client assertion (a federated identity credential on the app trusts it).
   */
  managedIdentityClientId?: string;
  /**
   * Builds the managed identity of the `federated` kind. Default `new ManagedIdentityCredential(o)`; the
   * composition root may pass one that shares a single instance across tenants (the managed identity's
   * token is the same for every tenant), tests a fake.
   */
  createManagedIdentity?: (o: { clientId: string }) => TokenCredential;
  logger: Logger;
}

/** Which credential `createGraphCredential` chose. */
export type GraphCredentialKind = 'certificate' | 'secret' | 'federated' | 'managedIdentity' | 'development';

/**
 * The audience of a managed identity's token used as a federated credential's assertion: Entra's token
 * exchange. See "Configure an application to trust a managed identity" (Microsoft Entra Workload ID docs,
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity):
 * the app registration and the managed identity live in the same (the provider's) tenant, the multi-tenant
 * app is provisioned and consented in each customer tenant, and its federated identity credential has
 * issuer `https://login.microsoftonline.com/{provider tenant}/v2.0`, subject the managed identity's object
 * id and audience `api://AzureADTokenExchange`.
 */
export const TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

const NO_CREDENTIALS =
  'set AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, ' +
  'or AZURE_CLIENT_ID for managed identity';

/**
 * Picks the Graph credential from the settings, in the same order as the config check:
 * certificate, then client secret (both need tenant + client id), then a managed identity (client id
 * alone), then, only for a loopback `baseUrl`, the simulator's development token. Anything else is a
 * `ConfigError` naming every key to fix. Builds objects only: no network, no token request.
 */
export function createGraphCredential(o: GraphCredentialOptions): TokenCredential {
  const kind = chooseCredential(o);
  const log = o.logger.child({ component: 'graph-auth' });
  const tenantId = o.tenantId ?? '';
  const clientId = o.clientId ?? '';
  switch (kind) {
    case 'certificate':
      if (o.clientSecret) log.warn('AZURE_CLIENT_SECRET is ignored: AZURE_CLIENT_CERTIFICATE_PATH is set');
      log.info({ kind, clientId }, 'Graph credential: client certificate');
      return new ClientCertificateCredential(tenantId, clientId, {
        certificatePath: o.certificatePath ?? '',
      });
    case 'secret':
      log.info({ kind, clientId }, 'Graph credential: client secret');
      return new ClientSecretCredential(tenantId, clientId, o.clientSecret ?? '');
    case 'federated':
      log.info(
        { kind, clientId, managedIdentityClientId: o.managedIdentityClientId, tenantId },
        'Graph credential: federated credential (managed identity assertion)',
      );
      return federatedCredential(o, tenantId);
    case 'managedIdentity':
      log.info({ kind, clientId }, 'Graph credential: managed identity');
      return new ManagedIdentityCredential({ clientId });
    case 'development':
      log.warn(
        { kind },
        'Graph credential: development token from the local simulator (never in production)',
      );
      return new DevTokenCredential({ baseUrl: o.baseUrl, logger: log });
  }
}

/**
 * The Graph credential of one customer tenant (TENANTS_FILE) for the multi-tenant app `clientId`: its
 * certificate or secret with `tenantId` = the customer's tenant; without either, a federated credential
 * (`ClientAssertionCredential` whose assertion is the managed identity `managedIdentityClientId`'s
 * token); against a loopback `baseUrl`, the simulator's development token for that tenant. A managed
 * identity alone is refused: it can get tokens in its own tenant only (a managed identity is a
 * single-tenant principal; see Azure/azure-sdk-for-python#23080 and Azure/azure-sdk-for-rust#3471).
 * One object per tenant: @azure/identity caches each credential's tokens. Builds objects only.
 */
export function createTenantCredential(
  o: GraphCredentialOptions & { tenantId: string; managedIdentityClientId?: string },
): TokenCredential {
  const kind = chooseTenantCredential(o);
  const log = o.logger.child({ component: 'graph-auth', tenantId: o.tenantId });
  if (kind !== 'development') return createGraphCredential({ ...o, logger: log });
  log.info({ kind }, 'Graph credential: development token of the local simulator for this tenant');
  return new DevTokenCredential({ baseUrl: o.baseUrl, tenantId: o.tenantId, logger: log });
}

/** `chooseCredential` for one customer tenant: never a bare managed identity (see createTenantCredential). */
export function chooseTenantCredential(
  o: Omit<GraphCredentialOptions, 'logger'> & { tenantId: string },
): Exclude<GraphCredentialKind, 'managedIdentity'> {
  if (isLoopbackUrl(o.baseUrl) && !o.certificatePath && !o.clientSecret) {
    // The simulator also knows the single deployment's `default` tenant (no TENANTS_FILE).
    if (typeof o.tenantId === 'string' && DEV_TENANT.test(o.tenantId)) return 'development';
    throw new ConfigError([
      {
        key: 'tenantId',
        message: `"${String(o.tenantId)}" must be a GUID, a domain such as contoso.onmicrosoft.com, or default`,
      },
    ]);
  }
  const kind = chooseCredential(o);
  if (kind === 'managedIdentity')
    throw new ConfigError([{ key: 'AZURE_CLIENT_ID', message: MI_NOT_CROSS_TENANT }]);
  return kind;
}

const MI_NOT_CROSS_TENANT =
  'alone (a managed identity) gets no tokens in another tenant: give the multi-tenant app AZURE_CLIENT_ID ' +
  'a secret, a certificate, or a federated credential trusting MANAGED_IDENTITY_CLIENT_ID';

/** `ClientAssertionCredential(tenant, app)` fed by the managed identity's token-exchange token. */
function federatedCredential(o: GraphCredentialOptions, tenantId: string): TokenCredential {
  const miClientId = o.managedIdentityClientId ?? '';
  const mi = (o.createManagedIdentity ?? ((x) => new ManagedIdentityCredential(x)))({ clientId: miClientId });
  const assertion = async (): Promise<string> => {
    const token = await mi.getToken(TOKEN_EXCHANGE_SCOPE);
    if (!token?.token)
      throw new CredentialUnavailableError(
        `The managed identity ${miClientId} gave no token for ${TOKEN_EXCHANGE_SCOPE}: ` +
          'is it assigned to this host (MANAGED_IDENTITY_CLIENT_ID)?',
      );
    return token.token;
  };
  return new ClientAssertionCredential(tenantId, o.clientId ?? '', assertion);
}

/** The credential kind the options select, or a `ConfigError` listing what is missing or invalid. */
export function chooseCredential(o: Omit<GraphCredentialOptions, 'logger'>): GraphCredentialKind {
  const issues: Array<{ key: string; message: string }> = [];
  const url = parseUrl(o.baseUrl, issues);
  let kind: GraphCredentialKind | undefined;
  if (o.certificatePath) {
    if (!existsSync(o.certificatePath))
      issues.push({ key: 'AZURE_CLIENT_CERTIFICATE_PATH', message: 'file not found' });
    requireAppIdentity(o, issues, 'AZURE_CLIENT_CERTIFICATE_PATH');
    kind = 'certificate';
  } else if (o.clientSecret) {
    requireAppIdentity(o, issues, 'AZURE_CLIENT_SECRET');
    kind = 'secret';
  } else if (o.managedIdentityClientId) {
    requireAppIdentity(o, issues, 'MANAGED_IDENTITY_CLIENT_ID');
    checkManagedIdentity(o, issues);
    kind = 'federated';
  } else if (o.clientId) {
    checkClientId(o.clientId, issues);
    kind = 'managedIdentity';
  } else if (url && isLoopbackHost(url.hostname)) {
    kind = 'development';
  } else if (url) {
    issues.push({
      key: 'AZURE_CLIENT_ID',
      message: `no Graph credentials for ${url.host}: ${NO_CREDENTIALS}`,
    });
  }
  if (issues.length > 0 || !kind) throw new ConfigError(issues);
  return kind;
}

/** True for https/http URLs on localhost, 127.0.0.0/8 or ::1; false for anything else, junk included. */
export function isLoopbackUrl(url: string): boolean {
  return typeof url === 'string' && URL.canParse(url) && isLoopbackHost(new URL(url).hostname);
}

function parseUrl(baseUrl: string, issues: Array<{ key: string; message: string }>): URL | undefined {
  if (typeof baseUrl === 'string' && URL.canParse(baseUrl)) return new URL(baseUrl);
  issues.push({ key: 'GRAPH_BASE_URL', message: `is not a URL: "${String(baseUrl)}"` });
  return undefined;
}

function requireAppIdentity(
  o: Omit<GraphCredentialOptions, 'logger'>,
  issues: Array<{ key: string; message: string }>,
  what: string,
): void {
  if (!o.tenantId) issues.push({ key: 'AZURE_TENANT_ID', message: `is required with ${what}` });
  else if (!TENANT.test(o.tenantId))
    issues.push({
      key: 'AZURE_TENANT_ID',
      message: 'must be a GUID or a domain such as contoso.onmicrosoft.com',
    });
  if (!o.clientId) issues.push({ key: 'AZURE_CLIENT_ID', message: `is required with ${what}` });
  else checkClientId(o.clientId, issues);
}

function checkManagedIdentity(
  o: Omit<GraphCredentialOptions, 'logger'>,
  issues: Array<{ key: string; message: string }>,
): void {
  const mi = o.managedIdentityClientId ?? '';
  if (!GUID_PATTERN.test(mi))
    issues.push({
      key: 'MANAGED_IDENTITY_CLIENT_ID',
      message: "must be the managed identity's client id, a GUID",
    });
  else if (mi.toLowerCase() === o.clientId?.toLowerCase())
    issues.push({
      key: 'MANAGED_IDENTITY_CLIENT_ID',
      message:
        'must differ from AZURE_CLIENT_ID (the app whose federated credential trusts the managed identity)',
    });
}

function checkClientId(clientId: string, issues: Array<{ key: string; message: string }>): void {
  if (!GUID_PATTERN.test(clientId))
    issues.push({ key: 'AZURE_CLIENT_ID', message: 'must be the application (client) id, a GUID' });
}

/** A GUID or a DNS name: the Azure SDK accepts nothing else for a tenant. */
const TENANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

/** What the development token may name as its tenant: a tenant id or a plain name such as `default`. */
const DEV_TENANT = /^[a-z0-9][a-z0-9.-]{0,252}$/i;
