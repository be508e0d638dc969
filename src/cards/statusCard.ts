/** `/status`: is the bot healthy, and if not, what to fix. Problems are listed first. */
import { expandCard, type AdaptiveCard } from './render';
import type { FeatureStatusView, StatusCardView, TenantsSummaryView } from './statusView';
import template from './templates/status.json';
import { md, plain } from './text';
import { formatDuration, formatUtc, formatWhen } from './time';

/** Certificate lifetimes below this many days are flagged. */
export const CERTIFICATE_WARNING_DAYS = 14;
/** Features beyond this count are not listed (a bound, not a real-world limit). */
const MAX_FEATURES = 20;

const FEATURE_NAMES: Record<string, string> = {
  alerts: 'Alerts',
  actions: 'Card actions',
  sensitiveInfo: 'Sensitive info types',
  sit: 'Sensitive info types',
  groups: 'Group-based access',
  incidents: 'Incidents',
};

type Fact = { title: string; value: string };
type Problem = { text: string; severe: boolean };

const featureName = (key: string): string => FEATURE_NAMES[key] ?? key;

function featureText(f: FeatureStatusView): string {
  if (f.ready) return '✅ ready';
  const missing = (f.missing ?? []).filter(Boolean);
  if (missing.length) return `⚠️ ${md(`missing ${missing.join(', ')}`, { max: 200 })}`;
  return `⚠️ ${md(f.message?.trim() ? f.message : 'not ready', { max: 200 })}`;
}

/** Tenants named in one problem line at most. */
const MAX_NAMED = 5;

function named(list: readonly string[]): string {
  const more = list.length > MAX_NAMED ? ` and ${list.length - MAX_NAMED} more` : '';
  return `${list.slice(0, MAX_NAMED).join(', ')}${more}`;
}

/** With TENANTS_FILE: each tenant problem is one line (a tenant's failure never hides the others'). */
function tenantProblems(t: TenantsSummaryView, now?: number): Problem[] {
  const out: Problem[] = [];
  for (const f of t.failing.slice(0, MAX_NAMED))
    out.push({ text: `Tenant ${f.name}: last poll failed: ${f.error}`, severe: true });
  if (t.failing.length > MAX_NAMED)
    out.push({ text: `${t.failing.length - MAX_NAMED} more tenants failing (see /tenants)`, severe: true });
  if (t.stale.length > 0) {
    const oldest = t.stale.map((s) => (s.lastSuccessAt ? Date.parse(s.lastSuccessAt) : NaN)).filter(Number.isFinite); // prettier-ignore
    const since = now !== undefined && oldest.length ? ` (oldest ${formatDuration(now - Math.min(...oldest), { coarse: true })} ago)` : ''; // prettier-ignore
    out.push({
      text: `No recent successful poll: ${named(t.stale.map((s) => s.name))}${since}`,
      severe: true,
    });
  }
  if (t.unheld.length > 0)
    out.push({ text: `Not polled by any replica yet: ${named(t.unheld)}`, severe: false });
  if (t.missingPermissions.length > 0) {
    const list = t.missingPermissions.map((m) => `${m.name} (${m.missing.join(', ')})`);
    out.push({ text: `Consent lacks permissions: ${named(list)}`, severe: false });
  }
  if (t.refusedEdit) out.push({ text: `TENANTS_FILE edit refused: ${t.refusedEdit}`, severe: false });
  return out;
}

function tenantFacts(t: TenantsSummaryView): Fact[] {
  const ok = t.pollingHere - t.failing.length - t.stale.length;
  return [
    { title: 'Tenants', value: String(t.total) },
    { title: 'Polled here', value: `${t.pollingHere} (${Math.max(0, ok)} healthy)` },
    { title: 'Live replicas', value: String(t.liveReplicas) },
    { title: 'Details', value: '/tenants' },
  ];
}

function problems(view: StatusCardView, now?: number): Problem[] {
  const out: Problem[] = view.tenants ? tenantProblems(view.tenants, now) : [];
  if (view.poller.error?.trim()) out.push({ text: `Last poll failed: ${view.poller.error}`, severe: true });
  const interval = view.poller.intervalSeconds;
  const last = view.poller.lastSuccessAt ? Date.parse(view.poller.lastSuccessAt) : NaN;
  if (now !== undefined && interval && Number.isFinite(last) && now - last > 3 * interval * 1000) {
    out.push({
      text: `No successful poll for ${formatDuration(now - last, { coarse: true })}`,
      severe: true,
    });
  }
  for (const [key, f] of Object.entries(view.features).slice(0, MAX_FEATURES)) {
    if (!f.ready) {
      const why = f.missing?.length ? `missing ${f.missing.join(', ')}` : (f.message ?? 'not ready');
      out.push({ text: `${featureName(key)} unavailable: ${why}`, severe: key === 'alerts' });
    }
  }
  const days = view.certificateDaysLeft;
  if (typeof days === 'number' && days <= 0)
    out.push({ text: 'The Graph client certificate has expired', severe: true });
  else if (typeof days === 'number' && days < CERTIFICATE_WARNING_DAYS) {
    out.push({ text: `The Graph client certificate expires in ${Math.floor(days)} days`, severe: false });
  }
  return out;
}

