/**
 * AlertCardView → the alert template's data. Everything here is already escaped or validated: the
 * template only places it.
 */
import { MAX_COMMENT_LENGTH, VERBS } from './actions';
import { dlpCountText, dlpSection, type DlpSectionData } from './alertDlp';
import { outcomeData, triageData, type TriageData } from './alertTriage';
import { DEFAULT_CARD_TENANT, type AlertCardView, type BannerView } from './alertView';
import {
  classificationLabel,
  determinationLabel,
  severityLook,
  sourceName,
  statusLabel,
  SERVICE_SOURCE_NAMES,
} from './labels';
import { tenantPlain, tenantText } from './tenant';
import { joinWithMore, md, plain } from './text';
import { formatUtc, formatWhen } from './time';
import { markdownLinkTarget, tenantLink } from './urls';

/** Users/devices listed before "and N more". */
export const MAX_IDENTITIES_SHOWN = 5;

type Fact = { title: string; value: string };

/** What every action on the card sends back: the alert, the card's version and the alert's tenant. */
export type AlertActionData = { alertId: string; cardVersion: number; tenant: string };

/** The action data of `view`'s card; the tenant is always named (`default` for a single tenant). */
export function alertActionData(
  view: Pick<AlertCardView, 'alert' | 'cardVersion' | 'tenant'>,
): AlertActionData {
  return {
    alertId: view.alert.id,
    cardVersion: view.cardVersion,
    tenant: view.tenant?.name ?? DEFAULT_CARD_TENANT,
  };
}

export type AlertCardData = {
  fallbackText: string;
  verbs: typeof VERBS;
  actionData: AlertActionData;
  commentMaxLength: number;
  hasBanner: boolean;
  banner: { style: string; text: string };
  header: { style: string; chip: string; title: string; subtitle: string };
  hasDescription: boolean;
  description: string;
  facts: Fact[];
  dlp: DlpSectionData;
  hasComment: boolean;
  comment: { heading: string; text: string; meta: string };
  hasEnriched: boolean;
  enrichedText: string;
  canAct: boolean;
  cannotActNote: string;
  canSit: boolean;
  cannotSitNote: string;
  hasAlertUrl: boolean;
  alertUrl: string;
  triage: TriageData;
  /** Resolved: the triage actions are hidden, the outcome is shown, Reopen is offered. */
  isResolved: boolean;
  canTriage: boolean;
  canReopen: boolean;
  outcome: { line: string; reason: string };
  hasOutcomeReason: boolean;
  snooze: SnoozeData;
};

type SnoozeData = {
  available: boolean;
  intro: string;
  hasUser: boolean;
  userTitle: string;
  userData: AlertActionData & { snoozeTarget: 'user' };
  hasDetector: boolean;
  detectorData: AlertActionData & { snoozeTarget: 'detector' };
};

/** The "Snooze…" group: in this conversation only, new cards for the user or detector are held back. */
function snoozeData(view: AlertCardView): SnoozeData {
  const actionData = alertActionData(view);
  const user = view.snooze?.user ?? null;
  return {
    available: user !== null || view.snooze?.detector === true,
    intro: md(
      'New alerts for this user or detector are held back in this conversation and summarised when the snooze ends. /snoozes lists and lifts them.',
    ),
    hasUser: user !== null,
    userTitle: plain(`Snooze ${user ?? 'this user'}`, { max: 60 }),
    userData: { ...actionData, snoozeTarget: 'user' },
    hasDetector: view.snooze?.detector === true,
    detectorData: { ...actionData, snoozeTarget: 'detector' },
  };
}

const BANNER_LOOKS: Record<BannerView['kind'], { style: string; emoji: string }> = {
  info: { style: 'accent', emoji: 'ℹ️' },
  warning: { style: 'warning', emoji: '⚠️' },
  error: { style: 'attention', emoji: '⛔' },
};

export function alertCardData(view: AlertCardView, now: number, dlpLimit: number): AlertCardData {
  const { alert } = view;
  const canAct = !view.features?.actions;
  const canSit = !view.features?.sit;
  const alertUrl = tenantLink(alert.alertWebUrl, view.tenant?.tenantId, view.allowedUrlHost);
  const banner = view.banner ? (BANNER_LOOKS[view.banner.kind] ?? BANNER_LOOKS.info) : BANNER_LOOKS.info;
  return {
    fallbackText: fallbackText(view),
    verbs: VERBS,
    actionData: alertActionData(view),
    commentMaxLength: MAX_COMMENT_LENGTH,
    hasBanner: Boolean(view.banner?.text),
    banner: {
      style: banner.style,
      text: view.banner ? `${banner.emoji} ${md(view.banner.text, { max: 300 })}` : '',
    },
    header: header(view),
    hasDescription: Boolean(alert.description?.trim()),
    description: md(alert.description, { max: 300 }),
    facts: facts(view, now),
    dlp: dlpSection(view.dlp, now, dlpLimit),
    ...commentData(view, now),
    hasEnriched: Boolean(view.lastEnriched),
    enrichedText: view.lastEnriched
      ? `🧩 Last enriched by ${md(view.lastEnriched.by, { max: 80 })} at ${formatWhen(view.lastEnriched.at, now)}`
      : '',
    canAct,
    cannotActNote: md(
      `⚠️ Enrich, assign, status, classify and comment are unavailable: ${view.features?.actions ?? ''}`,
      { max: 300 },
    ),
    canSit,
    cannotSitNote: md(`⚠️ Sensitive info types are unavailable: ${view.features?.sit ?? ''}`, { max: 300 }),
    hasAlertUrl: alertUrl !== undefined,
    alertUrl: alertUrl ?? '',
    triage: triageData(alert),
    snooze: snoozeData(view),
    ...resolvedData(view, canAct, now),
  };
}

