/** `/tenants`: every customer tenant, who polls it, how its polling goes, what its consent lacks. */
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/tenants.json';
import { md, plain, plural } from './text';
import { formatRelative } from './time';

/** Tenants listed before "and N more" (the card shrinks further to fit Teams' size limit). */
export const MAX_TENANTS_SHOWN = 25;

/** One tenant as `/tenants` shows it (a `TenantStatus` of `/status`). */
export interface TenantCardItem {
  name: string;
  displayName: string;
  tenantId: string;
  /** The replica holding the tenant's lease, when known. */
  polledBy: string | null;
  pollingHere: boolean;
  lastCycleCompletedAt: string | null;
  lastError: string | null;
  missingPermissions: readonly string[];
}

export interface TenantsCardView {
  tenants: readonly TenantCardItem[];
  /** How the polling is spread: live replicas, each one's fair share, how many this replica holds. */
  spread: { live: readonly string[]; share: number; held: number } | null;
  /** The replica answering. */
  replicaId: string;
}

type Fact = { title: string; value: string };

function facts(t: TenantCardItem, replicaId: string, now: number): Fact[] {
  const by = t.pollingHere ? `${t.polledBy ?? replicaId} (here)` : (t.polledBy ?? 'nobody yet');
  const last = t.lastCycleCompletedAt
    ? formatRelative(t.lastCycleCompletedAt, now) || t.lastCycleCompletedAt
    : t.pollingHere
      ? 'not yet'
      : 'seen by the polling replica only';
  return [
    { title: 'Tenant id', value: md(t.tenantId, { max: 80 }) },
    { title: 'Polled by', value: md(by, { max: 80 }) },
    { title: 'Last poll', value: md(last, { max: 80 }) },
    { title: 'Last error', value: t.lastError ? md(t.lastError, { max: 300 }) : 'none' },
    {
      title: 'Missing permissions',
      value: t.missingPermissions.length ? md(t.missingPermissions.join(', '), { max: 300 }) : 'none',
    },
  ];
}

function spreadText(v: TenantsCardView): string {
  if (!v.spread) return `Answered by ${v.replicaId}.`;
  const s = v.spread;
  return (
    `${plural(s.live.length, 'live replica')} (${s.live.join(', ') || 'none'}); fair share ${s.share} ` +
    `tenant(s) each; ${v.replicaId} polls ${s.held}.`
  );
}

/** Renders `/tenants`; `now` (epoch ms) dates the last polls. Tenants in error come first. */
export function tenantsCard(v: TenantsCardView, now: number): AdaptiveCard {
  const ordered = [...v.tenants].sort(
    (a, b) =>
      Number(Boolean(b.lastError || b.missingPermissions.length)) -
      Number(Boolean(a.lastError || a.missingPermissions.length)),
  );
  const troubled = ordered.filter((t) => t.lastError || t.missingPermissions.length).length;
  return fitCard((limit) => {
    const { shown, more } = cut(ordered, limit);
    return expandCard(template, {
      fallbackText: `${plural(v.tenants.length, 'tenant')}, ${troubled} with a problem. ${plain(spreadText(v), { max: 200 })}`,
      heading: md(`Tenants (${v.tenants.length})${troubled ? ` · ${troubled} with a problem` : ''}`),
      subheading: md(spreadText(v), { max: 400 }),
      tenants: shown.map((t) => ({
        title: md(t.displayName === t.name ? t.name : `${t.displayName} (${t.name})`, { max: 120 }),
        style: t.lastError || t.missingPermissions.length ? 'warning' : 'default',
        facts: facts(t, v.replicaId, now),
      })),
      hasMore: more > 0,
      more: moreText(more),
    });
  }, MAX_TENANTS_SHOWN);
}
