/**
 * The shift report's numbers, from tracked alerts and the audit log. Pure (no clock, no store): the
 * caller passes the window, `now` and the records. A Defender alert belongs to the shift when it is
 * correlated, passes the audience predicate, and was created or active within `[from, to)`.
 */
import type { AuditEntry } from '../analyst/types';
import type { TrackedAlert } from '../correlation';
import { SEVERITIES, STATUSES } from '../model';
import { durationStats, firstAction, isActing, ms, resolvedAt } from './timing';
import type { AnalystRow, CountRow, PolicySource, ShiftReport, ShiftReportInput } from './types';

const STATUS_ORDER: readonly string[] = ['new', 'inProgress', 'resolved', ...STATUSES];
const SEVERITY_ORDER: readonly string[] = ['high', 'medium', 'low', 'informational', ...SEVERITIES];

/** True when `a` is a correlated Defender alert of the window. */
export function inShift(a: TrackedAlert, from: number, to: number): boolean {
  if (a.isDlp || !((a.matches?.length ?? 0) > 0 || (a.correlatedDlpIds?.length ?? 0) > 0)) return false;
  const created = ms(a.createdDateTime);
  if (created !== undefined && created >= from && created < to) return true;
  return a.start < to && a.end >= from;
}

/** Builds the report. Never throws on odd records (missing times, unknown enum members). */
export function buildShiftReport(input: ShiftReportInput): ShiftReport {
  const { from, to, now } = input;
  const include = input.include ?? (() => true);
  const alerts = input.alerts.filter((a) => inShift(a, from, to) && include(a));
  const key = alertKeyOf(input.tenantOf);
  const acting = groupActing(input.audit, !!input.tenantOf);
  const firstTimes: number[] = [];
  const resolveTimes: number[] = [];
  let viaBot = 0;
  let viaGraph = 0;
  for (const a of alerts) {
    const created = ms(a.createdDateTime) ?? a.start;
    // An entry naming no tenant (written before entries did) matches by id alone.
    const legacy = input.tenantOf ? (acting.get(key(undefined, a.id)) ?? []) : [];
    const entries = [...(acting.get(key(a, a.id)) ?? []), ...legacy];
    const first = firstAction(a, entries);
    if (first) {
      firstTimes.push(first.at - created);
      if (first.via === 'bot') viaBot++;
      else viaGraph++;
    }
    const resolved = resolvedAt(a, entries);
    if (resolved !== undefined) resolveTimes.push(resolved - created);
  }
  const policies = topPolicies(alerts, input, key);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    generatedAt: new Date(now).toISOString(),
    total: alerts.length,
    byStatus: countBy(alerts, (a) => a.status, STATUS_ORDER),
    bySeverity: countBy(alerts, (a) => a.severity, SEVERITY_ORDER),
    firstAction: {
      ...durationStats(firstTimes),
      waiting: alerts.length - firstTimes.length,
      viaBot,
      viaGraph,
    },
    resolution: durationStats(resolveTimes),
    topUsers: topUsers(alerts, input.alerts, input.top ?? 5, key),
    topPolicies: policies.rows,
    policySource: policies.source,
    analysts: analysts(alerts, input.audit, from, to),
  };
}

/**
 * The key of alert `id` in `of`'s tenant (`of` undefined: an audit entry naming no tenant, which matches
 * by id alone). With one tenant, the id itself.
 */
type AlertKey = (of: TrackedAlert | undefined, id: string) => string;

function alertKeyOf(tenantOf: ShiftReportInput['tenantOf']): AlertKey {
  if (!tenantOf) return (_of, id) => id;
  return (of, id) => `${of ? tenantOf(of) : ''}\n${id}`;
}

/** Acting audit entries by alert (`tenant\nid` when `byTenant`; an entry without a tenant under `\nid`). */
function groupActing(audit: readonly AuditEntry[], byTenant: boolean): Map<string, AuditEntry[]> {
  const out = new Map<string, AuditEntry[]>();
  for (const e of audit) {
    if (!isActing(e)) continue;
    const k = byTenant ? `${e.tenant ?? ''}\n${e.alertId!}` : e.alertId!;
    out.set(k, [...(out.get(k) ?? []), e]);
  }
  return out;
}

