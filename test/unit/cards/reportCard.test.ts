import { MAX_CARD_BYTES, cardBytes, type AdaptiveCard } from '../../../src/cards/render';
import { reportCard, type ReportCardView } from '../../../src/cards/reportCard';
import { expectValidCard, markdownTexts, objectsOfType, parseEvents, unescapedSpecials } from './cardChecks';

const view = (over: Partial<ReportCardView> = {}): ReportCardView => ({
  title: 'Shift report',
  period: '2026-11-20 08:00 → 20:00 (Europe/Paris)',
  total: 4,
  byStatus: [
    { label: 'new', count: 2 },
    { label: 'resolved', count: 2 },
  ],
  bySeverity: [
    { label: 'high', count: 3 },
    { label: 'low', count: 1 },
  ],
  firstAction: { count: 2, medianMs: 35 * 60_000, p90Ms: 3_600_000, waiting: 2, viaBot: 1, viaGraph: 1 },
  resolution: { count: 2, medianMs: 2 * 3_600_000, p90Ms: 5 * 3_600_000 },
  topUsers: [{ label: 'alice@contoso.com', count: 3 }],
  topPolicies: [{ label: 'DLP policy match: PCI', count: 2 }],
  policySource: 'dlpTitle',
  analysts: [{ name: 'Riley Chen', botActions: 2, assigned: 1 }],
  ...over,
});

const texts = (card: object): string =>
  markdownTexts(card)
    .join('\n')
    .replace(/\u200d/g, '');

/** What a client without chart support renders: every Chart.* element replaced by its fallback. */
function withFallbacks(card: AdaptiveCard): AdaptiveCard {
  return JSON.parse(JSON.stringify(card), (_key, value: unknown) => {
    const o = value as { type?: unknown; fallback?: unknown };
    return typeof o === 'object' && o !== null && typeof o.type === 'string' && o.type.startsWith('Chart.')
      ? o.fallback
      : value;
  }) as AdaptiveCard;
}

/** The card as Teams gets it (charts) and as every other client renders it (tables) are both valid. */
function expectValidReportCard(card: AdaptiveCard): void {
  // The reference parser does not know Teams' charts and says it will use their fallbacks: that is the
  // documented behaviour the fallbacks exist for, and the only thing it may say.
  for (const e of parseEvents(card))
    expect(e).toMatch(/^Unknown element type "Chart\.\w+"\. Fallback will be used/);
  expectValidCard(withFallbacks(card));
}

describe('reportCard', () => {
  it('draws status as a donut and severity as bars, each with a table fallback holding the same numbers', () => {
    const card = reportCard(view());
    const [donut] = objectsOfType(card, 'Chart.Donut');
    const [bars] = objectsOfType(card, 'Chart.VerticalBar');
    expect(donut).toMatchObject({
      title: 'By status',
      data: [
        { legend: 'New', value: 2 },
        { legend: 'Resolved', value: 2 },
      ],
    });
    expect(bars).toMatchObject({
      title: 'By severity',
      data: [
        { x: 'High', y: 3 },
        { x: 'Low', y: 1 },
      ],
    });
    for (const chart of [donut!, bars!]) {
      const facts = objectsOfType(chart.fallback, 'FactSet')[0]!.facts as Array<{ value: string }>;
      expect(facts.map((f) => Number(f.value))).toEqual(
        (chart.data as Array<{ value?: number; y?: number }>).map((d) => d.value ?? d.y),
      );
    }
  });

  it('is a valid card for a client that knows no charts (it falls back to the tables)', () => {
    const card = reportCard(view());
    expectValidReportCard(card);
    expect(parseEvents(card)).toHaveLength(2);
    expect(objectsOfType(withFallbacks(card), 'FactSet').length).toBeGreaterThanOrEqual(2);
  });

  it('says what each number is, and that DLP alert titles stand in for policy names', () => {
    const t = texts(reportCard(view()));
    expect(t).toContain('Shift report: 4 correlated alerts');
    expect(t).toContain('median 35 min');
    expect(t).toContain('1 from Teams · 1 seen in Defender · 2 waiting');
    expect(t).toContain('Top DLP alert titles');
    expect(t).toContain('DLP alert titles stand in');
    expect(t).toContain('alice@contoso.com');
    expect(t).toContain('2 actions · 1 assigned');
  });

  it('names the source when policy names come from advanced hunting', () => {
    const t = texts(reportCard(view({ policySource: 'hunting' })));
    expect(t).toContain('Top DLP policies');
    expect(t).not.toContain('stand in');
  });

  it('says a late scheduled report is late', () => {
    const t = texts(reportCard(view({ late: 'Sent late: this report was due at 08:00.' })));
    expect(t).toContain('Sent late: this report was due at 08:00.');
  });

  it('shows no charts when the shift had no correlated alerts', () => {
    const card = reportCard(view({ total: 0, byStatus: [], bySeverity: [] }));
    expect(objectsOfType(card, 'Chart.Donut')).toHaveLength(0);
    expect(texts(card)).toContain('No correlated alerts in this period.');
    expectValidReportCard(card);
    expect(parseEvents(card)).toEqual([]);
  });

  it('escapes hostile names and stays under the size limit with long lists', () => {
    const hostile = '**[click](https://evil.example)** ${x} <at>all</at> '.repeat(20);
    const rows = Array.from({ length: 200 }, (_, i) => ({ label: `${hostile}${i}`, count: 200 - i }));
    const card = reportCard(
      view({
        topUsers: rows,
        topPolicies: rows,
        analysts: rows.map((r) => ({ name: r.label, botActions: r.count, assigned: 0 })),
        byStatus: rows.slice(0, 20),
      }),
    );
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expectValidReportCard(card);
    const hostileTexts = markdownTexts(card).filter((t) => t.includes('click'));
    expect(hostileTexts.length).toBeGreaterThan(0);
    for (const t of hostileTexts) expect(unescapedSpecials(t)).toEqual([]);
  });
});
