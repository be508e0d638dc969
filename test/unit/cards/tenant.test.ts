/**
 * Cards of a bot serving several tenants: every Action.Execute names the alert's tenant (`default` for a
 * single tenant), the alert card shows the tenant when there are several, and Defender links open in the
 * customer's tenant (`tid=`) without loosening safeLink's checks.
 */
import * as cards from '../../../src/cards';
import type { AdaptiveCard, CardTenant } from '../../../src/cards';
import { tenantLink, withTenantId } from '../../../src/cards/urls';
import { visibleText } from '../bot/cardText';
import { NOW, makeAlertCardView, makeListItem, makeSitResult, makeStatusView } from './fixtures';

const FABRIKAM: CardTenant = {
  name: 'fabrikam',
  displayName: 'Fabrikam Ltd',
  tenantId: '22222222-2222-4222-8222-222222222222',
  shown: true,
};
const HIDDEN: CardTenant = { ...FABRIKAM, shown: false };

/** Every Action.Execute of a card, the refresh block's included. */
function executes(card: unknown): Array<{ verb?: unknown; data?: Record<string, unknown> }> {
  const out: Array<{ verb?: unknown; data?: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute') out.push(n as { verb?: unknown; data?: Record<string, unknown> });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Per card builder that emits Action.Execute: a sample for a tenant (`undefined`: the single tenant). */
const WITH_ACTIONS: Record<string, (t?: CardTenant) => AdaptiveCard> = {
  alertCard: (t) => cards.alertCard(makeAlertCardView(t ? { tenant: t } : {}), NOW),
  sitCard: (t) =>
    cards.sitCard({
      alert: { id: 'def-1' },
      results: [makeSitResult()],
      cardVersion: 7,
      ...(t ? { tenant: t } : {}),
    }),
};

/** The other builders: a sample each, checked to carry no Action.Execute (a new action must name the tenant). */
const WITHOUT_ACTIONS: Record<string, () => AdaptiveCard> = {
  alertListCard: () => cards.alertListCard({ total: 1, alerts: [makeListItem()] }, NOW),
  digestCard: () => cards.digestCard({ total: 30, alerts: [makeListItem()], tenant: FABRIKAM }, NOW),
  snoozeSummaryCard: () =>
    cards.snoozeSummaryCard(
      { target: { kind: 'user', display: 'm@contoso.com' }, setBy: 'R', total: 1, alerts: [makeListItem()] },
      NOW,
    ),
  welcomeCard: () => cards.welcomeCard({ botName: 'DLP Bot' }),
  tenantsCard: () =>
    cards.tenantsCard(
      {
        tenants: [
          {
            name: 'contoso',
            displayName: 'Contoso',
            tenantId: '11111111-1111-4111-8111-111111111111',
            polledBy: 'replica-a',
            pollingHere: true,
            lastCycleCompletedAt: '2026-03-02T13:59:00Z',
            lastError: null,
            missingPermissions: [],
          },
        ],
        spread: { live: ['replica-a'], share: 1, held: 1 },
        replicaId: 'replica-a',
      },
      NOW,
    ),
  helpCard: () => cards.helpCard(),
  statusCard: () => cards.statusCard(makeStatusView(), NOW),
  dlpUserCard: () => cards.dlpUserCard({ user: 'megan@contoso.com', alerts: [] }, NOW),
  auditCard: () =>
    cards.auditCard({ entries: [{ at: '2026-03-02T14:00:00Z', actor: 'Megan', action: 'x', result: 'ok' }] }),
  noticeCard: () => cards.noticeCard({ kind: 'info', title: 'Hello', text: 'there' }),
  reportCard: () =>
    cards.reportCard({
      title: 'Shift report',
      period: '2026-11-20 08:00 → 20:00 (UTC)',
      total: 1,
      byStatus: [{ label: 'new', count: 1 }],
      bySeverity: [{ label: 'high', count: 1 }],
      firstAction: { count: 0, medianMs: 0, p90Ms: 0, waiting: 1, viaBot: 0, viaGraph: 0 },
      resolution: { count: 0, medianMs: 0, p90Ms: 0 },
      topUsers: [],
      topPolicies: [],
      policySource: 'dlpTitle',
      analysts: [],
    }),
};

function builderNames(): string[] {
  return Object.entries(cards)
    .filter(([name, v]) => typeof v === 'function' && /Card$/.test(name) && name !== 'alertIdOfCard')
    .map(([name]) => name)
    .sort();
}

describe('the tenant in every card action’s data', () => {
  it('has an entry for every card builder src/cards exports', () => {
    expect([...Object.keys(WITH_ACTIONS), ...Object.keys(WITHOUT_ACTIONS)].sort()).toEqual(builderNames());
  });

  const withActions = Object.keys(WITH_ACTIONS);

  it.each(withActions)('%s: every Action.Execute names the tenant', (name) => {
    const actions = executes(WITH_ACTIONS[name]!(FABRIKAM));
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a.data).toMatchObject({ tenant: 'fabrikam' });
  });

  it.each(withActions)('%s: a single tenant’s card names `default`', (name) => {
    const actions = executes(WITH_ACTIONS[name]!());
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a.data).toMatchObject({ tenant: 'default' });
  });

  it('every alert card action (snooze and the forms included) carries alertId, cardVersion and tenant', () => {
    const view = makeAlertCardView({
      tenant: FABRIKAM,
      snooze: { user: 'megan@contoso.com', detector: true },
    });
    const actions = executes(cards.alertCard(view, NOW));
    expect(actions.map((a) => a.verb)).toEqual(
      expect.arrayContaining([cards.VERBS.snooze, cards.VERBS.resolve]),
    );
    for (const a of actions)
      expect(a.data).toMatchObject({
        alertId: view.alert.id,
        cardVersion: view.cardVersion,
        tenant: 'fabrikam',
      });
  });

  it.each(Object.keys(WITHOUT_ACTIONS))('%s carries no Action.Execute', (name) => {
    expect(executes(WITHOUT_ACTIONS[name]!())).toEqual([]);
  });

  it('lets the action parser keep the tenant (and still accept a card without one)', () => {
    const withTenant = cards.parseCardAction(cards.VERBS.refresh, {
      alertId: 'da1',
      cardVersion: 1,
      tenant: 'fabrikam',
    });
    expect(withTenant).toEqual({ ok: true, action: expect.objectContaining({ tenant: 'fabrikam' }) });
    const without = cards.parseCardAction(cards.VERBS.refresh, { alertId: 'da1', cardVersion: 1 });
    expect(without.ok && without.action.tenant).toBeUndefined();
    const forged = cards.parseCardAction(cards.VERBS.refresh, {
      alertId: 'da1',
      cardVersion: 1,
      tenant: ['x'],
    });
    expect(forged).toEqual({
      ok: false,
      error: expect.stringContaining('The tenant on this card is not text'),
    });
  });
});

