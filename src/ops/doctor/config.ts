import type { Config } from '../../config';
import { errorMessage } from '../../errors';
import { readCertificate } from '../certificate/certificate';
import { describeExpiry, DEFAULT_CERTIFICATE_THRESHOLDS } from '../certificate/notice';
import { loadAzureMonitorModules } from '../metrics';
import { fail, ok, skip, warn, type DoctorCheck } from './types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CREDENTIAL_NAMES: Record<Config['graph']['credentialKind'], string> = {
  certificate: 'client certificate',
  secret: 'client secret',
  managedIdentity: 'managed identity',
  federated: 'a federated credential (the managed identity MANAGED_IDENTITY_CLIENT_ID)',
  development: "the simulator's development token",
};

/** What the configuration amounts to, in one line (no secret: kinds, ids and paths only). */
export function describeConfig(config: Config): string {
  const store =
    config.store.kind === 'sqlite'
      ? `sqlite ${config.store.path}`
      : config.store.kind === 'azure-blob'
        ? `azure-blob container ${config.store.container}`
        : 'memory';
  return `Graph ${config.graph.baseUrl} with ${CREDENTIAL_NAMES[config.graph.credentialKind]}; store ${store}`;
}

/** BOT_ID / BOT_PASSWORD / BOT_TYPE / BOT_TENANT_ID beyond what the loader already refuses. */
export function checkBotRegistration(config: Config): DoctorCheck {
  const name = 'bot registration';
  const b = config.bot;
  if (b.localMode)
    return warn(
      name,
      'local mode: no BOT_ID, so requests to /api/messages are not authenticated. Fine for Agents ' +
        'Playground and tests; set BOT_ID (and BOT_PASSWORD or a managed identity) for Teams.',
    );
  const notes: string[] = [];
  if (!GUID.test(b.id ?? '')) notes.push('BOT_ID is not a GUID (the Entra application id of the bot)');
  if (b.type === 'UserAssignedMsi' && b.password)
    notes.push('BOT_PASSWORD is ignored with BOT_TYPE=UserAssignedMsi: remove it');
  if (b.type === 'MultiTenant' && b.tenantId)
    notes.push('BOT_TENANT_ID is ignored with BOT_TYPE=MultiTenant');
  if (b.tenantId && !GUID.test(b.tenantId)) notes.push('BOT_TENANT_ID is not a GUID');
  const what = `BOT_TYPE=${b.type}, BOT_ID ${b.id}${b.tenantId ? `, tenant ${b.tenantId}` : ''}`;
  return notes.length ? warn(name, `${what}: ${notes.join('; ')}`) : ok(name, what);
}

/** Days left on the Graph client certificate. */
export function checkCertificate(config: Config, now: number): DoctorCheck {
  const name = 'certificate';
  const path = config.graph.certificatePath;
  if (!path)
    return skip(
      name,
      `no certificate (the Graph credential is ${CREDENTIAL_NAMES[config.graph.credentialKind]})`,
    );
  let notAfter: number;
  let subject: string;
  try {
    ({ notAfter, subject } = readCertificate(path));
  } catch (err) {
    return fail(name, errorMessage(err));
  }
  const expiry = `${subject} ${describeExpiry({ notAfter }, now)} (${new Date(notAfter).toISOString()})`;
  if (notAfter <= now) return fail(name, `${expiry}: Graph refuses it. Renew it and replace the PEM file.`);
  const days = (notAfter - now) / 86_400_000;
  if (days <= Math.max(...DEFAULT_CERTIFICATE_THRESHOLDS)) return warn(name, `${expiry}: renew it soon`);
  return ok(name, expiry);
}

/** Who may act on alerts. */
export function checkAnalysts(config: Config): DoctorCheck {
  const name = 'analysts';
  const { analysts, analystGroupId } = config.access;
  if (analysts.length === 0 && !analystGroupId)
    return config.bot.localMode
      ? ok(name, 'none configured: in local mode everyone may act')
      : warn(name, 'nobody may act on alerts: set SOC_ANALYSTS (object ids or UPNs) or SOC_ANALYST_GROUP_ID');
  const parts = [];
  if (analysts.length) parts.push(`${analysts.length} in SOC_ANALYSTS`);
  if (analystGroupId) parts.push(`members of group ${analystGroupId}`);
  return ok(name, parts.join(' and '));
}

/** Whether Azure Monitor can be fed. */
export async function checkAzureMonitor(
  config: Config,
  load: () => Promise<unknown> = loadAzureMonitorModules,
): Promise<DoctorCheck> {
  const name = 'Azure Monitor';
  if (!config.appInsightsConnectionString)
    return skip(name, 'APPLICATIONINSIGHTS_CONNECTION_STRING is not set');
  try {
    await load();
    return ok(name, 'metrics are exported to Application Insights');
  } catch (err) {
    return warn(
      name,
      `APPLICATIONINSIGHTS_CONNECTION_STRING is set but @azure/monitor-opentelemetry is not installed ` +
        `(${errorMessage(err).split('\n')[0]}): metrics stay on /metrics only`,
    );
  }
}
