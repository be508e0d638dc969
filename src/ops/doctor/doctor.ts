import type { TokenCredential } from '@azure/identity';
import { SystemClock, type Clock } from '../../clock';
import { loadConfig, type Config } from '../../config';
import { ConfigError, errorMessage } from '../../errors';
import { silentLogger, type Logger } from '../../log';
import {
  checkAnalysts,
  checkAzureMonitor,
  checkBotRegistration,
  checkCertificate,
  describeConfig,
} from './config';
import { checkGraph } from './graph';
import { checkStore } from './store';
import { fail, ok, skip, type DoctorCheck, type DoctorReport } from './types';

/** Inputs of `runDoctor`. */
export interface DoctorOptions {
  /** The environment to check (process.env merged with the env files). */
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Default: the configured credential (tests pass one for the simulator). */
  credential?: TokenCredential;
  /** HTTP client of the Graph reachability probe. Default the global fetch. */
  fetch?: typeof fetch;
  /** Each network step's time limit, ms. Default 15000. */
  timeoutMs?: number;
  /** Where the checked components log. Default silent: the doctor prints its own table. */
  logger?: Logger;
  /** Loads the Azure Monitor packages (tests). */
  loadAzureMonitor?: () => Promise<unknown>;
}

/**
 * `npm run doctor`: checks that this configuration can run the bot. Configuration valid; bot
 * registration consistent (local mode noted); the Graph certificate's days left; the store opens and
 * answers; Graph reachable, a token obtainable and each feature's permission; Azure Monitor. Blocking:
 * invalid configuration, store down, Graph unreachable or no token, the alerts permission missing, an
 * expired certificate. Never throws.
 */
export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
  const logger = o.logger ?? silentLogger();
  const now = (o.clock ?? new SystemClock()).now();
  const timeoutMs = o.timeoutMs ?? 15_000;
  let config: Config;
  try {
    config = loadConfig(o.env);
  } catch (err) {
    const detail =
      err instanceof ConfigError
        ? err.issues.map((i) => `${i.key}: ${i.message}`).join('; ')
        : errorMessage(err);
    return report([fail('configuration', detail), skip('everything else', 'needs a valid configuration')]);
  }
  const checks: DoctorCheck[] = [
    ok('configuration', describeConfig(config)),
    checkBotRegistration(config),
    checkAnalysts(config),
    checkCertificate(config, now),
    await checkStore(config, logger, timeoutMs),
  ];
  try {
    checks.push(
      ...(await checkGraph(config, { logger, timeoutMs, now, credential: o.credential, fetch: o.fetch })),
    );
  } catch (err) {
    checks.push(fail('Graph', `could not be checked: ${errorMessage(err)}`));
  }
  checks.push(await checkAzureMonitor(config, o.loadAzureMonitor));
  return report(checks);
}

function report(checks: DoctorCheck[]): DoctorReport {
  const blocking = checks.filter((c) => c.status === 'fail' && c.blocking);
  return { checks, blocking, exitCode: blocking.length ? 1 : 0 };
}
