import { createHash } from 'node:crypto';
import {
  alertCard,
  alertListCard,
  digestCard,
  noticeCard,
  snoozeSummaryCard,
  type AdaptiveCard,
  type AlertCardView,
  type AlertListItemView,
  type CardTenant,
  type DlpUserCardView,
  type FeatureAvailability,
} from '../cards';
import { resolveIdentityKey, type TrackedAlert } from '../correlation';
import type { AlertComment, SecurityAlert } from '../model';
import type { AlertCardSource, OutgoingActivity, RenderedAlert } from '../notify';
import type { AlertFilter, RouteRules, RoutableAlert, Sensitivity, Snooze } from '../subscriptions';
import type { ClassifyOptions, DlpRouting, DlpSide } from './dlpPolicies';
import type { CardRecord } from '../records';
import { sortWorkloads } from '../model';
import { describeFilter, matchesFilter, routeAlert, type RoutingPolicy } from '../subscriptions';
import { cardKey, CORRELATED_PREFIX, type CorrelatedEntry } from '../records';
import { ALERT_PREFIX, alertKey, mergeTracked, SEGMENT_PREFIX } from '../records';
import type { Store } from '../store/types';
import { alertCardView, primaryUser } from './view';

export interface ReadModelDeps {
  store: Store;
  /** Which features are usable now (Graph permissions): unavailable ones show a note, not a button. */
  features: () => FeatureAvailability;
  allowedUrlHost?: string;
  /** Whether a correlation is sensitive by its DLP policies (SENSITIVE_DLP_POLICIES); default: never. */
  sensitivity?: (dlpAlertIds: readonly string[]) => Promise<Sensitivity>;
  /**
   * Sensitivity and workloads of a correlation's DLP side (`DlpPolicyClassifier.classify`); takes
   * precedence over `sensitivity`. Without it, workloads come from the DLP alerts' evidence only.
   */
  dlpRouting?: (dlps: readonly DlpSide[], o: ClassifyOptions) => Promise<DlpRouting>;
  /** Whether some conversation has a `workloads=` rule (then an unknown workload is worth a hunting query). */
  workloadRulesInUse?: () => Promise<boolean>;
  /**
   * The customer tenant whose store this reads: every card action names it, Defender links carry its
   * `tid=`, and with `shown` (several tenants) the cards name it. Absent: the single `default` tenant.
   */
  tenant?: CardTenant;
}

/**
 * The read side of alerts, shared by every replica: tracked alerts and card records in the store, turned
 * into card views. The notifier renders through it (AlertCardSource) and so do card actions, so a card
 * looks the same whoever drew it.
 */
export class AlertReadModel implements AlertCardSource {
  constructor(private readonly deps: ReadModelDeps) {}

  async tracked(id: string): Promise<TrackedAlert | undefined> {
    return (await this.deps.store.get<TrackedAlert>(alertKey(id)))?.value;
  }

  async cardRecord(alertId: string): Promise<CardRecord | undefined> {
    return (await this.deps.store.get<CardRecord>(cardKey(alertId)))?.value;
  }

  /**
   * The alert card's view, or undefined when the alert is not tracked (not correlated, or evicted).
   * `routable`: what the notifier just worked out for routing; without it the workloads shown are read
   * from the cache only (a card action redraws without spending the hunting quota).
   */
  async cardView(
    alertId: string,
    record?: CardRecord,
    routable?: RoutableAlert,
  ): Promise<AlertCardView | undefined> {
    const defender = await this.tracked(alertId);
    if (!defender || defender.isDlp) return undefined;
    const dlp = new Map<string, TrackedAlert>();
    for (const m of defender.matches ?? []) {
      const t = await this.tracked(m.dlpAlertId);
      if (t) dlp.set(t.id, t);
    }
    const view = alertCardView(defender, dlp, record ?? (await this.cardRecord(alertId)), {
      features: this.deps.features(),
      allowedUrlHost: this.deps.allowedUrlHost,
      tenant: this.deps.tenant,
    });
    if (view.dlp.length === 0) return view;
    const workloads = (routable ?? (await this.routable(defender, { cachedOnly: true }))).workloads;
    return { ...view, workloads: workloads ?? { known: [], undetermined: true } };
  }