function resolvedData(
  view: AlertCardView,
  canAct: boolean,
  now: number,
): Pick<AlertCardData, 'isResolved' | 'canTriage' | 'canReopen' | 'outcome' | 'hasOutcomeReason'> {
  const isResolved = view.alert.status === 'resolved';
  const outcome = isResolved ? outcomeData(view.alert, view.resolution, now) : { line: '', reason: '' };
  return {
    isResolved,
    canTriage: canAct && !isResolved,
    canReopen: canAct && isResolved,
    outcome,
    hasOutcomeReason: outcome.reason !== '',
  };
}

/** The source's product name. Graph's own productName stands in when serviceSource is not a known product. */
function sourceText(serviceSource: string, productName?: string | null): string {
  const known =
    Object.prototype.hasOwnProperty.call(SERVICE_SOURCE_NAMES, serviceSource) &&
    serviceSource !== 'unknown' &&
    serviceSource !== 'unknownFutureValue';
  if (known || !productName?.trim()) return sourceName(serviceSource);
  return productName;
}

function header(view: AlertCardView): AlertCardData['header'] {
  const { alert } = view;
  const sev = severityLook(alert.severity);
  const created = alert.createdDateTime ? ` · created ${formatUtc(alert.createdDateTime)}` : '';
  return {
    style: sev.style,
    chip: `${sev.emoji} ${md(`${sev.label} severity`)} · ${md(sourceText(alert.serviceSource, alert.productName), { max: 80 })}`,
    title: md(alert.title?.trim() ? alert.title : 'Untitled Defender alert', { max: 200 }),
    subtitle: md(`Alert ${alert.id}${created}`, { max: 200 }),
  };
}

function identityList(items: readonly string[] | undefined): string {
  const all = (items ?? []).filter((s) => typeof s === 'string' && s.trim() !== '');
  const shown = all.slice(0, MAX_IDENTITIES_SHOWN).map((s) => md(s, { max: 120 }));
  return joinWithMore(shown, all.length);
}

function facts(view: AlertCardView, now: number): Fact[] {
  const { alert } = view;
  const out: Fact[] = [];
  if (view.tenant?.shown) out.push({ title: 'Tenant', value: tenantText(view.tenant) });
  const users = identityList(view.users);
  const devices = identityList(view.devices);
  if (users) out.push({ title: (view.users?.length ?? 0) > 1 ? 'Users' : 'User', value: users });
  if (devices) out.push({ title: (view.devices?.length ?? 0) > 1 ? 'Devices' : 'Device', value: devices });
  const first = alert.firstActivityDateTime ?? alert.createdDateTime;
  const last = alert.lastActivityDateTime ?? first;
  // Our own formatted times carry no Markdown: placed as they are.
  out.push({ title: 'First activity', value: formatWhen(first, now) });
  if (last && last !== first) out.push({ title: 'Last activity', value: formatWhen(last, now) });
  out.push({ title: 'Status', value: md(statusLabel(alert.status)) });
  out.push({
    title: 'Assigned to',
    value: alert.assignedTo?.trim() ? md(alert.assignedTo, { max: 120 }) : 'Unassigned',
  });
  out.push({ title: 'Classification', value: md(classificationLabel(alert.classification)) });
  out.push({ title: 'Determination', value: md(determinationLabel(alert.determination)) });
  const incident = incidentText(view);
  if (incident) out.push({ title: 'Incident', value: incident });
  const workloads = workloadText(view.workloads);
  if (workloads) out.push({ title: 'DLP workload', value: workloads });
  return out;
}

/** "Exchange, Teams"; an undetermined one says so: a workloads= rule could not be applied to it yet. */
function workloadText(w: AlertCardView['workloads']): string {
  if (!w) return '';
  const known = w.known.map((x) => md(x, { max: 40 })).join(', ');
  if (!w.undetermined) return known;
  return known ? `${known}, and unknown (not determined yet)` : 'Unknown (not determined yet)';
}

function incidentText(view: AlertCardView): string {
  const { incidentId, incidentWebUrl } = view.alert;
  const url = tenantLink(incidentWebUrl, view.tenant?.tenantId, view.allowedUrlHost);
  const label = incidentId ? md(`#${incidentId}`, { max: 60 }) : 'Open incident';
  if (url) return `[${label}](${markdownLinkTarget(url)})`;
  return incidentId ? label : '';
}

function commentData(view: AlertCardView, now: number): Pick<AlertCardData, 'hasComment' | 'comment'> {
  const c = view.lastComment;
  if (!c || !c.text?.trim()) return { hasComment: false, comment: { heading: '', text: '', meta: '' } };
  const count = view.commentCount && view.commentCount > 1 ? ` (of ${view.commentCount})` : '';
  const who = c.author?.trim() ? md(c.author, { max: 80 }) : 'someone';
  const when = c.at ? `, ${formatWhen(c.at, now)}` : '';
  return {
    hasComment: true,
    comment: {
      heading: md(`Last comment${count}`),
      text: md(c.text, { max: 500, multiline: true }),
      meta: `— ${who}${when}`,
    },
  };
}

function fallbackText(view: AlertCardView): string {
  const { alert } = view;
  const sev = severityLook(alert.severity);
  const title = plain(alert.title?.trim() ? alert.title : 'Untitled Defender alert', { max: 120 });
  const user = view.users?.[0] ? ` · ${plain(view.users[0], { max: 80 })}` : '';
  const tenant = view.tenant?.shown ? `${tenantPlain(view.tenant)} · ` : '';
  return `${tenant}${sev.emoji} ${sev.label}: ${title} · ${dlpCountText(view.dlp.length)}${user}`;
}
