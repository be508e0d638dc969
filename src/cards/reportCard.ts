/**
 * The shift report card (`/report`, and the scheduled report per channel). Two charts Teams draws
 * (`Chart.Donut` by status, `Chart.VerticalBar` by severity: Teams' chart elements for Adaptive Cards,
 * learn.microsoft.com "Charts in Adaptive Cards"), each with a `fallback` FactSet so a client that does not
 * know the chart (Agents Playground, Outlook, older Teams) still shows the numbers as a table.
 */
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/report.json';
import { md, plain, plural } from './text';
import { formatDuration } from './time';
import { severityLook, statusLabel } from './labels';

/** Rows shown in each "top" list before the card is shrunk to fit. */
export const MAX_REPORT_ROWS = 5;
/** Bars or slices per chart (statuses and severities are few; unknown enum members could add more). */
const MAX_CHART_ROWS = 8;

interface Count {
  label: string;
  count: number;
}

interface Duration {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** What the report card shows: the aggregation (src/report) plus how to title it. */
export interface ReportCardView {
  /** "Shift report" or "Scheduled shift report". */
  title: string;
  /** The window in words, e.g. "2026-11-20 08:00 → 20:00 (Europe/Paris)". */
  period: string;
  /** Set when a scheduled slot is sent late: says when it was due and why it comes now. */
  late?: string | null;
  total: number;
  byStatus: readonly Count[];
  bySeverity: readonly Count[];
  firstAction: Duration & { waiting: number; viaBot: number; viaGraph: number };
  resolution: Duration;
  topUsers: readonly Count[];
  topPolicies: readonly Count[];
  /** `hunting`: DLP policy names from advanced hunting; `dlpTitle`: DLP alert titles stand in for them. */
  policySource: 'hunting' | 'dlpTitle';
  analysts: ReadonlyArray<{ name: string; botActions: number; assigned: number }>;
  /** Multi-tenant: one line per customer tenant the audience covers. Absent: one tenant, not named. */
  tenants?: ReadonlyArray<{
    name: string;
    displayName: string;
    total: number;
    waiting: number;
    resolved: number;
  }> | null;
}

type Fact = { title: string; value: string };

const duration = (v: number | null): string => (v === null ? '–' : formatDuration(v, { coarse: true }));

function timingFacts(v: ReportCardView): Fact[] {
  const f = v.firstAction;
  const r = v.resolution;
  return [
    {
      title: 'To first action',
      value: f.count
        ? `median ${duration(f.medianMs)} · p90 ${duration(f.p90Ms)} (${plural(f.count, 'alert')})`
        : 'nobody acted yet',
    },
    {
      title: 'First actions',
      value: `${f.viaBot} from Teams · ${f.viaGraph} seen in Defender · ${f.waiting} waiting`,
    },
    {
      title: 'To resolution',
      value: r.count
        ? `median ${duration(r.medianMs)} · p90 ${duration(r.p90Ms)} (${plural(r.count, 'alert')})`
        : 'none resolved',
    },
  ];
}

const countFacts = (rows: readonly Count[], limit: number, empty: string): Fact[] =>
  rows.length
    ? rows.slice(0, limit).map((r) => ({ title: md(r.label, { max: 80 }), value: String(r.count) }))
    : [{ title: empty, value: '–' }];

function sections(v: ReportCardView, limit: number) {
  const policyHeading = v.policySource === 'hunting' ? 'Top DLP policies' : 'Top DLP alert titles';
  const policyNote =
    v.policySource === 'hunting'
      ? 'Policy names from advanced hunting.'
      : 'Graph alerts carry no DLP policy name and no hunting result is cached: DLP alert titles stand in.';
  const analysts = v.analysts.slice(0, limit).map((a) => ({
    title: md(a.name, { max: 80 }),
    value: [a.botActions ? plural(a.botActions, 'action') : '', a.assigned ? `${a.assigned} assigned` : '']
      .filter(Boolean)
      .join(' · '),
  }));
  const byTenant = v.tenants?.length
    ? [
        {
          heading: 'By tenant',
          hasNote: false,
          note: '',
          // Busiest first; hundreds of tenants shrink with the other lists ("… and N more").
          facts: tenantFacts(v.tenants, limit * 5),
        },
      ]
    : [];
  return [
    ...byTenant,
    { heading: 'Timing', hasNote: false, note: '', facts: timingFacts(v) },
    {
      heading: 'Most correlated users',
      hasNote: false,
      note: '',
      facts: countFacts(v.topUsers, limit, 'None'),
    },
    {
      heading: policyHeading,
      hasNote: true,
      note: policyNote,
      facts: countFacts(v.topPolicies, limit, 'None'),
    },
    {
      heading: 'Analysts who acted',
      hasNote: false,
      note: '',
      facts: analysts.length ? analysts : [{ title: 'Nobody yet', value: '–' }],
    },
  ];
}

function tenantFacts(rows: NonNullable<ReportCardView['tenants']>, limit: number): Fact[] {
  const ordered = [...rows].sort((a, b) => b.total - a.total);
  const { shown, more } = cut(ordered, limit);
  const facts = shown.map((t) => ({
    title: md(t.displayName === t.name ? t.name : `${t.displayName} (${t.name})`, { max: 80 }),
    value: t.total ? `${plural(t.total, 'alert')} · ${t.waiting} waiting · ${t.resolved} resolved` : 'none',
  }));
  return more > 0 ? [...facts, { title: moreText(more), value: '' }] : facts;
}

/** Chart data is plain text (charts render no Markdown); the fallback FactSet's titles are Markdown. */
const chartRows = (rows: readonly Count[], label: (s: string) => string) =>
  rows.slice(0, MAX_CHART_ROWS).map((r) => ({
    label: plain(label(r.label), { max: 40 }),
    title: md(label(r.label), { max: 40 }),
    count: r.count,
    text: String(r.count),
  }));

/** Renders the report; lists shrink until the card fits Teams' size limit. */
export function reportCard(v: ReportCardView): AdaptiveCard {
  const summary = `${v.title}: ${plural(v.total, 'correlated alert')} · ${plain(v.period, { max: 120 })}`;
  return fitCard(
    (limit) =>
      expandCard(template, {
        fallbackText: summary,
        heading: md(`${v.title}: ${plural(v.total, 'correlated alert')}`, { max: 120 }),
        subheading: md(v.period, { max: 160 }),
        isLate: Boolean(v.late),
        lateText: md(v.late ?? '', { max: 300 }),
        isEmpty: v.total === 0,
        emptyText: 'No correlated alerts in this period.',
        byStatus: chartRows(v.byStatus, statusLabel),
        bySeverity: chartRows(v.bySeverity, (s) => severityLook(s).label),
        sections: sections(v, limit),
        footnote:
          'First actions count buttons and commands in Teams (exact time) and changes seen through Graph, ' +
          'e.g. in the Defender portal (dated by the alert’s last update: an upper bound).',
      }),
    MAX_REPORT_ROWS,
  );
}