  /** The alert card; `banner` overrides the stored one (an action's outcome for the clicking analyst). */
  async card(
    alertId: string,
    now: number,
    record?: CardRecord,
    banner?: AlertCardView['banner'],
  ): Promise<AdaptiveCard | undefined> {
    const view = await this.cardView(alertId, record);
    return view ? alertCard(banner === undefined ? view : { ...view, banner }, now) : undefined;
  }

  /** The tenant this read model serves (undefined: the single `default` tenant). */
  get tenant(): CardTenant | undefined {
    return this.deps.tenant;
  }

  /** Why a feature is unavailable now (a missing Graph permission), or undefined when usable. */
  featureReason(feature: keyof FeatureAvailability): string | undefined {
    return this.deps.features()[feature];
  }

  // --- AlertCardSource (the notifier) ---

  async render(alertId: string, record: CardRecord, now: number): Promise<RenderedAlert | undefined> {
    const defender = await this.tracked(alertId);
    if (!defender || defender.isDlp) return undefined;
    const routable = await this.routable(defender);
    const view = await this.cardView(alertId, record, routable);
    if (!view) return undefined;
    const card = alertCard(view, now);
    return {
      activity: { card, summary: card.fallbackText },
      hash: contentHash(view),
      filterable: defender,
      dlpAlertIds: view.dlp.map((d) => d.dlpAlertId),
      snoozable: {
        severity: defender.severity,
        detectorId: defender.detectorId,
        userKeys: primaryUser(defender)?.keys ?? [],
        ...(this.deps.tenant ? { tenant: this.deps.tenant.name } : {}),
      },
      routable,
    };
  }

  async dlpReply(alertId: string, dlpAlertId: string, _now: number): Promise<OutgoingActivity | undefined> {
    const view = await this.cardView(alertId);
    const match = view?.dlp.find((d) => d.dlpAlertId === dlpAlertId);
    if (!view || !match) return undefined;
    const tenant = view.tenant?.shown ? `${view.tenant.displayName || view.tenant.name}: ` : '';
    const card = noticeCard({
      kind: 'info',
      title: 'New correlated DLP alert',
      text: `${tenant}${dlpLine(match, view)}`,
    });
    return { card, summary: card.fallbackText };
  }

  async digest(alertIds: string[], now: number): Promise<OutgoingActivity> {
    const alerts = (await Promise.all(alertIds.slice(0, 10).map((id) => this.tracked(id)))).filter(
      (a): a is TrackedAlert => a !== undefined,
    );
    const card = digestCard(
      { total: alertIds.length, alerts: alerts.map(toListItem), ...this.tenantPart() },
      now,
    );
    return { card, summary: card.fallbackText };
  }

  /**
   * What the routing rules look at for a correlated alert: Insider Risk, the sensitivity of its DLP
   * policies, the workloads of its DLP alerts (their evidence first; advanced hunting, within its quota
   * and cached with the policy names, only while some conversation has a `workloads=` rule).
   */
  async routable(defender: TrackedAlert, o: { cachedOnly?: boolean } = {}): Promise<RoutableAlert> {
    const dlps: DlpSide[] = [];
    for (const m of defender.matches ?? []) {
      const t = await this.tracked(m.dlpAlertId);
      dlps.push({ id: m.dlpAlertId, ...(t?.workloads ? { workloads: t.workloads } : {}) });
    }
    if (this.deps.dlpRouting) {
      const huntWorkloads = !o.cachedOnly && ((await this.deps.workloadRulesInUse?.()) ?? false);
      const r = await this.deps.dlpRouting(dlps, { huntWorkloads, ...o });
      return { serviceSource: defender.serviceSource, sensitivity: r.sensitivity, workloads: r.workloads };
    }
    const sensitivity = this.deps.sensitivity ? await this.deps.sensitivity(dlps.map((d) => d.id)) : 'normal';
    const known = [...new Set(dlps.flatMap((d) => d.workloads ?? []))];
    const workloads = { known: sortWorkloads(known), undetermined: dlps.some((d) => !d.workloads?.length) };
    return { serviceSource: defender.serviceSource, sensitivity, workloads };
  }

