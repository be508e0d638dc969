import { evidenceWorkloads, isDlpAlert, workloadBits, type SecurityAlert } from '../model';
import { extractIdentities } from './identities';
import { Rec, viewOf } from './record';
import { sharedText, text } from './strings';
import { activityInterval } from './time';
import type { AlertChangeField, Identity, TrackedComment } from './types';

/** Longest comment text kept on a record (cards show a preview; the store stays small). */
export const MAX_COMMENT_CHARS = 500;

function lastComment(comments: unknown[]): TrackedComment | undefined {
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i] as { comment?: unknown; createdByDisplayName?: unknown; createdDateTime?: unknown };
    if (typeof c !== 'object' || c === null || typeof c.comment !== 'string') continue;
    return {
      comment: c.comment.length > MAX_COMMENT_CHARS ? c.comment.slice(0, MAX_COMMENT_CHARS) : c.comment,
      createdByDisplayName: sharedText(c.createdByDisplayName),
      createdDateTime: text(c.createdDateTime),
    };
  }
  return undefined;
}

const interval = { start: 0, end: 0 };

/**
 * The engine's record of an alert. `now` places an alert with no parsable timestamp at all (it still
 * needs a time to be matched and evicted). Never throws on malformed fields.
 */
export function toRec(alert: SecurityAlert, now: number): Rec {
  activityInterval(alert, interval);
  const comments = Array.isArray(alert.comments) ? (alert.comments as unknown[]) : [];
  const created = text(alert.createdDateTime) ?? text(alert.lastUpdateDateTime) ?? '';
  const r = new Rec();
  r.id = alert.id;
  r.isDlp = isDlpAlert(alert);
  r.view = viewOf(alert as unknown as Record<string, unknown>);
  r.incidentId = text(alert.incidentId);
  r.setLinks(text(alert.alertWebUrl), text(alert.incidentWebUrl));
  r.createdDateTime = created;
  r.lastUpdateDateTime = text(alert.lastUpdateDateTime) ?? created;
  r.start = interval.start === interval.start ? interval.start : now;
  r.end = interval.end === interval.end ? interval.end : now;
  r.identities = extractIdentities(alert);
  r.evidenceCount = Array.isArray(alert.evidence) ? alert.evidence.length : 0;
  // Only DLP alerts: routing reads the workload of a correlation's DLP side (and the walk costs time).
  if (r.isDlp) r.workloads = workloadBits(evidenceWorkloads(alert.evidence));
  r.commentCount = comments.length;
  r.lastComment = lastComment(comments);
  return r;
}

/** True when both lists name the same keys (order aside). */
function sameKeys(a: readonly Identity[], b: readonly Identity[]): boolean {
  if (a.length !== b.length) return false;
  outer: for (let i = 0; i < a.length; i++) {
    const k = (a[i] as Identity).key;
    for (let j = 0; j < b.length; j++) if ((b[j] as Identity).key === k) continue outer;
    return false;
  }
  return true;
}

function sameComment(a: TrackedComment | undefined, b: TrackedComment | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.comment === b.comment && a.createdDateTime === b.createdDateTime;
}

/** The displayed fields that differ between two versions of an alert. */
export function changedFields(prev: Rec, next: Rec): AlertChangeField[] {
  const f: AlertChangeField[] = [];
  if (prev.status !== next.status) f.push('status');
  if (prev.assignedTo !== next.assignedTo) f.push('assignedTo');
  if (prev.classification !== next.classification) f.push('classification');
  if (prev.determination !== next.determination) f.push('determination');
  if (prev.commentCount !== next.commentCount || !sameComment(prev.lastComment, next.lastComment)) {
    f.push('comments');
  }
  if (prev.severity !== next.severity) f.push('severity');
  if (prev.title !== next.title) f.push('title');
  if (prev.evidenceCount !== next.evidenceCount || !sameKeys(prev.identities, next.identities)) {
    f.push('evidence');
  }
  return f;
}

/** True when a new version must move in the indexes (what matching reads changed). */
export function indexChanged(prev: Rec, next: Rec): boolean {
  return (
    prev.isDlp !== next.isDlp ||
    prev.start !== next.start ||
    prev.end !== next.end ||
    prev.incidentId !== next.incidentId ||
    !sameKeys(prev.identities, next.identities)
  );
}
