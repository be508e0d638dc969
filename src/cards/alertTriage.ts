/**
 * The alert card's triage forms: Set status, Resolve / classify (classification, determination, reason)
 * and Assign (people picker + UPN text), pre-selected with the alert's values, and the outcome a resolved
 * card shows instead of them.
 */
import { classificationsOf, DETERMINATIONS_BY_CLASSIFICATION, TRIAGE_CLASSIFICATIONS } from '../model';
import { SETTABLE_CLASSIFICATIONS, SETTABLE_DETERMINATIONS, SETTABLE_STATUSES } from './actions';
import type { AlertSummary, ResolutionView } from './alertView';
import { classificationLabel, determinationLabel, statusLabel } from './labels';
import { md } from './text';
import { formatWhen } from './time';
import { MAX_ASSIGNEE_INPUT_LENGTH, MAX_REASON_LENGTH } from './triageFields';

type Choice = { title: string; value: string };

export type TriageData = {
  /** The current value when it is one of the choices, else "" (nothing pre-selected). */
  status: string;
  statusChoices: Choice[];
  classification: string;
  classificationChoices: Choice[];
  determination: string;
  determinationChoices: Choice[];
  /** Which determinations go with which classification, in words (Adaptive Cards cannot filter inputs). */
  pairingHint: string;
  reasonMaxLength: number;
  assigneeMaxLength: number;
};

/** Determination titles carry their classification, so a mismatch is visible before it is refused. */
function determinationTitle(d: string): string {
  const groups = classificationsOf(d);
  const under =
    groups.length === TRIAGE_CLASSIFICATIONS.length
      ? 'any classification'
      : groups.map((c) => classificationLabel(c)).join(', ');
  return under ? `${determinationLabel(d)} (${under})` : determinationLabel(d);
}

function pairingHint(): string {
  return TRIAGE_CLASSIFICATIONS.map(
    (c) =>
      `${classificationLabel(c)}: ${DETERMINATIONS_BY_CLASSIFICATION[c].map((d) => determinationLabel(d)).join(', ')}`,
  ).join(' · ');
}

const preselect = (value: string | null | undefined, allowed: readonly string[]): string =>
  value && allowed.includes(value) ? value : '';

export function triageData(alert: AlertSummary): TriageData {
  return {
    status: preselect(alert.status, ['new', 'inProgress']),
    // Resolving goes through Resolve / classify, which asks for the classification and a reason.
    statusChoices: SETTABLE_STATUSES.filter((s) => s !== 'resolved').map((s) => ({
      title: statusLabel(s),
      value: s,
    })),
    classification: preselect(alert.classification, SETTABLE_CLASSIFICATIONS),
    classificationChoices: SETTABLE_CLASSIFICATIONS.map((c) => ({ title: classificationLabel(c), value: c })),
    determination: preselect(alert.determination, SETTABLE_DETERMINATIONS),
    determinationChoices: SETTABLE_DETERMINATIONS.map((d) => ({ title: determinationTitle(d), value: d })),
    pairingHint: md(`Determinations per classification: ${pairingHint()}.`),
    reasonMaxLength: MAX_REASON_LENGTH,
    assigneeMaxLength: MAX_ASSIGNEE_INPUT_LENGTH,
  };
}

/**
 * What a resolved card shows instead of the triage actions: who resolved it, when, as what and why. An
 * alert resolved in the Defender portal (no record of ours) shows Graph's own values.
 */
export function outcomeData(
  alert: AlertSummary,
  resolution: ResolutionView | null | undefined,
  now: number,
): { line: string; reason: string } {
  const classification = resolution?.classification ?? alert.classification;
  const determination = resolution?.determination ?? alert.determination;
  const known = (v: string | null | undefined) => v && v !== 'unknown' && v !== 'unknownFutureValue';
  const as = known(classification)
    ? ` as ${classificationLabel(classification)}${known(determination) ? ` · ${determinationLabel(determination)}` : ''}`
    : '';
  const who = resolution?.by ? ` by ${resolution.by}` : '';
  const at = resolution?.at ?? alert.resolvedDateTime;
  // Our own formatted time carries no Markdown: appended as it is.
  return {
    line: `✅ ${md(`Resolved${as}${who}`, { max: 300 })}${at ? `, ${formatWhen(at, now)}` : ''}`,
    reason: resolution?.reason ? md(`Reason: ${resolution.reason}`, { max: 600, multiline: true }) : '',
  };
}
