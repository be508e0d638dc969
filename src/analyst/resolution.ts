/**
 * Resolve with a reason, classify with a reason, reopen: each is ONE PATCH of the alert (status,
 * classification, determination: the only triage properties Graph's PATCH takes) followed by ONE comment
 * POST carrying the reason. App-only writes are credited to the app in Defender, so the comment names the
 * analyst (AnalystService.comment signs it). The pair is checked by triagePatch before Graph sees it.
 */
import { classificationLabel, determinationLabel } from '../cards';
import { CardActionError, errorMessage } from '../errors';
import type { SecurityAlert } from '../model';
import type { CardRecord } from '../records';
import type { AnalystService } from './service';
import type { Analyst } from './types';

/** What the Resolve / classify form sends (validated by the card action schema). */
export interface TriageForm {
  classification: string;
  determination?: string;
  /** Short reason; required to resolve, optional to classify. */
  reason?: string;
}

/** Status a reopened alert gets: someone is working on it again. */
export const REOPEN_STATUS = 'inProgress';

function verdict(form: TriageForm): string {
  const d = form.determination ? ` · ${determinationLabel(form.determination)}` : '';
  return `${classificationLabel(form.classification)}${d}`;
}

/**
 * The PATCH went through; the reason did not. Say so plainly (the alert IS resolved), so the analyst adds
 * the reason with Comment rather than resolving again.
 */
async function postReason(svc: AnalystService, alertId: string, who: Analyst, text: string, done: string) {
  try {
    await svc.comment(alertId, who, text);
  } catch (err) {
    throw new CardActionError(
      `${done}, but the reason could not be added as a comment (${errorMessage(err)}). Add it with Comment.`,
      'unavailable',
      { cause: err },
    );
  }
}

export async function resolveWithReason(
  svc: AnalystService,
  alertId: string,
  who: Analyst,
  form: TriageForm,
  at: string,
): Promise<SecurityAlert> {
  if (!form.reason) throw new CardActionError('Type a short reason before resolving.');
  const updated = await svc.triage(alertId, {
    status: 'resolved',
    classification: form.classification,
    ...(form.determination ? { determination: form.determination } : {}),
  } as never);
  const resolution: NonNullable<CardRecord['resolution']> = {
    by: { name: who.name, ...(who.upn ? { upn: who.upn } : {}) },
    at,
    classification: form.classification,
    ...(form.determination ? { determination: form.determination } : {}),
    reason: form.reason,
  };
  await svc.setResolution(alertId, resolution);
  await postReason(
    svc,
    alertId,
    who,
    `Resolved as ${verdict(form)}. Reason: ${form.reason}`,
    'The alert is resolved',
  );
  return updated;
}

export async function classifyWithReason(
  svc: AnalystService,
  alertId: string,
  who: Analyst,
  form: TriageForm,
): Promise<SecurityAlert> {
  const updated = await svc.triage(alertId, {
    classification: form.classification,
    ...(form.determination ? { determination: form.determination } : {}),
  } as never);
  if (form.reason)
    await postReason(
      svc,
      alertId,
      who,
      `Classified as ${verdict(form)}. Reason: ${form.reason}`,
      'The alert is classified',
    );
  return updated;
}

export async function reopen(svc: AnalystService, alertId: string): Promise<SecurityAlert> {
  const updated = await svc.triage(alertId, { status: REOPEN_STATUS });
  await svc.setResolution(alertId, undefined);
  return updated;
}