describe('the alert card names its tenant', () => {
  it('shows a Tenant fact and prefixes the fallback text when the bot serves several tenants', () => {
    const card = cards.alertCard(makeAlertCardView({ tenant: FABRIKAM }), NOW);
    expect(visibleText(card)).toContain('Tenant\nFabrikam Ltd (fabrikam)');
    expect(card.fallbackText.startsWith('Fabrikam Ltd · ')).toBe(true);
  });

  it('shows the display name alone when it is the short name', () => {
    const card = cards.alertCard(
      makeAlertCardView({ tenant: { ...FABRIKAM, displayName: 'fabrikam' } }),
      NOW,
    );
    expect(visibleText(card)).toContain('Tenant\nfabrikam\n');
  });

  it('shows nothing of the tenant with a single tenant, and escapes a hostile display name', () => {
    expect(visibleText(cards.alertCard(makeAlertCardView({ tenant: HIDDEN }), NOW))).not.toContain('Tenant');
    const hostile = cards.alertCard(
      makeAlertCardView({ tenant: { ...FABRIKAM, displayName: '[x](https://evil.example)' } }),
      NOW,
    );
    expect(JSON.stringify(hostile)).not.toContain('](https://evil.example)');
  });

  it('names the tenant on the sensitive info types card and on digests when shown', () => {
    const sit = cards.sitCard({ alert: { id: 'def-1' }, results: [makeSitResult()], tenant: FABRIKAM });
    expect(visibleText(sit)).toContain('Fabrikam Ltd (fabrikam) · ');
    const digest = cards.digestCard({ total: 3, alerts: [makeListItem()], tenant: FABRIKAM }, NOW);
    expect(visibleText(digest)).toContain('Fabrikam Ltd · 3 more correlated alerts');
    const summary = cards.snoozeSummaryCard(
      {
        target: { kind: 'user', display: 'm@contoso.com' },
        setBy: 'R',
        total: 1,
        alerts: [makeListItem()],
        tenant: FABRIKAM,
      },
      NOW,
    );
    expect(visibleText(summary)).toContain('Fabrikam Ltd · Snooze ended');
    expect(visibleText(cards.digestCard({ total: 3, alerts: [], tenant: HIDDEN }, NOW))).not.toContain(
      'Fabrikam',
    );
  });
});

