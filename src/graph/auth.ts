import { existsSync } from 'node:fs';
import type { TokenCredential } from '@azure/identity';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
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
  logger: Logger;
}

/** Which credential `createGraphCredential` chose. */
export type GraphCredentialKind = 'certificate' | 'secret' | 'managedIdentity' | 'development';

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

function checkClientId(clientId: string, issues: Array<{ key: string; message: string }>): void {
  if (!GUID_PATTERN.test(clientId))
    issues.push({ key: 'AZURE_CLIENT_ID', message: 'must be the application (client) id, a GUID' });
}

/** A GUID or a DNS name: the Azure SDK accepts nothing else for a tenant. */
const TENANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;
