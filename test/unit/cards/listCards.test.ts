import { alertListCard } from '../../../src/cards/alertListCard';
import { auditCard } from '../../../src/cards/auditCard';
import { digestCard } from '../../../src/cards/digestCard';
import { dlpUserCard } from '../../../src/cards/dlpUserCard';
import { MAX_CARD_BYTES, cardBytes } from '../../../src/cards/render';
import { expectValidCard, markdownTexts } from './cardChecks';
import { HOSTILE_TITLE, NOW, makeListItem } from './fixtures';

const texts = (card: object): string[] => markdownTexts(card);
const many = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeListItem({
      id: `alert-${i}`,
      title: `Alert ${i} ${'long title '.repeat(20)}`,
      severity: i % 3 ? 'medium' : 'high',
    }),
  );

describe('alertListCard (/alerts)', () => {
  const card = alertListCard(
    {
      alerts: [
        makeListItem({
          id: 'low-1',
          severity: 'low',
          title: 'Low one',
          lastActivityDateTime: '2026-03-02T14:29:00Z',
        }),
        makeListItem(),
        makeListItem({
          id: 'high-2',
          title: 'Older high',
          lastActivityDateTime: '2026-03-02T10:00:00Z',
          assignedTo: 'bob@contoso.com',
          status: 'inProgress',
        }),
      ],
      filter: 'severity ≥ low · since 24 h',
    },
    NOW,
  );

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('lists most severe first, then most recent, each with user, DLP count, status and the /alert hint', () => {
    const t = texts(card);
    expect(t[0]).toBe('Correlated alerts \\(3\\)');
    const firsts = t.filter((x) => x.startsWith('🔴') || x.startsWith('🟡'));
    expect(firsts).toEqual([
      '🔴 **Suspicious PowerShell download of a file**',
      '🔴 **Older high**',
      '🟡 **Low one**',
    ]);
    expect(t).toContain(
      'alice@contoso.\u200Dcom · 3 DLP · New · 10 min ago · /alert da638000000000000000\\_-1234567890',
    );
    expect(t).toContain(
      'alice@contoso.\u200Dcom · 3 DLP · In progress · → bob@contoso.\u200Dcom · 5 h ago · /alert high-2',
    );
  });

  it('ends a long list with "and N more" and stays small', () => {
    const c = alertListCard({ alerts: many(300), total: 1000 });
    expectValidCard(c);
    const t = texts(c);
    const shown = t.filter((x) => x.includes('long title')).length;
    expect(t).toContain(`… and ${1000 - shown} more`);
    expect(cardBytes(c)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('says so when nothing matches', () => {
    const c = alertListCard({ alerts: [] });
    expectValidCard(c);
    expect(texts(c).join('\n')).toContain('No correlated alert matches');
  });

  it('escapes alert titles', () => {
    const c = alertListCard({ alerts: [makeListItem({ title: HOSTILE_TITLE })] });
    expect(texts(c).join('\n')).not.toMatch(/(^|[^\\])\[click/);
  });
});

describe('digestCard', () => {
  const card = digestCard({ alerts: many(14) }, NOW);

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('says how many alerts it stands for, lists the top 5 most severe, and points to /alerts', () => {
    const t = texts(card);
    expect(t[0]).toBe('📥 14 more correlated alerts');
    expect(t.filter((x) => x.startsWith('🔴')).length).toBe(5);
    expect(t).toContain('… and 9 more');
    expect(t.join('\n')).toContain('Type /alerts to list all 14 alerts');
    expect(card.fallbackText).toMatch(/^14 more correlated alerts: 🔴 Alert 0/);
  });

  it('honours top and total', () => {
    const t = texts(digestCard({ alerts: many(3), total: 40, top: 2 }));
    expect(t[0]).toBe('📥 40 more correlated alerts');
    expect(t).toContain('… and 38 more');
  });
});

describe('dlpUserCard (/dlp)', () => {
  const card = dlpUserCard(
    {
      user: 'alice@contoso.com',
      period: 'last 7 d',
      alerts: [
        {
          id: 'dlp-1',
          title: 'Credit card numbers emailed externally',
          severity: 'medium',
          status: 'new',
          activityDateTime: '2026-03-02T13:51:00Z',
          correlated: [{ id: 'def-1', title: 'Suspicious PowerShell', severity: 'high' }],
        },
        {
          id: 'dlp-2',
          title: 'USB copy',
          severity: 'low',
          activityDateTime: '2026-03-01T09:00:00Z',
          correlated: [],
        },
      ],
    },
    NOW,
  );

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('shows each DLP alert and the Defender alerts it correlates with', () => {
    const t = texts(card).join('\n');
    expect(t).toContain('DLP alerts for alice@contoso.\u200Dcom');
    expect(t).toContain('2 DLP alerts, 1 correlated with Defender alerts · last 7 d');
    expect(t).toContain('↳ Correlated with 🔴 Suspicious PowerShell (/alert def-1)');
    expect(t).toContain('↳ No correlated Defender alert');
    expect(t).toContain('13:51 UTC (39 min ago) · New · DLP alert dlp-1');
  });

  it('cuts long lists, and the correlated alerts of each', () => {
    const correlated = Array.from({ length: 7 }, (_, i) => ({
      id: `d${i}`,
      title: `Def ${i}`,
      severity: 'high',
    }));
    const alerts = Array.from({ length: 100 }, (_, i) => ({
      id: `dlp-${i}`,
      title: `DLP ${i}`,
      severity: 'medium',
      correlated,
    }));
    const c = dlpUserCard({ user: 'alice@contoso.com', alerts });
    expectValidCard(c);
    const t = texts(c).join('\n');
    expect(t).toContain('(/alert d2) and 4 more');
    expect(t).toMatch(/… and \d+ more/);
  });

  it('explains an empty answer', () => {
    expect(texts(dlpUserCard({ user: 'nobody@contoso.com', alerts: [] })).join('\n')).toContain(
      'No DLP alert found for this user',
    );
  });
});

describe('auditCard (/audit)', () => {
  const card = auditCard(
    {
      entries: [
        {
          at: '2026-03-02T14:00:00Z',
          actor: 'Bob Analyst',
          action: 'set status to Resolved',
          alertId: 'def-1',
          result: 'ok',
        },
        {
          at: '2026-03-02T14:10:00Z',
          actor: 'Eve',
          action: 'tried to classify',
          alertId: 'def-1',
          result: 'denied',
          detail: 'not a SOC analyst',
        },
        {
          at: '2026-03-02T14:20:00Z',
          actor: 'Bob Analyst',
          action: 'commented',
          alertId: 'def-2',
          result: 'error',
          detail: 'Graph answered 503',
        },
      ],
    },
    NOW,
  );

  it('renders (snapshot) and is valid', () => {
    expect(card).toMatchSnapshot();
    expectValidCard(card);
  });

  it('lists who did what, on which alert, when and with what result, newest first', () => {
    const t = texts(card);
    const firsts = t.filter((x) => /^(✅|🚫|❌)/.test(x));
    expect(firsts).toEqual([
      '❌ **Bob Analyst** commented',
      '🚫 **Eve** tried to classify',
      '✅ **Bob Analyst** set status to Resolved',
    ]);
    expect(t).toContain('14:10 UTC (20 min ago) · alert def-1 · denied');
    expect(t).toContain('not a SOC analyst');
    expect(t).toContain('14:00 UTC (30 min ago) · alert def-1 · done');
  });

  it("names the alert's tenant when the bot serves several", () => {
    const c = auditCard(
      {
        entries: [
          {
            at: '2026-03-02T14:00:00Z',
            actor: 'Bob',
            action: 'commented',
            alertId: 'def-1',
            tenant: 'contoso',
            result: 'ok',
          },
          {
            at: '2026-03-02T14:05:00Z',
            actor: 'Bob',
            action: '/subscribe',
            alertId: null,
            tenant: null,
            result: 'ok',
          },
        ],
      },
      NOW,
    );
    expectValidCard(c);
    expect(texts(c)).toContain('14:00 UTC (30 min ago) · alert def-1 in tenant contoso · done');
    expect(texts(c)).toContain('14:05 UTC (25 min ago) · done');
  });

  it('names the alert when filtered, and cuts long logs', () => {
    const entries = Array.from({ length: 80 }, (_, i) => ({
      at: `2026-03-02T1${i % 10}:00:00Z`,
      actor: 'Bob',
      action: 'commented',
      result: 'ok',
    }));
    const c = auditCard({ alertId: 'def-1', entries, total: 500 });
    expectValidCard(c);
    const t = texts(c);
    expect(t[0]).toBe('Audit log for alert def-1');
    expect(t.some((x) => /^… and \d+ more$/.test(x))).toBe(true);
  });
});
