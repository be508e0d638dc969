import { CardActionError } from '../errors';
import { pairMismatch } from '../cards';
import { CLASSIFICATIONS, DETERMINATIONS, STATUSES, type AlertUpdate } from '../model';

/** The longest `assignedTo` sent to Graph (a UPN or a display name). */
const MAX_ASSIGNEE_CHARS = 256;

/**
 * The PATCH body of a triage: status, classification, determination and assignedTo only, each a real Graph
 * value (never the `unknownFutureValue` sentinel). Anything else an update carries is dropped here, so no
 * caller (a card action, a command, a future integration) can smuggle other properties into Graph.
 * A classification and determination that do not go together (src/model/triage.ts) are refused here:
 * Graph would store the pair without a word. Throws a CardActionError that says what is wrong.
 */
export function triagePatch(update: AlertUpdate): AlertUpdate {
  const body: AlertUpdate = {};
  const { status, classification, determination, assignedTo } = update;
  if (status !== undefined) body.status = member('status', STATUSES, status);
  if (classification !== undefined)
    body.classification = member('classification', CLASSIFICATIONS, classification);
  if (determination !== undefined)
    body.determination = member('determination', DETERMINATIONS, determination);
  if (body.classification !== undefined) {
    const mismatch = pairMismatch(body.classification, body.determination);
    if (mismatch) throw new CardActionError(mismatch);
  }
  if (assignedTo !== undefined) {
    if (assignedTo !== null && (typeof assignedTo !== 'string' || assignedTo.length > MAX_ASSIGNEE_CHARS))
      throw new CardActionError(`Assign the alert to a UPN of at most ${MAX_ASSIGNEE_CHARS} characters.`);
    body.assignedTo = assignedTo;
  }
  if (Object.keys(body).length === 0)
    throw new CardActionError(
      'Nothing to change: choose a status, classification, determination or assignee.',
    );
  return body;
}

function member<T extends string>(field: string, values: readonly T[], value: unknown): T {
  if (
    typeof value === 'string' &&
    value !== 'unknownFutureValue' &&
    (values as readonly string[]).includes(value)
  )
    return value as T;
  const allowed = values.filter((v) => v !== 'unknownFutureValue').join(', ');
  throw new CardActionError(
    `"${String(value).slice(0, 40)}" is not a ${field} Defender accepts (${allowed}).`,
  );
}