describe('Defender links open in the alert’s tenant (tid=)', () => {
  const GUID = FABRIKAM.tenantId;

  it('adds tid to the Open in Defender and incident links of the alert card', () => {
    const card = cards.alertCard(makeAlertCardView({ tenant: FABRIKAM }), NOW);
    const json = JSON.stringify(card);
    expect(json).toContain(
      `https://security.microsoft.com/alerts/da638000000000000000_-1234567890?tid=${GUID}`,
    );
    expect(json).toContain(`https://security.microsoft.com/incidents/4711?tid=${GUID}`);
  });

  it('replaces a tid naming another tenant and keeps the other parameters', () => {
    expect(withTenantId('https://security.microsoft.com/alerts/da1?tid=aaaa&x=1', GUID)).toBe(
      `https://security.microsoft.com/alerts/da1?tid=${GUID}&x=1`,
    );
    expect(withTenantId('https://security.microsoft.com/incidents/7', GUID.toUpperCase())).toBe(
      `https://security.microsoft.com/incidents/7?tid=${GUID}`,
    );
  });

  it('sets a verified domain only where the link names no tenant, and leaves `default` links alone', () => {
    expect(withTenantId('https://security.microsoft.com/alerts/da1', 'fabrikam.com')).toBe(
      'https://security.microsoft.com/alerts/da1?tid=fabrikam.com',
    );
    expect(withTenantId(`https://security.microsoft.com/alerts/da1?tid=${GUID}`, 'fabrikam.com')).toBe(
      `https://security.microsoft.com/alerts/da1?tid=${GUID}`,
    );
    expect(withTenantId('https://security.microsoft.com/alerts/da1', 'default')).toBe(
      'https://security.microsoft.com/alerts/da1',
    );
    expect(withTenantId('https://security.microsoft.com/alerts/da1', 'a&tid=b')).toBe(
      'https://security.microsoft.com/alerts/da1',
    );
  });

  it('keeps safeLink’s checks: a link it drops stays dropped', () => {
    expect(tenantLink('http://security.microsoft.com/alerts/da1', GUID)).toBeUndefined();
    expect(tenantLink('https://evil.example/alerts/da1', GUID)).toBeUndefined();
    expect(tenantLink('https://user:pw@security.microsoft.com/', GUID)).toBeUndefined();
    expect(tenantLink('https://localhost:8443/alerts/da1', GUID, 'localhost:8443')).toBe(
      `https://localhost:8443/alerts/da1?tid=${GUID}`,
    );
  });
});
