import { CLASSIFICATIONS, DETERMINATIONS, PATCHABLE_PROPERTIES, STATUSES, type AlertUpdate } from '../model';
import { isRecord } from '../model';

/**
 * Builds the PATCH body of an alert update from known keys only (`status, classification, determination,
 * assignedTo, customDetails`), checking each value. Anything else in `update` is dropped: Graph answers
 * 400 to unknown properties, and a card action must not be able to smuggle fields through.
 * Returns the body and the names of the dropped keys, or a message saying what is wrong.
 */
export function buildAlertPatch(
  update: unknown,
): { body: AlertUpdate; dropped: string[] } | { error: string } {
  if (!isRecord(update)) return { error: 'the update must be an object' };
  const body: AlertUpdate = {};
  const problems: string[] = [];
  const { status, classification, determination, assignedTo, customDetails } = update;
  if (status !== undefined) {
    if (settable(STATUSES, status)) body.status = status;
    else problems.push(`status must be one of ${list(STATUSES)}`);
  }
  if (classification !== undefined) {
    if (settable(CLASSIFICATIONS, classification)) body.classification = classification;
    else problems.push(`classification must be one of ${list(CLASSIFICATIONS)}`);
  }
  if (determination !== undefined) {
    if (settable(DETERMINATIONS, determination)) body.determination = determination;
    else problems.push(`determination must be one of ${list(DETERMINATIONS)}`);
  }
  if (assignedTo !== undefined) {
    if (assignedTo === null || (typeof assignedTo === 'string' && assignedTo.length <= 256))
      body.assignedTo = assignedTo;
    else problems.push('assignedTo must be a string (a UPN or name, at most 256 characters) or null');
  }
  if (customDetails !== undefined) {
    const details = stringDictionary(customDetails);
    if (details) body.customDetails = details;
    else problems.push('customDetails must be an object of string values');
  }
  if (problems.length > 0) return { error: problems.join('; ') };
  if (Object.keys(body).length === 0) {
    return { error: `nothing to change: set at least one of ${PATCHABLE_PROPERTIES.join(', ')}` };
  }
  const known = new Set<string>(PATCHABLE_PROPERTIES);
  return { body, dropped: Object.keys(update).filter((k) => !known.has(k)) };
}

/** A value the API accepts on write: a known member, never the `unknownFutureValue` sentinel. */
function settable<T extends string>(values: readonly T[], v: unknown): v is Exclude<T, 'unknownFutureValue'> {
  return typeof v === 'string' && v !== 'unknownFutureValue' && (values as readonly string[]).includes(v);
}

function list(values: readonly string[]): string {
  return values.filter((v) => v !== 'unknownFutureValue').join(', ');
}

function stringDictionary(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') return undefined;
    out[k] = val;
  }
  return out;
}