function health(list: Problem[]): { style: string; text: string } {
  if (list.length === 0) return { style: 'good', text: '🟢 Healthy' };
  const n = `${list.length} problem${list.length === 1 ? '' : 's'}`;
  return list.some((p) => p.severe)
    ? { style: 'attention', text: `🔴 Needs attention (${n})` }
    : { style: 'warning', text: `🟠 Degraded (${n})` };
}

const when = (iso: string | null | undefined, now?: number): string =>
  !iso ? 'never' : now !== undefined ? formatWhen(iso, now) : formatUtc(iso);

function pollerFacts(view: StatusCardView, now?: number): Fact[] {
  const p = view.poller;
  const facts: Fact[] = [
    { title: 'Last cycle', value: when(p.lastCycleAt, now) },
    { title: 'Last success', value: when(p.lastSuccessAt, now) },
  ];
  if (typeof p.lastDurationMs === 'number')
    facts.push({ title: 'Duration', value: formatDuration(p.lastDurationMs) });
  if (typeof p.alertsLastCycle === 'number')
    facts.push({ title: 'Alerts read', value: String(p.alertsLastCycle) });
  facts.push({ title: 'Watermark', value: p.watermark ? md(p.watermark, { max: 40 }) : 'not set' });
  if (p.intervalSeconds) facts.push({ title: 'Interval', value: formatDuration(p.intervalSeconds * 1000) });
  if (p.backlog) {
    const left =
      p.backlog.estimatedRemaining === null ? '' : `, about ${p.backlog.estimatedRemaining} alerts left`;
    const at = p.backlog.boundary ? ` (at ${md(p.backlog.boundary, { max: 40 })})` : '';
    facts.push({ title: 'Catching up', value: `${p.backlog.pagesRead} pages read${at}${left}` });
  }
  return facts;
}

function runtimeFacts(view: StatusCardView): Fact[] {
  const { leader, store } = view;
  const leaderText = leader.isLeader
    ? 'this replica'
    : leader.leaderId
      ? md(leader.leaderId, { max: 80 })
      : 'none (no replica holds the lease)';
  const facts: Fact[] = [
    {
      title: 'Store',
      value: md(store.detail ? `${store.kind} (${store.detail})` : store.kind, { max: 120 }),
    },
    {
      title: 'This replica',
      value: `${md(leader.replicaId, { max: 80 })}${leader.isLeader ? ' (leader)' : ' (standby)'}`,
    },
    { title: 'Leader', value: leaderText },
  ];
  const days = view.certificateDaysLeft;
  if (typeof days === 'number') {
    facts.push({ title: 'Certificate', value: days <= 0 ? '⛔ expired' : `${Math.floor(days)} days left` });
  }
  for (const [title, n] of Object.entries(view.counts ?? {})) {
    if (typeof n === 'number')
      facts.push({ title: COUNT_NAMES[title] ?? md(title, { max: 40 }), value: String(n) });
  }
  return facts;
}

/** Shared identities listed on the card at most. */
const MAX_SHARED = 10;

/** The shared-identities section, or none when there are none. */
function sharedSection(view: StatusCardView): Array<{ heading: string; facts: Fact[] }> {
  const list = (view.sharedIdentities ?? []).slice(0, MAX_SHARED);
  if (list.length === 0) return [];
  return [
    {
      heading: 'Shared identities (weak evidence, never the only reason for a card)',
      facts: list.map((s) => ({
        title: md(s.display, { max: 80 }),
        value: `${s.alerts}+ alerts in one window`,
      })),
    },
  ];
}

const COUNT_NAMES: Record<string, string> = {
  defenderAlerts: 'Defender alerts tracked',
  dlpAlerts: 'DLP alerts tracked',
  correlated: 'Correlated alerts',
  subscriptions: 'Subscriptions',
};

export function statusCard(view: StatusCardView, now?: number): AdaptiveCard {
  const list = problems(view, now);
  const h = health(list);
  const features = Object.entries(view.features)
    .slice(0, MAX_FEATURES)
    .map(([key, f]) => ({ title: md(featureName(key), { max: 60 }), value: featureText(f) }));
  return expandCard(template, {
    fallbackText: `${h.text} · version ${plain(view.version, { max: 40 })} · up ${formatDuration(view.uptimeMs)}`,
    health: h,
    subheading: md(`Version ${view.version} · up ${formatDuration(view.uptimeMs)}`, { max: 120 }),
    problems: list.map((p) => ({ text: `${p.severe ? '⛔' : '⚠️'} ${md(p.text, { max: 300 })}` })),
    sections: [
      view.tenants
        ? { heading: 'Tenants', facts: tenantFacts(view.tenants) }
        : { heading: 'Poller', facts: pollerFacts(view, now) },
      { heading: 'Runtime', facts: runtimeFacts(view) },
      {
        heading: 'Graph permissions',
        facts: features.length ? features : [{ title: 'Features', value: 'unknown' }],
      },
      ...sharedSection(view),
    ],
  });
}
