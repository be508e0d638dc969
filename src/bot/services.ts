import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Backfill } from '../notify';
import type { RoutingPolicy, SubscriptionRegistry } from '../subscriptions';
import type { AlertReadModel } from '../alerts';
import type { AccessPolicy, AnalystService, AuditLog, SnoozeService } from '../analyst';
import type { StatusReport } from '../ops/status';
import type { ActorLookup } from './actors';
import type { ReportService } from '../report';

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
  /** Who acted: the Teams identity completed from the per-replica roster cache (bounded reads). */
  actors: ActorLookup;
  /** Shift reports (`/report`). */
  reports: ReportService;
  /** The open work shown to a new subscription; absent when SUBSCRIBE_BACKFILL_HOURS is 0. */
  backfill?: Backfill;
  /** The operator's routing settings (INSIDER_RISK_CARDS); default: Insider Risk alerts are not shown. */
  routing?: RoutingPolicy;
  /** Snoozes per conversation (the card's "Snooze…", `/snoozes`). */
  snoozes: SnoozeService;
  status(): Promise<StatusReport>;
}
