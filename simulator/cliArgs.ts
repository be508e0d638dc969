import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isScenarioName } from './scenario';
import { namedTenantId } from './tenancy';
import type { SimulatorOptions, TenantOptions } from './types';

export const USAGE =
  'usage: tsx simulator/cli.ts --port <p> --scenario <empty|demo|live|scale:N> --tls-dir <dir> ' +
  '[--seed n] [--page-size n] [--roles a,b] [--no-throttle] [--live-interval-ms n] [--token-ttl-seconds n] ' +
  '[--unpublished-sources a,b] [--dlp-action-type DlpRuleMatch|DLPRuleMatch|both] ' +
  '[--empty-data-security-events] [--hunting-quota n|off] ' +
  '[--tenants <n | name,name,… | file.json|.yaml>] [--tenant-scenario name] [--tenant-trickle-ms n]';

const VALUED = [
  '--port',
  '--scenario',
  '--tls-dir',
  '--seed',
  '--page-size',
  '--roles',
  '--live-interval-ms',
  '--token-ttl-seconds',
  '--unpublished-sources',
  '--dlp-action-type',
  '--hunting-quota',
  '--tenants',
  '--tenant-scenario',
  '--tenant-trickle-ms',
];

/** Parses the CLI arguments; throws with a message naming the bad argument. */
export function parseCliArgs(argv: readonly string[]): SimulatorOptions {
  const values = new Map<string, string>();
  let noThrottle = false;
  let emptyDse = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (name === '--no-throttle' || name === '--empty-data-security-events') {
      if (name === '--no-throttle') noThrottle = true;
      else emptyDse = true;
      continue;
    }
    if (!VALUED.includes(name)) throw new Error(`unknown argument '${arg}'`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    values.set(name, value);
  }
  const tlsDir = values.get('--tls-dir');
  if (!tlsDir) throw new Error('--tls-dir is required');
  const scenario = values.get('--scenario') ?? 'demo';
  if (!isScenarioName(scenario))
    throw new Error(`unknown scenario '${scenario}' (use empty, demo, live or scale:<n>)`);
  const int = (name: string): number | undefined => {
    const v = values.get(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
    return Number(v);
  };
  const roles = values.get('--roles');
  const list = (v: string | undefined): string[] | undefined =>
    v === undefined
      ? undefined
      : v
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
  const spelling = values.get('--dlp-action-type');
  if (spelling !== undefined && !['DlpRuleMatch', 'DLPRuleMatch', 'both'].includes(spelling))
    throw new Error(`--dlp-action-type must be DlpRuleMatch, DLPRuleMatch or both, got '${spelling}'`);
  const quota = values.get('--hunting-quota') === 'off' ? false : int('--hunting-quota');
  return {
    ...tenantsOf(values.get('--tenants'), values.get('--tenant-scenario'), int('--tenant-trickle-ms')),
    fidelity: {
      unpublishedSources: list(values.get('--unpublished-sources')),
      dlpActionType: spelling as 'DlpRuleMatch' | 'DLPRuleMatch' | 'both' | undefined,
      emptyDataSecurityEvents: emptyDse,
      huntingQuota: quota,
    },
    tlsDir,
    scenario,
    port: int('--port') ?? 0,
    seed: int('--seed'),
    pageSize: int('--page-size'),
    liveIntervalMs: int('--live-interval-ms'),
    tokenTtlSeconds: int('--token-ttl-seconds'),
    roles: list(roles),
    throttle: noThrottle ? false : undefined,
  };
}

/**
 * `--tenants`: a number (that many generated tenants, each `--tenant-scenario`, default `scale:10`, with a
 * live step every `--tenant-trickle-ms`, default 60000), names (`contoso,fabrikam`: each the `--scenario`;
 * Contoso keeps TENANT_ID, any other name gets `namedTenantId(name)`), or a JSON/YAML file holding
 * `{tenants: [...]}` or a list of `TenantOptions`.
 */
function tenantsOf(
  arg: string | undefined,
  scenario: string | undefined,
  trickleMs: number | undefined,
): Pick<SimulatorOptions, 'tenants' | 'tenantCount' | 'tenantScenario' | 'tenantTrickleMs'> {
  if (arg === undefined) {
    if (scenario !== undefined || trickleMs !== undefined)
      throw new Error('--tenant-scenario and --tenant-trickle-ms need --tenants <n>');
    return {};
  }
  if (/^\d+$/.test(arg)) {
    if (scenario !== undefined && !isScenarioName(scenario))
      throw new Error(`unknown --tenant-scenario '${scenario}' (use empty, demo, live or scale:<n>)`);
    return { tenantCount: Number(arg), tenantScenario: scenario, tenantTrickleMs: trickleMs };
  }
  if (scenario !== undefined || trickleMs !== undefined)
    throw new Error('--tenant-scenario and --tenant-trickle-ms apply to --tenants <n> only');
  if (/\.(json|ya?ml)$/i.test(arg)) return { tenants: readTenantsFile(arg) };
  const names = arg.split(',').map((n) => n.trim());
  const bad = names.find((n) => !/^[a-z0-9][a-z0-9-]{0,31}$/.test(n));
  if (bad !== undefined)
    throw new Error(
      `--tenants: '${bad}' is not a tenant name (^[a-z0-9][a-z0-9-]{0,31}$), a number or a .json/.yaml file`,
    );
  return { tenants: names.map((name) => ({ tenantId: namedTenantId(name), name })) };
}

function readTenantsFile(path: string): TenantOptions[] {
  let parsed: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    parsed = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`--tenants: cannot read ${path}: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed !== null &&
        typeof parsed === 'object' &&
        Array.isArray((parsed as { tenants?: unknown }).tenants)
      ? (parsed as { tenants: unknown[] }).tenants
      : undefined;
  if (!list) throw new Error(`--tenants: ${path} must hold {tenants: [...]} or a list of tenants`);
  // Each entry is validated by startSimulator, which reports every bad one at once.
  return list as TenantOptions[];
}
