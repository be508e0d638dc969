import type { TokenCredential } from '@azure/identity';
import type { Config } from '../../config';
import { errorMessage, GraphError } from '../../errors';
import { createGraphCredential, createTenantCredential, GraphSecurityClient } from '../../graph';
import { featureReadiness, type Feature } from '../../permissions';
import type { Logger } from '../../log';
import { fail, ok, skip, warn, within, type DoctorCheck } from './types';

/** Settings of the Graph checks. */
export interface GraphCheckOptions {
  logger: Logger;
  /** Per step, ms. */
  timeoutMs: number;
  /** Default: the configured credential. */
  credential?: TokenCredential;
  /** HTTP client of the reachability probe; default the global fetch. */
  fetch?: typeof fetch;
  now: number;
}

const TOKEN_HINTS: Record<Config['graph']['credentialKind'], string> = {
  development: 'Start the simulator (npm run simulator) at GRAPH_BASE_URL.',
  secret: 'Check AZURE_TENANT_ID, AZURE_CLIENT_ID and that AZURE_CLIENT_SECRET is current.',
  certificate:
    'Check AZURE_TENANT_ID, AZURE_CLIENT_ID and that the certificate is uploaded to the app registration.',
  managedIdentity: 'Check that the managed identity AZURE_CLIENT_ID is assigned to this host.',
  federated:
    'Check that the managed identity MANAGED_IDENTITY_CLIENT_ID is assigned to this host and that the app ' +
    'AZURE_CLIENT_ID has a federated credential trusting it (issuer: your tenant, subject: its object id).',
};

const FEATURE_LABELS: Record<Feature, string> = {
  alerts: 'alerts (polling, cards, /alerts)',
  actions: 'card actions (enrich, comment, triage)',
  sensitiveInfo: 'sensitive info types (/sit)',
  groupAccess: 'analyst group (SOC_ANALYST_GROUP_ID)',
  incidents: 'incidents',
};

/**
 * Graph: the endpoint answers over HTTPS (no token needed), a token is obtainable and its roles grant
 * each feature, and, when alerts may be read, one authenticated read succeeds. Nothing is sent that
 * the token's roles would get refused.
 */
export async function checkGraph(config: Config, o: GraphCheckOptions): Promise<DoctorCheck[]> {
  const endpoint = await checkEndpoint(config.graph.baseUrl, o);
  if (!config.tenantsFile)
    return [
      endpoint,
      ...(await checkTenant(
        config,
        o.credential ?? createGraphCredential({ ...config.graph, logger: o.logger }),
        o,
      )),
    ];
  return [endpoint, ...(await checkTenants(config, o))];
}

/**
 * With TENANTS_FILE: the token, permissions and one read per customer tenant (its consent is its own),
 * each line naming the tenant. A tenant that fails while others work is reported but does not block:
 * the bot runs, and that tenant shows its error in /status and /tenants until its consent is fixed.
 */
async function checkTenants(config: Config, o: GraphCheckOptions): Promise<DoctorCheck[]> {
  const perTenant: DoctorCheck[][] = [];
  for (const spec of config.tenants) {
    const credential =
      o.credential ?? createTenantCredential({ ...config.graph, tenantId: spec.tenantId, logger: o.logger });
    const checks = await checkTenant(config, credential, o).catch((err: unknown) => [
      fail('Graph', `could not be checked: ${errorMessage(err)}`),
    ]);
    perTenant.push(checks.map((c) => ({ ...c, name: `${spec.name}: ${c.name}` })));
  }
  const working = perTenant.filter((checks) => !checks.some((c) => c.status === 'fail')).length;
  return perTenant
    .flat()
    .map((c) =>
      c.status === 'fail' && working > 0
        ? { ...c, blocking: false, detail: `${c.detail} (the other tenants are not affected)` }
        : c,
    );
}