/** Counts in a fixed order (known values first), unknown members after, zeros left out. */
function countBy(
  alerts: readonly TrackedAlert[],
  key: (a: TrackedAlert) => string,
  order: readonly string[],
): CountRow[] {
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
  const rank = (label: string): number => (order.includes(label) ? order.indexOf(label) : order.length);
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => rank(a.label) - rank(b.label) || (a.label < b.label ? -1 : 1));
}

/** The largest `n` counts, ties by label. */
function top(counts: Map<string, { label: string; count: number }>, n: number): CountRow[] {
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1))
    .slice(0, Math.max(0, n));
}

/** Users by correlated Defender alerts: the identity each correlation matched on (devices left out). */
function topUsers(
  alerts: readonly TrackedAlert[],
  all: readonly TrackedAlert[],
  n: number,
  key: AlertKey,
): CountRow[] {
  const byId = new Map(all.map((a) => [key(a, a.id), a]));
  const counts = new Map<string, { label: string; count: number }>();
  for (const a of alerts) {
    const keys = new Map<string, string>();
    for (const m of a.matches ?? []) {
      const id = m.identity;
      if (id && id.kind !== 'device') keys.set(id.key, readableName(id, [byId.get(key(a, m.dlpAlertId)), a]));
    }
    for (const [key, display] of keys) {
      const row = counts.get(key) ?? { label: display, count: 0 };
      row.count++;
      counts.set(key, row);
    }
  }
  return top(counts, n);
}

/**
 * An Entra object id matched, but analysts read names: the UPN (else mailbox) the DLP alert names for
 * its policy violator (listed first), else the Defender alert's; the id itself when neither has one.
 */
function readableName(
  id: { kind: string; display: string },
  sources: ReadonlyArray<TrackedAlert | undefined>,
): string {
  if (id.kind !== 'aadUserId') return id.display;
  for (const s of sources) {
    const named = s?.identities.find((i) => i.kind === 'upn' || i.kind === 'mailbox');
    if (named) return named.display;
  }
  return id.display;
}

/** Policies (or DLP alert titles) by correlated DLP alerts. */
function topPolicies(
  alerts: readonly TrackedAlert[],
  input: ShiftReportInput,
  key: AlertKey,
): { rows: CountRow[]; source: PolicySource } {
  const byId = new Map(input.alerts.filter((a) => a.isDlp).map((a) => [key(a, a.id), a]));
  const counts = new Map<string, { label: string; count: number }>();
  let fromTitles = 0;
  let fromHunting = 0;
  const seen = new Set<string>();
  for (const a of alerts) {
    for (const m of a.matches ?? []) {
      const dlp = key(a, m.dlpAlertId);
      if (seen.has(dlp)) continue;
      seen.add(dlp);
      const policy = input.policyOf?.(m.dlpAlertId);
      const name = policy ?? byId.get(dlp)?.title ?? 'Untitled DLP alert';
      if (policy) fromHunting++;
      else fromTitles++;
      const row = counts.get(name.toLowerCase()) ?? { label: name, count: 0 };
      row.count++;
      counts.set(name.toLowerCase(), row);
    }
  }
  return {
    rows: top(counts, input.top ?? 5),
    source: fromHunting > 0 && fromTitles === 0 ? 'hunting' : 'dlpTitle',
  };
}

/** Analysts who acted in the shift through the bot, and the assignees Graph shows on the shift's alerts. */
function analysts(
  alerts: readonly TrackedAlert[],
  audit: readonly AuditEntry[],
  from: number,
  to: number,
): AnalystRow[] {
  const rows = new Map<string, AnalystRow>();
  const row = (key: string, name: string): AnalystRow => {
    const r = rows.get(key) ?? { name, botActions: 0, assigned: 0 };
    rows.set(key, r);
    return r;
  };
  for (const e of audit) {
    const at = ms(e.at);
    if (!isActing(e) || at === undefined || at < from || at >= to) continue;
    const who = (e.actor.upn ?? e.actor.name).toLowerCase();
    row(who, e.actor.name || who).botActions++;
  }
  for (const a of alerts) {
    if (a.assignedTo) row(a.assignedTo.toLowerCase(), a.assignedTo).assigned++;
  }
  return [...rows.values()].sort(
    (a, b) => b.botActions + b.assigned - (a.botActions + a.assigned) || (a.name < b.name ? -1 : 1),
  );
}
