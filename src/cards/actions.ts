/**
 * Card verbs and the action data Teams sends back, in ONE place. Templates read the verbs from here (they
 * are passed in as data), the bot registers one handler per verb, and every `adaptiveCard/action` invoke
 * is validated by `parseCardAction` before a handler runs: what arrives is untrusted input (any client
 * can forge an invoke), so nothing is taken on faith.
 */
import { z } from 'zod';
import { settableDeterminations, type TriageDetermination } from '../model';
import { DETERMINATION_LABELS } from './labels';
import { assigneeId, assigneeUpn, optionalReason, requiredReason } from './triageFields';

/** Every `Action.Execute` verb the cards emit. */
export const VERBS = {
  enrich: 'alert.enrich',
  sit: 'alert.sit',
  comment: 'alert.comment',
  assignToMe: 'alert.assignToMe',
  setStatus: 'alert.setStatus',
  classify: 'alert.classify',
  refresh: 'alert.refresh',
  resolve: 'alert.resolve',
  reopen: 'alert.reopen',
  assignTo: 'alert.assignTo',
  snooze: 'alert.snooze',
} as const;

export type CardVerb = (typeof VERBS)[keyof typeof VERBS];

/** All verbs, for the start-up check that each one has exactly one handler. */
export const ALL_VERBS: readonly CardVerb[] = Object.values(VERBS);

export function isCardVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && (ALL_VERBS as readonly string[]).includes(value);
}

/** Statuses an analyst may set from a card (`unknown`/`unknownFutureValue` are Graph's, not choices). */
export const SETTABLE_STATUSES = ['new', 'inProgress', 'resolved'] as const;
export const SETTABLE_CLASSIFICATIONS = [
  'truePositive',
  'falsePositive',
  'informationalExpectedActivity',
] as const;
/**
 * Determinations an analyst may set: those Defender groups under a classification (src/model/triage.ts).
 * Not `unknown` (leave the field empty instead), not the `unknownFutureValue` sentinel, not the legacy
 * `apt`/`securityPersonnel` (shown when Graph reports them, never set).
 */
export const SETTABLE_DETERMINATIONS = settableDeterminations() as [
  TriageDetermination,
  ...TriageDetermination[],
];

/** Longest comment Defender is sent; matches the card's `Input.Text` `maxLength`. */
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_ALERT_ID_LENGTH = 128;
const ALERT_ID_PATTERN = /^[A-Za-z0-9_\-:.]+$/;
// C0/C1 controls except \n and \t, plus the bidi overrides that can make a comment read differently in
// Defender than it did on the card ("Trojan source").
// eslint-disable-next-line no-control-regex
const FORBIDDEN_COMMENT_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const REFRESH_HINT = 'Refresh the card (or use /alert <id>) and try again.';

const alertId = z
  .string({
    required_error: `This card has no alert id. ${REFRESH_HINT}`,
    invalid_type_error: `The alert id on this card is not text. ${REFRESH_HINT}`,
  })
  .min(1, `This card has no alert id. ${REFRESH_HINT}`)
  .max(MAX_ALERT_ID_LENGTH, `The alert id on this card is too long. ${REFRESH_HINT}`)
  .regex(ALERT_ID_PATTERN, `The alert id on this card is not a valid Defender alert id. ${REFRESH_HINT}`);

const cardVersion = z
  .number({
    required_error: `This card is from an older version of the bot. ${REFRESH_HINT}`,
    invalid_type_error: `This card's version is not a number. ${REFRESH_HINT}`,
  })
  .int(`This card's version is not a whole number. ${REFRESH_HINT}`)
  .nonnegative(`This card's version is negative. ${REFRESH_HINT}`);

/** An empty choice (Teams sends "" for an untouched optional input) means "not given". */
const emptyToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);

const commentText = z.preprocess(
  // Windows clients send \r\n from a multiline input: normalise before the control-character check.
  (v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : v),
  z
    .string({
      required_error: 'Type a comment before sending.',
      invalid_type_error: 'The comment must be text.',
    })
    .min(1, 'Type a comment before sending.')
    .superRefine((text, ctx) => {
      if (text.length > MAX_COMMENT_LENGTH) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `The comment is ${text.length} characters long; the limit is ${MAX_COMMENT_LENGTH}. Shorten it and send again.`,
        });
      }
      const bad = FORBIDDEN_COMMENT_CHARS.exec(text);
      if (bad) {
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `The comment contains an invisible control character (U+${code}). Remove it and send again.`,
        });
      }
    }),
);

/**
 * The alert's tenant (its short name). Cards posted before tenants existed have none: the bot then takes
 * its only tenant, or asks for a refresh when it serves several. Whether the name is a configured tenant
 * is the bot's check (`resolveTenant`), which answers an unknown one with a card saying so.
 */
const tenant = z
  .string({ invalid_type_error: `The tenant on this card is not text. ${REFRESH_HINT}` })
  .max(64, `The tenant on this card is too long. ${REFRESH_HINT}`)
  .optional();

