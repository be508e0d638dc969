/**
 * Which determinations belong to which classification, as Defender groups them when an analyst classifies
 * an alert (Microsoft Defender XDR, "Investigate alerts" → classify, and the Defender incidents API's
 * `determination` property, which lists per classification: True positive → Multistage attack, Malicious
 * user activity, Compromised account, Malware, Phishing, Unwanted software, Other; Informational, expected
 * activity → Security test, Line-of-business application, Confirmed activity, Other; False positive → Not
 * malicious, Not enough data to validate, Other). The values are Graph's `alertDetermination` members.
 *
 * Graph does NOT refuse a mismatched pair on `PATCH /security/alerts_v2/{id}` (the metadata has two
 * independent enums and no constraint): every form of this bot checks the pair against this table itself.
 * Pure: no I/O.
 */
import type { AlertClassification, AlertDetermination } from './enums';

/** The classifications an analyst chooses between (Graph's `unknown`/`unknownFutureValue` are not choices). */
export type TriageClassification = 'truePositive' | 'informationalExpectedActivity' | 'falsePositive';

/** The grouping itself, in the portal's order. `other` belongs to every group. */
export const DETERMINATIONS_BY_CLASSIFICATION = {
  truePositive: [
    'multiStagedAttack',
    'maliciousUserActivity',
    'compromisedAccount',
    'malware',
    'phishing',
    'unwantedSoftware',
    'other',
  ],
  informationalExpectedActivity: [
    'securityTesting',
    'lineOfBusinessApplication',
    'confirmedActivity',
    'other',
  ],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
} as const satisfies Record<TriageClassification, readonly AlertDetermination[]>;

/**
 * Members Graph still reports (alerts classified through the older Defender for Endpoint API, whose
 * determinations were Apt, Malware, SecurityPersonnel, SecurityTesting, UnwantedSoftware, Other) but that
 * no Defender XDR classification offers any more. They are shown as they are and never offered or set.
 */
export const LEGACY_DETERMINATIONS = [
  'apt',
  'securityPersonnel',
] as const satisfies readonly AlertDetermination[];

/** A determination some classification offers. */
export type TriageDetermination = (typeof DETERMINATIONS_BY_CLASSIFICATION)[TriageClassification][number];

export const TRIAGE_CLASSIFICATIONS = Object.keys(DETERMINATIONS_BY_CLASSIFICATION) as TriageClassification[];

export function isTriageClassification(value: unknown): value is TriageClassification {
  return (
    typeof value === 'string' && Object.prototype.hasOwnProperty.call(DETERMINATIONS_BY_CLASSIFICATION, value)
  );
}

/** The determinations that go with `classification` (none for a value outside the table). */
export function determinationsFor(classification: AlertClassification | null | undefined): readonly string[] {
  return isTriageClassification(classification) ? DETERMINATIONS_BY_CLASSIFICATION[classification] : [];
}

/** Every determination an analyst may set, each once, in the table's order. */
export function settableDeterminations(): TriageDetermination[] {
  return [...new Set(TRIAGE_CLASSIFICATIONS.flatMap((c) => DETERMINATIONS_BY_CLASSIFICATION[c]))];
}

/** The classifications `determination` belongs to (`other`: all three; a legacy value: none). */
export function classificationsOf(
  determination: AlertDetermination | null | undefined,
): TriageClassification[] {
  return TRIAGE_CLASSIFICATIONS.filter((c) => determinationsFor(c).includes(determination as string));
}

/** True when the pair goes together; a missing determination always fits (Graph keeps it unset). */
export function pairFits(
  classification: AlertClassification | null | undefined,
  determination: AlertDetermination | null | undefined,
): boolean {
  if (determination === undefined || determination === null || determination === '') return true;
  return determinationsFor(classification).includes(determination);
}