  async snoozeSummary(snooze: Snooze, now: number): Promise<OutgoingActivity> {
    const shown = await Promise.all(snooze.held.slice(0, 10).map((id) => this.tracked(id)));
    const card = snoozeSummaryCard(
      {
        target: snooze.target,
        liftedBy: snooze.lifted?.by,
        setBy: snooze.createdBy.name,
        total: snooze.held.length,
        alerts: shown.filter((a): a is TrackedAlert => a !== undefined).map(toListItem),
        ...this.tenantPart(),
      },
      now,
    );
    return { card, summary: card.fallbackText };
  }

  private tenantPart(): { tenant?: CardTenant } {
    return this.deps.tenant ? { tenant: this.deps.tenant } : {};
  }

  // --- queries for slash commands ---

  /** Correlated Defender alerts, newest activity first, that match `filter`. */
  async listCorrelated(
    filter: AlertFilter,
    now: number,
    limit = 15,
    visible?: (alert: TrackedAlert) => Promise<boolean>,
  ): Promise<{ alerts: TrackedAlert[]; total: number }> {
    const index = await this.deps.store.list<CorrelatedEntry>(CORRELATED_PREFIX);
    const tracked = await Promise.all(index.map((e) => this.tracked(e.value.alertId)));
    let matching = tracked
      .filter((a): a is TrackedAlert => a !== undefined && matchesFilter(a, filter, now))
      .sort((a, b) => b.end - a.end || (a.id < b.id ? -1 : 1));
    if (visible) {
      const shown = await Promise.all(matching.map(visible));
      matching = matching.filter((_a, i) => shown[i]);
    }
    return { alerts: matching.slice(0, limit), total: matching.length };
  }

  /**
   * The `/alerts` card. `route`: the asking conversation's routing rules and the operator's policy; they
   * hide what may not show there (sensitive correlations anywhere else, fail safe).
   */
  async listCard(
    filter: AlertFilter,
    now: number,
    limit = 15,
    route?: { rules: RouteRules; policy: RoutingPolicy },
  ): Promise<AdaptiveCard> {
    const visible = route
      ? async (a: TrackedAlert) => routeAlert(route.rules, await this.routable(a), route.policy).show
      : undefined;
    const { alerts, total } = await this.listCorrelated(filter, now, limit, visible);
    return alertListCard({ total, alerts: alerts.map(toListItem), filter: describeFilter(filter) }, now);
  }

