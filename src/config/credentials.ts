import { isLoopbackHost } from '../loopback';
import type { RawEnv } from './schema';

type Issues = Array<{ key: string; message: string }>;

/**
 * Which Graph credential the AZURE_* keys select. `federated`: AZURE_CLIENT_ID's tokens with the managed
 * identity MANAGED_IDENTITY_CLIENT_ID's token as the client assertion (no secret at all, and unlike
 * `managedIdentity` valid in the customers' tenants).
 */
export type GraphCredentialKind = 'secret' | 'certificate' | 'managedIdentity' | 'federated' | 'development';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The credential kind, in the order `createGraphCredential` / `createTenantCredential` (src/graph/auth.ts)
 * choose it, with every missing or contradictory key reported in `issues`.
 */
export function graphCredentialKind(
  raw: RawEnv,
  issues: Issues,
  fileExists: (path: string) => boolean,
): GraphCredentialKind | undefined {
  const url = new URL(raw.GRAPH_BASE_URL);
  if (url.protocol !== 'https:') {
    issues.push({
      key: 'GRAPH_BASE_URL',
      message: 'must be an https:// URL (the Graph client sends tokens only over https)',
    });
  }
  checkManagedIdentityClientId(raw, issues);
  if (raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    if (!fileExists(raw.AZURE_CLIENT_CERTIFICATE_PATH))
      issues.push({ key: 'AZURE_CLIENT_CERTIFICATE_PATH', message: 'file not found' });
    requireTenantAndClient(raw, issues, 'a certificate');
    return 'certificate';
  }
  if (raw.AZURE_CLIENT_SECRET) {
    requireTenantAndClient(raw, issues, 'a client secret');
    return 'secret';
  }
  const loopback = isLoopbackHost(url.hostname);
  // Against the simulator each tenant gets its development token; the simulator knows no identities.
  if (raw.TENANTS_FILE && loopback) return 'development';
  if (raw.MANAGED_IDENTITY_CLIENT_ID) {
    requireTenantAndClient(raw, issues, 'MANAGED_IDENTITY_CLIENT_ID (a federated credential)');
    return 'federated';
  }
  if (raw.AZURE_CLIENT_ID && raw.TENANTS_FILE) {
    issues.push({
      key: 'AZURE_CLIENT_ID',
      message:
        'alone (a managed identity) cannot serve TENANTS_FILE: a managed identity gets no tokens in another ' +
        'tenant. Make AZURE_CLIENT_ID the multi-tenant app consented in each tenant and give it a secret ' +
        '(AZURE_CLIENT_SECRET), a certificate (AZURE_CLIENT_CERTIFICATE_PATH), or a federated credential ' +
        "trusting the bot's user-assigned managed identity (MANAGED_IDENTITY_CLIENT_ID)",
    });
    return undefined;
  }
  if (raw.AZURE_CLIENT_ID) return 'managedIdentity';
  if (loopback) return 'development';
  issues.push({
    key: 'AZURE_CLIENT_ID',
    message:
      `no Graph credentials for ${url.host}: set AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET ` +
      '(or AZURE_CLIENT_CERTIFICATE_PATH), or AZURE_CLIENT_ID alone for a managed identity',
  });
  return undefined;
}

function requireTenantAndClient(raw: RawEnv, issues: Issues, what: string): void {
  // With TENANTS_FILE each tenant supplies its tenant id.
  if (!raw.AZURE_TENANT_ID && !raw.TENANTS_FILE)
    issues.push({ key: 'AZURE_TENANT_ID', message: `is required with ${what} (or TENANTS_FILE)` });
  if (!raw.AZURE_CLIENT_ID) issues.push({ key: 'AZURE_CLIENT_ID', message: `is required with ${what}` });
}

function checkManagedIdentityClientId(raw: RawEnv, issues: Issues): void {
  const mi = raw.MANAGED_IDENTITY_CLIENT_ID;
  if (!mi) return;
  if (!GUID.test(mi))
    issues.push({
      key: 'MANAGED_IDENTITY_CLIENT_ID',
      message: "must be the managed identity's client id, a GUID",
    });
  else if (raw.AZURE_CLIENT_ID?.toLowerCase() === mi.toLowerCase())
    issues.push({
      key: 'MANAGED_IDENTITY_CLIENT_ID',
      message:
        'must differ from AZURE_CLIENT_ID: AZURE_CLIENT_ID is the app registration whose federated credential ' +
        'trusts this managed identity',
    });
}
