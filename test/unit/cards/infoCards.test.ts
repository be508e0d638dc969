import { COMMAND_HELP } from '../../../src/cards/commands';
import { helpCard } from '../../../src/cards/helpCard';
import { noticeCard } from '../../../src/cards/noticeCard';
import { MAX_CARD_BYTES, cardBytes } from '../../../src/cards/render';
import { sitCard } from '../../../src/cards/sitCard';
import { statusCard } from '../../../src/cards/statusCard';
import { welcomeCard } from '../../../src/cards/welcomeCard';
import { expectValidCard, markdownTexts, parseEvents, strings } from './cardChecks';
import { HOSTILE_TITLE, NOW, makeSitResult, makeStatusView } from './fixtures';

const texts = (card: object): string => markdownTexts(card).join('\n');

describe('sitCard', () => {
  const card = sitCard({
    alert: { id: 'def-1', title: 'Suspicious PowerShell download' },
    results: [
      makeSitResult(),
      makeSitResult({
        dlpAlertId: 'dlp-2',
        dlpTitle: 'Upload to personal cloud',
        source: 'CloudAppEvents',
        types: [{ name: 'EU Debit Card Number', count: 1, confidenceLevel: 'Medium' }],
      }),
      makeSitResult({
        dlpAlertId: 'dlp-3',
        dlpTitle: null,
        source: 'none',
        types: [],
        reason: 'the app lacks ThreatHunting.Read.All',
      }),
    ],
  });

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('shows each type with count, unique count, confidence number and level, policy and rule, and the source', () => {
    const t = texts(card);
    expect(t).toContain('**Credit Card Number** · 12 matches (9 unique) · confidence 85 (High)');
    expect(t).toContain('Policy: PCI DSS · Rule: High volume of credit card numbers · Location: OneDrive');
    expect(t).toContain(
      '**U.\u200DS. Social Security Number \\(SSN\\)** · 2 matches (2 unique) · confidence 75 (Medium)',
    );
    expect(t).toContain('**EU Debit Card Number** · 1 match · confidence Medium');
    expect(t).toContain('Source: Advanced hunting: DataSecurityEvents');
    expect(t).toContain('Source: Advanced hunting: CloudAppEvents \\(the DLP audit record\\)');
  });

  it('says why when no source had data', () => {
    expect(texts(card)).toContain(
      'No sensitive info type data: the app lacks ThreatHunting.\u200DRead.\u200DAll',
    );
    expect(texts(card)).toContain('📄 DLP alert dlp-3');
  });

  it('never renders detected values, even if a caller passes an object that carries them', () => {
    const leaky = {
      ...makeSitResult(),
      DetectedValues: ['4111 1111 1111 1111'],
      types: [
        {
          name: 'Credit Card Number',
          count: 1,
          DetectedValues: ['4111 1111 1111 1111'],
          SensitiveInformationDetections: { DetectedValues: [{ Name: 'x', Value: '078-05-1120' }] },
        },
      ],
    };
    const c = sitCard({ alert: { id: 'def-1' }, results: [leaky as never] });
    const json = JSON.stringify(c);
    expect(json).not.toContain('4111');
    expect(json).not.toContain('078-05-1120');
  });

  it('shows a card-wide note, escapes names, and handles no DLP alert at all', () => {
    const c = sitCard({
      alert: { id: 'def-1', title: HOSTILE_TITLE },
      results: [],
      note: 'Sensitive info types need ThreatHunting.Read.All',
    });
    expectValidCard(c);
    const t = texts(c);
    expect(t).toContain('⚠️ Sensitive info types need ThreatHunting');
    expect(t).toContain('No correlated DLP alert to look up.');
    expect(t).not.toMatch(/(^|[^\\])\[click/);
  });

  it('stays under 28 KB with many DLP alerts and many types, ending lists with "and N more"', () => {
    const types = Array.from({ length: 60 }, (_, i) => ({
      name: `Custom SIT ${i} ${'x'.repeat(150)}`,
      count: i,
      confidence: 65,
      policy: 'p'.repeat(200),
      rule: 'r'.repeat(200),
    }));
    const results = Array.from({ length: 40 }, (_, i) => makeSitResult({ dlpAlertId: `dlp-${i}`, types }));
    const c = sitCard({ alert: { id: 'def-1' }, results });
    expect(cardBytes(c)).toBeLessThan(MAX_CARD_BYTES);
    expect(parseEvents(c)).toEqual([]);
    expect(texts(c)).toMatch(/… and \d+ more$/m);
  });
});

describe('welcomeCard', () => {
  const card = welcomeCard({ botName: 'DLP Bot', teamName: 'Contoso SOC', windowMinutes: 30 });

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('says what the bot does and how to subscribe a channel, with filter examples and /help', () => {
    const t = texts(card);
    expect(t).toContain('Thanks for adding DLP Bot to Contoso SOC');
    expect(t).toContain('within ±30 min');
    expect(t).toContain('@DLP Bot /subscribe');
    expect(t).toContain('/subscribe severity\\>=high');
    expect(t).toContain('/subscribe severity\\>=medium sources=endpoint,office365');
    expect(t).toContain('/help');
    expect(card.fallbackText).toContain('/subscribe');
  });
});

describe('helpCard', () => {
  const card = helpCard({ botName: 'DLP Bot' });

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('describes the alert card’s Resolve / classify and Assign to… forms', () => {
    const t = texts(card);
    expect(t).toContain('Resolve / classify');
    expect(t).toContain('Assign to…');
    expect(t).toContain('Reopen');
  });

  it('describes every command with its syntax', () => {
    const t = texts(card);
    for (const name of [
      'help',
      'status',
      'subscribe',
      'unsubscribe',
      'alerts',
      'alert',
      'dlp',
      'sit',
      'enrich',
      'comment',
      'audit',
      'tenants',
    ]) {
      expect(COMMAND_HELP.map((c) => c.name)).toContain(name);
      expect(t).toContain(`/${name}`);
    }
    expect(t).toContain('/subscribe \\[severity\\>=…\\] \\[sources=…\\]');
    expect(t).toContain('/alerts \\[severity\\>=…\\] \\[status=…\\] \\[since=24h\\]');
    expect(t).toContain('/dlp \\<upn\\> \\[since=7d\\]');
    expect(t).toContain('/comment \\<id\\> \\[tenant=…\\] \\<text\\>');
    expect(t).toContain('/subscribe \\[severity\\>=…\\] \\[sources=…\\] \\[sensitive\\] \\[tenants=…\\]');
    expect(t).toContain('/audit \\[alert-id\\]');
    expect(t).toContain('mention me first: @DLP Bot /help');
  });
});

describe('statusCard', () => {
  it('renders a degraded bot (snapshot), problems first', () => {
    const card = statusCard(makeStatusView(), NOW);
    expect(card).toMatchSnapshot();
    expectValidCard(card);
    const t = texts(card);
    expect(t).toContain('🟠 Degraded (1 problem)');
    expect(t).toContain('⚠️ Sensitive info types unavailable: missing ThreatHunting.\u200DRead.\u200DAll');
    expect(t).toContain('Version 0.\u200D1.\u200D0 · up 3 d 4 h');
    expect(t).toContain('14:29 UTC (1 min ago)');
    expect(t).toContain('840 ms');
    expect(t).toContain('replica-a (leader)');
    expect(t).toContain('42 days left');
    expect(t).toContain('✅ ready');
  });

  it('is healthy when nothing is wrong', () => {
    const view = makeStatusView({ features: { alerts: { ready: true }, actions: { ready: true } } });
    const card = statusCard(view, NOW);
    expect(texts(card)).toContain('🟢 Healthy');
    expect(card.body[0]).toMatchObject({ style: 'good' });
  });

  it('lists shared identities as weak evidence, and no such section when there are none', () => {
    const view = makeStatusView({ sharedIdentities: [{ display: 'helpdesk@contoso.com', alerts: 51 }] });
    expect(texts(statusCard(view, NOW))).toMatch(/Shared identities \(weak evidence/);
    expect(texts(statusCard(view, NOW))).toContain('51+ alerts in one window');
    expect(texts(statusCard(makeStatusView(), NOW))).not.toContain('Shared identities');
  });

  it('needs attention when polling fails, is stale, or the certificate expired', () => {
    const failing = statusCard(
      makeStatusView({ poller: { ...makeStatusView().poller, error: 'Graph answered 503' } }),
      NOW,
    );
    expect(texts(failing)).toContain('Last poll failed: Graph answered 503');
    expect(texts(failing)).toMatch(/🔴 Needs attention/);
    const stale = statusCard(
      makeStatusView({ poller: { ...makeStatusView().poller, lastSuccessAt: '2026-03-02T14:00:00Z' } }),
      NOW,
    );
    expect(texts(stale)).toContain('No successful poll for 30 min');
    const expired = statusCard(makeStatusView({ certificateDaysLeft: 0 }), NOW);
    expect(texts(expired)).toContain('The Graph client certificate has expired');
    const soon = statusCard(makeStatusView({ certificateDaysLeft: 5, features: {} }), NOW);
    expect(texts(soon)).toContain('🟠 Degraded (1 problem)');
  });

  it('shows a catch-up in progress: pages read, boundary and the alerts left', () => {
    const backlog = { pagesRead: 42, boundary: '2026-03-01T09:00:00Z', estimatedRemaining: 158000 };
    const card = statusCard(makeStatusView({ poller: { ...makeStatusView().poller, backlog } }), NOW);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('42 pages read');
    expect(JSON.stringify(card)).toContain('about 158000 alerts left');
  });

  it('shows a standby replica and who leads, without now', () => {
    const card = statusCard(
      makeStatusView({ leader: { replicaId: 'replica-b', isLeader: false, leaderId: 'replica-a' } }),
    );
    expectValidCard(card);
    const t = texts(card);
    expect(t).toContain('replica-b (standby)');
    expect(t).toContain('2026-03-02 14:29 UTC');
  });
});

describe('noticeCard', () => {
  it('renders each kind in its colour (snapshot)', () => {
    for (const [kind, style] of [
      ['info', 'emphasis'],
      ['success', 'good'],
      ['warning', 'warning'],
      ['error', 'attention'],
    ] as const) {
      const card = noticeCard({
        title: 'Usage',
        text: 'Usage: /comment <id> <text>\nExample: /comment da123 looked at it',
        kind,
      });
      expectValidCard(card);
      expect(card.body[0]).toMatchObject({ type: 'Container', style });
      if (kind === 'info') expect(card).toMatchSnapshot();
    }
  });

  it('shows the text as plain paragraphs, escaped', () => {
    const card = noticeCard({
      title: HOSTILE_TITLE,
      text: 'Usage: /comment <id> <text>\n\nExample: /comment da123 looked',
    });
    const t = markdownTexts(card);
    expect(t).toEqual([
      'ℹ️ \\[click\\]\\(https://\u200Devil.\u200Dexample\\) \\*\\*urgent\\*\\*',
      'Usage: /comment \\<id\\> \\<text\\>',
      'Example: /comment da123 looked',
    ]);
  });

  it('bounds a huge text', () => {
    const card = noticeCard({ title: 'x', text: 'line\n'.repeat(10_000), kind: 'error' });
    expectValidCard(card);
    expect(cardBytes(card)).toBeLessThan(4_000);
  });
});

describe('the adaptivecards parser check', () => {
  it('reports a broken card, so a passing check means something', () => {
    const broken = {
      ...noticeCard({ title: 'x', text: 'y' }),
      body: [
        { type: 'Input.Text', id: 'same' },
        { type: 'Input.Text', id: 'same' },
        { type: 'NoSuchElement' },
      ],
    };
    expect(parseEvents(broken).length).toBeGreaterThan(0);
  });

  it('and every card leaves no template expression unbound', () => {
    for (const card of [helpCard(), welcomeCard({ botName: '' }), statusCard(makeStatusView())]) {
      expect(strings(card).filter((s) => s.value.includes('${'))).toEqual([]);
    }
  });
});
