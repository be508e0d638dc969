import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { ServiceMetrics } from '../ops';
import type { CertificateWatch } from '../ops/certificate';
import type { GuardedGraph, Permissions } from '../permissions';
import type { Poller } from '../poller';
import type { OpenedStorage } from '../store';
import type { buildTeams } from './teams';

/** What every builder shares. */
export interface Base {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: ServiceMetrics;
  storage: OpenedStorage;
  startedAt: number;
}

/** The parts the later builders wire together. */
export interface Parts {
  permissions: Permissions;
  guarded: GuardedGraph;
  teams: ReturnType<typeof buildTeams>;
  poller: Poller;
  watch: CertificateWatch | undefined;
}
