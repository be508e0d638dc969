/**
 * The zod fields of the triage forms (resolve with a reason, assign to anyone) and the words for a
 * classification/determination pair that does not go together. What Teams sends back is untrusted: a
 * forged invoke can carry anything, so every field is checked here before a handler runs.
 */
import { z } from 'zod';
import { determinationsFor } from '../model';
import { classificationLabel, determinationLabel } from './labels';

/** Longest resolution reason; matches the card's `Input.Text` `maxLength`. */
export const MAX_REASON_LENGTH = 500;
/** Longest UPN accepted from the assign form's text input (a UPN is at most 113 characters in Entra). */
export const MAX_ASSIGNEE_INPUT_LENGTH = 256;

// C0/C1 controls except \n and \t, and the bidi overrides ("Trojan source"), as for comments.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@<>"',;]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

const trimmed = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : v);
const blankToUndefined = (v: unknown): unknown => {
  const t = trimmed(v);
  return t === '' || t === null ? undefined : t;
};

function reasonField(required: boolean) {
  const text = z
    .string({ invalid_type_error: 'The reason must be text.' })
    .max(MAX_REASON_LENGTH, `The reason is too long; the limit is ${MAX_REASON_LENGTH} characters.`)
    .refine(
      (t) => !FORBIDDEN_CHARS.test(t),
      'The reason contains an invisible control character. Remove it.',
    );
  return z.preprocess(
    blankToUndefined,
    required
      ? text
          .optional()
          .refine((t) => t !== undefined, 'Type a short reason: it goes to Defender as a comment.')
      : text.optional(),
  );
}

/** The resolve form's reason: required, one short paragraph. */
export const requiredReason = reasonField(true);
/** The classify form's reason: optional (older cards have none). */
export const optionalReason = reasonField(false);

/** What the people picker sends: one Entra object id (a GUID). Empty = not used. */
export const assigneeId = z.preprocess(
  blankToUndefined,
  z
    .string({ invalid_type_error: 'The people picker sent something that is not a user id.' })
    .regex(GUID, 'The people picker sent something that is not an Entra user id.')
    .transform((id) => id.toLowerCase())
    .optional(),
);

/** What the text fallback sends: a UPN (checked against the conversation's roster later). Empty = not used. */
export const assigneeUpn = z.preprocess(
  blankToUndefined,
  z
    .string({ invalid_type_error: 'The assignee must be text.' })
    .max(MAX_ASSIGNEE_INPUT_LENGTH, 'That is too long for a user principal name.')
    .regex(UPN, 'Type the person’s user principal name (name@contoso.com), or pick them.')
    .optional(),
);

/**
 * Undefined when the pair goes together (or no determination is given), else one sentence that names the
 * determinations that fit the chosen classification.
 */
export function pairMismatch(classification: string, determination: string | undefined): string | undefined {
  if (!determination) return undefined;
  const fits = determinationsFor(classification);
  if (fits.includes(determination)) return undefined;
  const names = fits.map((d) => determinationLabel(d)).join(', ');
  return (
    `"${determinationLabel(determination)}" does not go with ${classificationLabel(classification)}. ` +
    (names ? `Pick one of: ${names}.` : 'Pick a classification first.')
  );
}
