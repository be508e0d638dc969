import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Backfill } from '../notify';
import type { RoutingPolicy, SubscriptionRegistry } from '../subscriptions';
import type { AlertReadModel } from '../alerts';
import type { AccessPolicy, AnalystService, AuditLog, SnoozeService } from '../analyst';
import type { StatusReport } from '../ops/status';
import type { ActorLookup } from './actors';
import type { ReportService } from '../report';

/** One customer tenant as the handlers see it: its alerts and the actions on them. */
export interface TenantScope {
  /** Short name (TENANTS_FILE), `default` without a file. */
  name: string;
  /** Shown on cards and in answers. */
  displayName: string;
  /** The customer's Entra tenant id (Defender links carry it as `tid=`). */
  tenantId: string;
  alerts: AlertReadModel;
  analyst: AnalystService;
  /** The open work shown to a new subscription; absent when SUBSCRIBE_BACKFILL_HOURS is 0. */
  backfill?: Backfill;
  /** Who may act on this tenant's alerts (UPNs or object ids); absent: every analyst. */
  analysts?: readonly string[];
}

/** The tenants the bot serves (re-read from TENANTS_FILE on change). */
export interface TenantDirectory {
  /** True with TENANTS_FILE: cards and answers name the tenant. */
  readonly multiTenant: boolean;
  /** Every tenant, in configuration order. */
  list(): TenantScope[];
  get(name: string): TenantScope | undefined;
}

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
  /** Every customer tenant; `alerts`, `analyst` and `backfill` below are the first one's. */
  tenants: TenantDirectory;
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
