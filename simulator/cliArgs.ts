import { isScenarioName } from './scenario';
import type { SimulatorOptions } from './types';

export const USAGE =
  'usage: tsx simulator/cli.ts --port <p> --scenario <empty|demo|live|scale:N> --tls-dir <dir> ' +
  '[--seed n] [--page-size n] [--roles a,b] [--no-throttle] [--live-interval-ms n] [--token-ttl-seconds n] ' +
  '[--unpublished-sources a,b] [--dlp-action-type DlpRuleMatch|DLPRuleMatch|both] ' +
  '[--empty-data-security-events] [--hunting-quota n|off]';

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
