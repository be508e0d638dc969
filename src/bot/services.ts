import type { Clock } from '../clock';
import type { GraphUser } from '../graph';
import type { Logger } from '../log';
import type { SubscriptionRegistry } from '../notify';
import type { AlertReadModel } from '../alerts';
import type { AccessPolicy, AnalystService, AuditLog } from '../analyst';
import type { StatusReport } from '../ops/status';

/**
 * Everything the Teams handlers may call. Handlers hold no business rules: they parse, call these, render
 * a card and reply. Built once in `src/main.ts`; tests pass fakes.
 */
export interface BotServices {
  logger: Logger;
  clock: Clock;
  /** No BOT_ID: local mode (Agents Playground). */
  localMode: boolean;
  subscriptions: SubscriptionRegistry;
  alerts: AlertReadModel;
  analyst: AnalystService;
  access: AccessPolicy;
  audit: AuditLog;
  /**
   * Graph's user lookup (`GET /users/{id}`, User.ReadBasic.All), for Assign to… when the conversation's
   * roster does not list the person picked. Absent: only the roster is used.
   */
  lookupUser?: (objectId: string) => Promise<GraphUser | undefined>;
  status(): Promise<StatusReport>;
}
