/**
 * Teams-safe refresh: every card with `refresh` names who gets it automatically (`refresh.userIds`, at most
 * 60 MRIs, empty when the card is the same for everyone). Without the list Teams refreshes for every
 * viewer of a chat or channel of up to 60 members: one invoke per view.
 */
import * as cards from '../../../src/cards';
import { MAX_REFRESH_USER_IDS, withRefreshAudience, type AdaptiveCard } from '../../../src/cards/render';
import { NOW, makeAlertCardView, makeListItem, makeSitResult, makeStatusView } from './fixtures';

/** One sample per card builder `src/cards` exports; a new builder without a sample fails the test below. */
const SAMPLES: Record<string, () => AdaptiveCard> = {
  alertCard: () => cards.alertCard(makeAlertCardView(), NOW),
  alertListCard: () => cards.alertListCard({ total: 2, alerts: [makeListItem(), makeListItem()] }, NOW),
  digestCard: () => cards.digestCard({ total: 30, alerts: [makeListItem()] }, NOW),
  sitCard: () => cards.sitCard({ alert: { id: 'def-1' }, results: [makeSitResult()] }),
  welcomeCard: () => cards.welcomeCard({ botName: 'DLP Bot' }),
  helpCard: () => cards.helpCard(),
  statusCard: () => cards.statusCard(makeStatusView(), NOW),
  dlpUserCard: () => cards.dlpUserCard({ user: 'megan@contoso.com', alerts: [] }, NOW),
  auditCard: () =>
    cards.auditCard({ entries: [{ at: '2026-03-02T14:00:00Z', actor: 'Megan', action: 'x', result: 'ok' }] }),
  noticeCard: () => cards.noticeCard({ kind: 'info', title: 'Hello', text: 'there' }),
  snoozeSummaryCard: () =>
    cards.snoozeSummaryCard(
      {
        target: { kind: 'user', display: 'megan@contoso.com' },
        setBy: 'Riley',
        total: 1,
        alerts: [makeListItem()],
      },
      NOW,
    ),
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

describe('refresh.userIds on every card', () => {
  it('has a sample for every card builder src/cards exports', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(builderNames());
  });

  it.each(Object.keys(SAMPLES))('%s: a card with refresh carries userIds (at most 60 MRIs)', (name) => {
    const card = SAMPLES[name]!();
    if (!card.refresh) return;
    expect(Array.isArray(card.refresh.userIds)).toBe(true);
    expect(card.refresh.userIds!.length).toBeLessThanOrEqual(MAX_REFRESH_USER_IDS);
  });

  it('gives the alert card an empty list: it looks the same for everyone, so nobody auto-refreshes it', () => {
    const card = cards.alertCard(makeAlertCardView(), NOW);
    expect(card.refresh?.userIds).toEqual([]);
    // The refresh action stays: it is how the bot recognises its own cards.
    expect(cards.alertIdOfCard(card)).toBe(makeAlertCardView().alert.id);
  });

  it('keeps the alert card list empty with a banner and when its lists are cut to fit', () => {
    const view = makeAlertCardView({ banner: { kind: 'error', text: 'x'.repeat(3000) } });
    expect(cards.alertCard(view, NOW).refresh?.userIds).toEqual([]);
  });

  it('keeps at most 60 distinct Teams user MRIs and drops anything else', () => {
    const ids = [
      ...Array.from({ length: 70 }, (_, i) => `29:user-${i}`),
      '29:user-1',
      'not an mri',
      '29:',
      '29:has space',
      42,
    ];
    const card = withRefreshAudience(cards.alertCard(makeAlertCardView(), NOW), ids);
    expect(card.refresh!.userIds).toHaveLength(60);
    expect(new Set(card.refresh!.userIds).size).toBe(60);
    expect(card.refresh!.userIds!.every((id) => /^29:user-\d+$/.test(id))).toBe(true);
  });

  it('adds no refresh block to a card that has none', () => {
    const card = withRefreshAudience(cards.noticeCard({ kind: 'info', title: 't', text: 'x' }), ['29:a']);
    expect(card.refresh).toBeUndefined();
  });
});
