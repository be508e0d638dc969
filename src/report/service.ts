import type { AuditEntry } from '../analyst/types';
import { reportCard, type AdaptiveCard } from '../cards';
import type { TrackedAlert } from '../correlation';
import { matchesFilter, type AlertFilter } from '../subscriptions';
import { ALERT_PREFIX, AUDIT_PREFIX, DEFAULT_TENANT } from '../records';
import type { Store } from '../store/types';
import { buildShiftReport } from './aggregate';
import { localDateTimeOf, localTimeOf } from './schedule';
import type { AlertPredicate, ShiftReport } from './types';

/** Audit entries read for one report (newest first): the log's recent tail, not its whole history. */
export const MAX_AUDIT_READ = 5_000;

/** One customer tenant as the report reads it: its own view of the store (`alert/<tenant>/…`). */
export interface ReportTenant {
  name: string;
  displayName: string;
  store: Store;
}

export interface ReportServiceOptions {
  /** The audit log (global), and the tracked alerts when `tenants` is not given. */
  store: Store;
  /**
   * The customer tenants (read at each report: TENANTS_FILE may change). Default: one tenant, `default`,
   * whose alerts are in `store`.
   */
  tenants?: () => readonly ReportTenant[];
  /** True with TENANTS_FILE: the report names its tenants and has a line per tenant. Default false. */
  showTenants?: boolean;
  /** IANA zone the report's times are written in. Default UTC. */
  timeZone?: string;
  /** DLP policy names when cached from advanced hunting (none today: titles stand in). */
  policyOf?: (dlpAlertId: string) => string | undefined;
  /**
   * Extra audience rule per conversation, on top of its subscription filter: e.g. the routing feature's
   * "sensitive" alerts kept out of the general channel. Default: none.
   */
  audience?: (conversationId: string) => Promise<AlertPredicate | undefined> | AlertPredicate | undefined;
  /**
   * The routing rule per conversation (the sensitive route): whether a correlated Defender alert of
   * `tenant` may show there. Asynchronous, since a DLP policy's sensitivity may need a look-up (in that
   * tenant's read model: its sensitive policies are its own); a report keeps out of a conversation every
   * alert its cards would be kept out of. Default: every alert may show.
   */
  routing?: (conversationId: string, tenant: string) => Promise<(alert: TrackedAlert) => Promise<boolean>>;
}

/** What a report is about. */
export interface ReportRequest {
  from: number;
  to: number;
  now: number;
  /** Which alerts this audience may see. Default all. */
  include?: AlertPredicate;
  /** The conversation the report is for: its routing rule keeps sensitive alerts out (see `routing`). */
  conversationId?: string;
  /** The tenants the audience covers (its subscription's `tenants`); absent or empty: every tenant. */
  tenants?: readonly string[];
  title?: string;
  /** For a late scheduled slot: the sentence saying so. */
  late?: string;
}

/**
 * Reads what the report needs from the store (tracked alerts, the audit log's tail) and renders the card.
 * Used by `/report` and by the scheduler, so both show the same numbers for the same window.
 */
export class ReportService {
  readonly timeZone: string;

  constructor(private readonly o: ReportServiceOptions) {
    this.timeZone = o.timeZone ?? 'UTC';
  }

  async report(r: ReportRequest): Promise<ShiftReport> {
    const tenants = this.tenantsOf(r.tenants);
    const [audit, ...perTenant] = await Promise.all([
      this.o.store.list<AuditEntry>(AUDIT_PREFIX, { reverse: true, limit: MAX_AUDIT_READ }),
      ...tenants.map(async (t) =>
        this.routed(
          (await t.store.list<TrackedAlert>(ALERT_PREFIX)).map((i) => i.value),
          r.conversationId,
          t.name,
        ),
      ),
    ]);
    // Only the covered tenants' actions: a report for one customer never counts another's. An entry that
    // names no tenant (written before entries did) is kept, as it always was.
    const covered = new Set(tenants.map((t) => t.name));
    const entries = audit.map((i) => i.value).filter((e) => e.tenant === undefined || covered.has(e.tenant));
    const groups = perTenant as TrackedAlert[][];
    const tenantOfAlert = new Map<TrackedAlert, string>();
    groups.forEach((alerts, i) => alerts.forEach((a) => tenantOfAlert.set(a, tenants[i]!.name)));
    const build = (alerts: TrackedAlert[], audit: AuditEntry[]) =>
      buildShiftReport({
        from: r.from,
        to: r.to,
        now: r.now,
        alerts,
        audit,
        include: r.include,
        policyOf: this.o.policyOf,
        // Alert ids are unique within a tenant only: with several, actions match by tenant and id.
        ...(tenants.length > 1 ? { tenantOf: (a: TrackedAlert) => tenantOfAlert.get(a) ?? '' } : {}),
      });
    const report = build(groups.flat(), entries);
    if (!this.o.showTenants) return report;
    return {
      ...report,
      tenants: tenants.map((t, i) => {
        const own = entries.filter((e) => e.tenant === undefined || e.tenant === t.name);
        const one = build(groups[i]!, own);
        return {
          name: t.name,
          displayName: t.displayName,
          total: one.total,
          waiting: one.firstAction.waiting,
          resolved: one.byStatus.find((s) => s.label === 'resolved')?.count ?? 0,
        };
      }),
    };
  }

  /** The tenants a report covers, in configuration order (names no longer configured are skipped). */
  private tenantsOf(names: readonly string[] | undefined): readonly ReportTenant[] {
    const all = this.o.tenants?.() ?? [
      { name: DEFAULT_TENANT, displayName: DEFAULT_TENANT, store: this.o.store },
    ];
    return names && names.length > 0 ? all.filter((t) => names.includes(t.name)) : all;
  }

  /** The alerts the conversation's routing rule lets show (DLP alerts show through their Defender alert). */
  private async routed(
    alerts: TrackedAlert[],
    conversationId: string | undefined,
    tenant: string,
  ): Promise<TrackedAlert[]> {
    if (!this.o.routing) return alerts;
    const visible = await this.o.routing(conversationId ?? '', tenant);
    const out: TrackedAlert[] = [];
    for (const a of alerts) if (a.isDlp || (await visible(a))) out.push(a);
    return out;
  }

  async card(r: ReportRequest): Promise<AdaptiveCard> {
    const report = await this.report(r);
    return reportCard({
      ...report,
      title: r.title ?? 'Shift report',
      period: this.period(r),
      late: r.late,
      tenants: report.tenants ?? null,
    });
  }

  /**
   * Which alerts a conversation may see in a report: its subscription filter (severity, sources,
   * status; the report's own window replaces `since`) and the audience hook.
   */
  async audienceOf(conversationId: string, filter: AlertFilter | undefined): Promise<AlertPredicate> {
    const extra = await this.o.audience?.(conversationId);
    const f: AlertFilter | undefined = filter ? { ...filter, sinceMs: undefined } : undefined;
    return (a) => (!f || matchesFilter(a, f, 0)) && (!extra || extra(a));
  }

  /** "2026-11-20 08:00 → 20:00 (Europe/Paris)". */
  period(r: { from: number; to: number }): string {
    const zone = this.timeZone;
    const from = localDateTimeOf(r.from, zone);
    const to = localDateTimeOf(r.to, zone);
    const end = from.slice(0, 10) === to.slice(0, 10) ? localTimeOf(r.to, zone) : to;
    return `${from} → ${end} (${zone})`;
  }
}