/** One tenant's token, permissions and read. */
async function checkTenant(
  config: Config,
  credential: TokenCredential,
  o: GraphCheckOptions,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const client = new GraphSecurityClient({
    baseUrl: config.graph.baseUrl,
    credential,
    logger: o.logger,
    maxRetries: 1,
    timeoutMs: o.timeoutMs,
  });
  let roles: string[] | undefined;
  try {
    roles = await within(o.timeoutMs, client.grantedRoles(), () => {
      throw new Error(`no token within ${Math.round(o.timeoutMs / 1000)} s`);
    });
    checks.push(
      ok(
        'Graph token',
        roles ? `obtained; roles: ${roles.join(', ') || 'none'}` : 'obtained (roles unreadable)',
      ),
    );
  } catch (err) {
    checks.push(
      fail('Graph token', `${sentence(errorMessage(err))} ${TOKEN_HINTS[config.graph.credentialKind]}`),
    );
    return [...checks, skip('permissions', 'not checked: no token')];
  }
  checks.push(...permissionChecks(config, roles));
  const readiness = featureReadiness(roles);
  checks.push(
    readiness.alerts.ready
      ? await checkRead(client, o)
      : skip('Graph read', 'not tried: SecurityAlert.Read.All is missing'),
  );
  return checks;
}

/** One line per feature; the alerts permission is the one the bot cannot run without. */
function permissionChecks(config: Config, roles: string[] | undefined): DoctorCheck[] {
  const unused: Partial<Record<Feature, string>> = {
    groupAccess: config.access.analystGroupId ? undefined : 'SOC_ANALYST_GROUP_ID is not set',
    incidents: 'no feature reads incidents yet',
  };
  return (
    Object.entries(featureReadiness(roles)) as Array<[Feature, ReturnType<typeof featureReadiness>[Feature]]>
  ).map(([feature, f]) => {
    const name = `permission: ${feature}`;
    const what = FEATURE_LABELS[feature];
    if (f.ready) return f.verified ? ok(name, `${what}: ready`) : warn(name, `${what}: ${f.message}`);
    if (unused[feature]) return skip(name, `${what}: ${f.message}; not used (${unused[feature]})`);
    if (feature === 'alerts')
      return fail(name, `${what}: ${f.message}. The bot cannot poll: grant it and give admin consent.`);
    return warn(name, `${what}: ${f.message}. The feature is switched off until it is granted.`);
  });
}

/** Any HTTP answer proves the endpoint is reachable and its TLS certificate trusted. */
async function checkEndpoint(baseUrl: string, o: GraphCheckOptions): Promise<DoctorCheck> {
  const name = 'Graph endpoint';
  const url = `${new URL(baseUrl).origin}/v1.0/`;
  try {
    const res = await (o.fetch ?? fetch)(url, { method: 'GET', signal: AbortSignal.timeout(o.timeoutMs) });
    await res.body?.cancel();
    return ok(name, `${new URL(baseUrl).host} answers over HTTPS (HTTP ${res.status} without a token)`);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? errorMessage(err);
    const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(cause)
      ? ': its TLS certificate is not trusted (for the simulator, start with NODE_EXTRA_CA_CERTS=<its cert.pem>)'
      : ': check GRAPH_BASE_URL, DNS and the outbound firewall';
    return fail(name, `${url} did not answer (${cause})${hint}`);
  }
}

/** One authenticated read of the alerts changed in the last 5 minutes: the token is accepted. */
async function checkRead(client: GraphSecurityClient, o: GraphCheckOptions): Promise<DoctorCheck> {
  const name = 'Graph read';
  const since = new Date(o.now - 5 * 60_000).toISOString();
  try {
    const listed = await client.listAlertsChangedSince(since, { signal: AbortSignal.timeout(o.timeoutMs) });
    return ok(
      name,
      `GET /security/alerts_v2 works (${listed.alerts.length} alert(s) changed in the last 5 minutes)`,
    );
  } catch (err) {
    if (
      err instanceof GraphError &&
      (err.reason === 'throttled' || err.reason === 'unavailable') &&
      err.status !== 0
    )
      return warn(name, `Graph is busy (${err.status}): ${err.message}`);
    return fail(name, `GET /security/alerts_v2 failed: ${errorMessage(err)}`);
  }
}

/** `text` ending in a full stop (or its own ? or !). */
function sentence(text: string): string {
  const t = text.trim();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}
