import {
  CLASSIFICATIONS,
  DETERMINATIONS,
  SERVICE_SOURCES,
  SEVERITIES,
  STATUSES,
  isDlpAlert,
  type SecurityAlert,
} from '../graph/types';
import { extractIdentities } from './identities';
import { activityInterval } from './time';
import type { AlertChangeField, Identity, TrackedAlert, TrackedComment } from './types';

/** Longest comment text kept on a record (cards show a preview; the store stays small). */
export const MAX_COMMENT_CHARS = 500;

// Enum members and the usual product names as one shared copy each: 100k records would otherwise hold
// 100k copies of `inProgress`. Only known values are pooled, so the pool never grows.
const POOL = new Map<string, string>();
for (const list of [SEVERITIES, STATUSES, CLASSIFICATIONS, DETERMINATIONS, SERVICE_SOURCES]) {
  for (const v of list) POOL.set(v, v);
}
for (const v of [
  'microsoftDataLossPrevention',
  'Microsoft Data Loss Prevention',
  'Microsoft Defender for Endpoint',
  'Microsoft Defender for Office 365',
  'Microsoft Defender for Identity',
  'Microsoft Defender for Cloud Apps',
  'Microsoft Defender XDR',
]) {
  POOL.set(v, v);
}

/** A non-empty string as is (pooled when it is a known enum value), else null. */
export function text(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0) return null;
  return POOL.get(v) ?? v;
}

function lastComment(comments: unknown[]): TrackedComment | undefined {
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i] as { comment?: unknown; createdByDisplayName?: unknown; createdDateTime?: unknown };
    if (typeof c !== 'object' || c === null || typeof c.comment !== 'string') continue;
    return {
      comment: c.comment.length > MAX_COMMENT_CHARS ? c.comment.slice(0, MAX_COMMENT_CHARS) : c.comment,
      createdByDisplayName: text(c.createdByDisplayName),
      createdDateTime: text(c.createdDateTime),
    };
  }
  return undefined;
}

const interval = { start: 0, end: 0 };

/**
 * The compact record of an alert. `now` places an alert with no parsable timestamp at all (it still
 * needs a time to be matched and evicted). Never throws on malformed fields.
 */
export function toTrackedAlert(alert: SecurityAlert, now: number): TrackedAlert {
  activityInterval(alert, interval);
  const start = interval.start === interval.start ? interval.start : now;
  const end = interval.end === interval.end ? interval.end : now;
  const comments = Array.isArray(alert.comments) ? (alert.comments as unknown[]) : [];
  const created = text(alert.createdDateTime) ?? text(alert.lastUpdateDateTime) ?? '';
  const updated = text(alert.lastUpdateDateTime) ?? created;
  const rec: TrackedAlert = {
    id: alert.id,
    isDlp: isDlpAlert(alert),
    title: text(alert.title),
    severity: text(alert.severity) ?? 'unknown',
    status: text(alert.status) ?? 'unknown',
    classification: text(alert.classification),
    determination: text(alert.determination),
    assignedTo: text(alert.assignedTo),
    serviceSource: text(alert.serviceSource) ?? 'unknown',
    detectionSource: text(alert.detectionSource),
    productName: text(alert.productName),
    incidentId: text(alert.incidentId),
    alertWebUrl: text(alert.alertWebUrl),
    incidentWebUrl: text(alert.incidentWebUrl),
    createdDateTime: created,
    lastUpdateDateTime: updated,
    start,
    end,
    identities: extractIdentities(alert),
    evidenceCount: Array.isArray(alert.evidence) ? alert.evidence.length : 0,
    commentCount: comments.length,
    fingerprint: alert.id + '|' + updated,
  };
  const last = lastComment(comments);
  if (last !== undefined) rec.lastComment = last;
  return rec;
}

/** True when both lists name the same keys (order aside). */
export function sameKeys(a: readonly Identity[], b: readonly Identity[]): boolean {
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
export function changedFields(prev: TrackedAlert, next: TrackedAlert): AlertChangeField[] {
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
export function indexChanged(prev: TrackedAlert, next: TrackedAlert): boolean {
  return (
    prev.isDlp !== next.isDlp ||
    prev.start !== next.start ||
    prev.end !== next.end ||
    prev.incidentId !== next.incidentId ||
    !sameKeys(prev.identities, next.identities)
  );
}