const base = { alertId, cardVersion, tenant };
const status = z.enum(SETTABLE_STATUSES, {
  errorMap: () => ({ message: 'Pick a status: New, In progress or Resolved.' }),
});
const classification = z.enum(SETTABLE_CLASSIFICATIONS, {
  errorMap: () => ({
    message: 'Pick a classification: True positive, False positive or Informational, expected activity.',
  }),
});
const determination = z.preprocess(
  emptyToUndefined,
  z
    .enum(SETTABLE_DETERMINATIONS, {
      errorMap: () => ({
        message: `Pick a determination from the list (${SETTABLE_DETERMINATIONS.map((d) => DETERMINATION_LABELS[d]).join(', ')}), or leave it empty.`,
      }),
    })
    .optional(),
);
/** Resolving asks for the determination too (the form marks it required). */
const requiredDetermination = z.preprocess(
  emptyToUndefined,
  z.enum(SETTABLE_DETERMINATIONS, {
    errorMap: () => ({
      message: `Pick a determination from the list (${SETTABLE_DETERMINATIONS.map((d) => DETERMINATION_LABELS[d]).join(', ')}).`,
    }),
  }),
);

/** How long a snooze lasts: the card's choices, or `until` a date picked on the card. */
export const SNOOZE_CHOICES = ['1h', '4h', '24h', 'until'] as const;
const snoozeFields = {
  snoozeTarget: z.enum(['user', 'detector'], {
    errorMap: () => ({ message: `This card's snooze button names nothing to snooze. ${REFRESH_HINT}` }),
  }),
  snoozeFor: z.preprocess(
    (v) => emptyToUndefined(v) ?? '4h',
    z.enum(SNOOZE_CHOICES, {
      errorMap: () => ({ message: 'Pick how long to snooze: 1 hour, 4 hours, 24 hours or until a date.' }),
    }),
  ),
  snoozeUntil: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick the date from the date picker (YYYY-MM-DD).')
      .optional(),
  ),
  // Input.Toggle sends its valueOn/valueOff strings; a missing toggle keeps the default (break through).
  snoozeHigh: z.preprocess(
    (v) => (v === undefined || v === '' || v === null ? 'true' : String(v)),
    z.enum(['true', 'false'], {
      errorMap: () => ({ message: 'The high-severity choice must be on or off.' }),
    }),
  ),
};

/** What Teams sends back in `value.action.data` (card data merged with input values), keyed by verb. */
export const cardActionDataSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(VERBS.enrich), ...base }),
  z.object({ verb: z.literal(VERBS.sit), ...base }),
  z.object({ verb: z.literal(VERBS.comment), ...base, commentText }),
  z.object({ verb: z.literal(VERBS.assignToMe), ...base }),
  z.object({ verb: z.literal(VERBS.setStatus), ...base, status: z.preprocess(emptyToUndefined, status) }),
  z.object({
    verb: z.literal(VERBS.classify),
    ...base,
    classification: z.preprocess(emptyToUndefined, classification),
    determination,
    reason: optionalReason,
  }),
  z.object({ verb: z.literal(VERBS.refresh), ...base }),
  z.object({
    verb: z.literal(VERBS.resolve),
    ...base,
    classification: z.preprocess(emptyToUndefined, classification),
    determination: requiredDetermination,
    reason: requiredReason,
  }),
  z.object({ verb: z.literal(VERBS.reopen), ...base }),
  z.object({ verb: z.literal(VERBS.assignTo), ...base, assigneeId, assigneeUpn }),
  z.object({ verb: z.literal(VERBS.snooze), ...base, ...snoozeFields }),
]);

/** A validated card action. Unknown keys (other inputs on the card) are dropped. */
export type CardAction = z.infer<typeof cardActionDataSchema>;
export type CardActionOf<V extends CardVerb> = Extract<CardAction, { verb: V }>;

export type ParseCardActionResult = { ok: true; action: CardAction } | { ok: false; error: string };

/**
 * Validates an `Action.Execute` invoke: `verb` is `value.action.verb`, `data` is `value.action.data`.
 * A `verb` key inside `data` is ignored (the action's own verb wins). On failure `error` is one sentence
 * the analyst can act on.
 */
export function parseCardAction(verb: string, data: unknown): ParseCardActionResult {
  if (!isCardVerb(verb)) {
    const shown = typeof verb === 'string' ? verb.slice(0, 60) : typeof verb;
    return { ok: false, error: `This card sent an unknown action ("${shown}"). ${REFRESH_HINT}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: `This card sent no action data. ${REFRESH_HINT}` };
  }
  const parsed = cardActionDataSchema.safeParse({ ...data, verb });
  if (parsed.success) {
    const a = parsed.data;
    if (a.verb === VERBS.assignTo && !a.assigneeId && !a.assigneeUpn)
      return { ok: false, error: 'Pick a person, or type their user principal name, before assigning.' };
    return { ok: true, action: a };
  }
  const first = parsed.error.issues[0];
  return { ok: false, error: first?.message ?? `This card sent invalid data. ${REFRESH_HINT}` };
}
