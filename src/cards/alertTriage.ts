/** Choice sets of the alert card's Set status / Classify forms, pre-selected with the alert's values. */
import { SETTABLE_CLASSIFICATIONS, SETTABLE_DETERMINATIONS, SETTABLE_STATUSES } from './actions';
import type { AlertSummary } from './alertView';
import { classificationLabel, determinationLabel, statusLabel } from './labels';

type Choice = { title: string; value: string };

export type TriageData = {
  /** The current value when it is one of the choices, else "" (nothing pre-selected). */
  status: string;
  statusChoices: Choice[];
  classification: string;
  classificationChoices: Choice[];
  determination: string;
  determinationChoices: Choice[];
};

/**
 * Determinations in the order the Defender portal groups them under each classification, so the list
 * reads as true-positive kinds, then expected-activity kinds, then false-positive kinds.
 */
const DETERMINATION_ORDER: readonly string[] = [
  'multiStagedAttack',
  'maliciousUserActivity',
  'compromisedAccount',
  'malware',
  'phishing',
  'unwantedSoftware',
  'apt',
  'securityTesting',
  'securityPersonnel',
  'lineOfBusinessApplication',
  'confirmedActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'other',
];

function orderedDeterminations(): string[] {
  const known = DETERMINATION_ORDER.filter((d) => (SETTABLE_DETERMINATIONS as readonly string[]).includes(d));
  const rest = SETTABLE_DETERMINATIONS.filter((d) => !known.includes(d));
  return [...known, ...rest];
}

const preselect = (value: string | null | undefined, allowed: readonly string[]): string =>
  value && allowed.includes(value) ? value : '';

export function triageData(alert: AlertSummary): TriageData {
  const determinations = orderedDeterminations();
  return {
    status: preselect(alert.status, SETTABLE_STATUSES),
    statusChoices: SETTABLE_STATUSES.map((s) => ({ title: statusLabel(s), value: s })),
    classification: preselect(alert.classification, SETTABLE_CLASSIFICATIONS),
    classificationChoices: SETTABLE_CLASSIFICATIONS.map((c) => ({ title: classificationLabel(c), value: c })),
    determination: preselect(alert.determination, determinations),
    determinationChoices: determinations.map((d) => ({ title: determinationLabel(d), value: d })),
  };
}
