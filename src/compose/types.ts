import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { ServiceMetrics } from '../ops';
import type { CertificateWatch } from '../ops/certificate';
import type { GuardedGraph, Permissions } from '../permissions';
import type { OpenedStorage } from '../store';
import type { TenantFleet } from './fleet';
import type { TenantParts } from './tenant';
import type { TeamsParts } from './teams';

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
  /** The provider's own tenant (Teams, the roster, the analysts' group): its permissions and Graph. */
  permissions: Permissions;
  guarded: GuardedGraph;
  teams: TeamsParts;
  fleet: TenantFleet;
  /** The first tenant: what `/status` and readiness show for a single-tenant deployment. */
  first: TenantParts;
  watch: CertificateWatch | undefined;
}