  /**
   * `/dlp <upn>`: the user's DLP alerts still tracked within `sinceMs`, each with the Defender alerts it
   * correlates with. A scan of the tracked alerts (bounded by retention), fine for an interactive command.
   */
  async dlpForUser(user: string, sinceMs: number, now: number): Promise<DlpUserCardView> {
    const key = resolveIdentityKey(user);
    // Rows and the poller's segments: a DLP alert nothing correlated yet is in a segment.
    const [rows, segments] = await Promise.all([
      this.deps.store.list<TrackedAlert>(ALERT_PREFIX),
      this.deps.store.list<unknown>(SEGMENT_PREFIX),
    ]);
    const all = mergeTracked<TrackedAlert>(rows, segments)
      .map((s) => s.alert)
      .filter((a) => Array.isArray(a.identities));
    const dlps = all
      .filter((a) => a.isDlp && a.end >= now - sinceMs && a.identities.some((i) => i.key === key))
      .sort((a, b) => b.start - a.start);
    const byDlp = new Map<string, TrackedAlert[]>();
    for (const d of all) {
      if (d.isDlp) continue;
      for (const m of d.matches ?? []) byDlp.set(m.dlpAlertId, [...(byDlp.get(m.dlpAlertId) ?? []), d]);
    }
    return {
      user,
      period: `last ${Math.round(sinceMs / 86_400_000) || 1} d`,
      total: dlps.length,
      alerts: dlps.slice(0, 15).map((d) => ({
        id: d.id,
        title: d.title,
        severity: d.severity,
        status: d.status,
        activityDateTime: new Date(d.start).toISOString(),
        correlated: (byDlp.get(d.id) ?? []).map((x) => ({ id: x.id, title: x.title, severity: x.severity })),
      })),
    };
  }

  /** After a comment was added: Graph answered with the whole list, so no extra read is needed. */
  async applyComments(alertId: string, comments: AlertComment[]): Promise<void> {
    const current = await this.deps.store.get<TrackedAlert>(alertKey(alertId));
    const last = comments.at(-1);
    if (!current || !last) return;
    const next: TrackedAlert = {
      ...current.value,
      commentCount: comments.length,
      lastComment: trackedComment(last),
    };
    await this.deps.store.put(alertKey(alertId), next, { ifMatch: current.etag }).catch(() => undefined);
  }

  /** After an action changed the alert in Graph: refresh what the tracked record shows. */
  async applyGraphAlert(alert: SecurityAlert): Promise<void> {
    const current = await this.deps.store.get<TrackedAlert>(alertKey(alert.id));
    if (!current) return;
    const last = alert.comments.at(-1);
    const next: TrackedAlert = {
      ...current.value,
      status: alert.status,
      classification: alert.classification ?? null,
      determination: alert.determination ?? null,
      assignedTo: alert.assignedTo ?? null,
      severity: alert.severity,
      lastUpdateDateTime: alert.lastUpdateDateTime,
      commentCount: alert.comments.length || current.value.commentCount,
      lastComment: last ? trackedComment(last) : current.value.lastComment,
    };
    // Conditional: if the poller rewrote the record meanwhile, its (newer) Graph data wins.
    await this.deps.store.put(alertKey(alert.id), next, { ifMatch: current.etag }).catch(() => undefined);
  }
}

export function toListItem(a: TrackedAlert): AlertListItemView {
  // The most readable name, as the alert card shows it: a UPN, else a mailbox, else DOMAIN\name.
  const user = (['upn', 'mailbox', 'account'] as const)
    .map((kind) => a.identities.find((i) => i.kind === kind))
    .find((i) => i !== undefined);
  return {
    id: a.id,
    title: a.title,
    severity: a.severity,
    status: a.status,
    user: user?.display ?? null,
    dlpCount: a.correlatedDlpIds?.length ?? a.matches?.length ?? 0,
    assignedTo: a.assignedTo,
    lastActivityDateTime: new Date(a.end).toISOString(),
  };
}

function trackedComment(c: AlertComment): NonNullable<TrackedAlert['lastComment']> {
  return {
    comment: c.comment.slice(0, 500),
    createdByDisplayName: c.createdByDisplayName ?? null,
    createdDateTime: c.createdDateTime ?? null,
  };
}

function dlpLine(match: AlertCardView['dlp'][number], view: AlertCardView): string {
  const who = match.identity?.display ? ` (${match.identity.display})` : '';
  return `${match.title ?? match.dlpAlertId}${who} is now correlated with "${view.alert.title ?? view.alert.id}".`;
}

/** Stable across renders at different `now`: hashes the view, not the card (relative times change). */
function contentHash(view: AlertCardView): string {
  return createHash('sha1').update(JSON.stringify(view)).digest('hex');
}
