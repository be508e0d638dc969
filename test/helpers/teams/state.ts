/** The state one fake connector instance shares between its request handlers. */
import type { Clock } from '../../../src/clock';
import type { ConnectorRead } from './connectorTypes';
import type { TeamsMember, TeamsTeam } from './defaults';
import type { FaultBook } from './faults';
import type { MessageStore } from './messageStore';
import type { OpLog } from './opLog';
import type { SlidingWindowLimiter } from './rateLimiter';
import type { StallBook } from './stalls';

export interface ConnectorState {
  clock: Clock;
  log: OpLog;
  store: MessageStore;
  faults: FaultBook;
  limiter?: SlidingWindowLimiter;
  maxMessageBytes: number;
  members: readonly TeamsMember[];
  teams: readonly TeamsTeam[];
  /** Every roster and team read answered, in order. */
  reads: ConnectorRead[];
  stalls: StallBook;
}

/** An HTTP answer: status, JSON body (none for an empty body) and extra headers. */
export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}
