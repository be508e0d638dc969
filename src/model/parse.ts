import type { AlertComment, SecurityAlert } from './alert';
import type { AlertEvidence } from './evidence';

/**
 * Defensive parsing of one alerts_v2 item. Graph may omit any property and add new ones or new enum
 * members: nothing here rejects an unknown value. Only an item with no `id` is unusable (returns
 * undefined); missing timestamps fall back to each other so the alert still orders and correlates.
 */
export function parseAlert(raw: unknown): SecurityAlert | undefined {
  if (!isRecord(raw)) return undefined;
  const id = str(raw.id);
  if (!id) return undefined;
  const created = str(raw.createdDateTime) ?? str(raw.lastUpdateDateTime) ?? str(raw.firstActivityDateTime);
  const updated = str(raw.lastUpdateDateTime) ?? created;
  if (!created || !updated) return undefined;
  return {
    ...(raw as Partial<SecurityAlert>),
    id,
    severity: str(raw.severity) ?? 'unknown',
    status: str(raw.status) ?? 'unknown',
    serviceSource: str(raw.serviceSource) ?? 'unknown',
    createdDateTime: created,
    lastUpdateDateTime: updated,
    comments: Array.isArray(raw.comments) ? raw.comments.filter(isComment) : [],
    evidence: Array.isArray(raw.evidence) ? raw.evidence.filter(isEvidence) : [],
  };
}

/**
 * Parses a page's `value`; returns the alerts and how many items were unusable. The items are a page body
 * just parsed from Graph's JSON that nobody else holds, so each is normalised in place instead of copied
 * as `parseAlert` does: one object per alert instead of two, and its lists kept when every entry is
 * usable (a 1,000-alert page made 1,000 copies of ~30 properties and their evidence lists; issue 18).
 */
export function parseAlertPage(items: unknown): { alerts: SecurityAlert[]; skipped: number } {
  const alerts: SecurityAlert[] = [];
  let skipped = 0;
  if (!Array.isArray(items)) return { alerts, skipped };
  for (const item of items) {
    const a = normaliseInPlace(item);
    if (a) alerts.push(a);
    else skipped++;
  }
  return { alerts, skipped };
}

/** What `parseAlert` returns, made by writing the same fields onto `raw` itself. */
function normaliseInPlace(raw: unknown): SecurityAlert | undefined {
  if (!isRecord(raw)) return undefined;
  const id = str(raw.id);
  if (!id) return undefined;
  const created = str(raw.createdDateTime) ?? str(raw.lastUpdateDateTime) ?? str(raw.firstActivityDateTime);
  const updated = str(raw.lastUpdateDateTime) ?? created;
  if (!created || !updated) return undefined;
  raw.severity = str(raw.severity) ?? 'unknown';
  raw.status = str(raw.status) ?? 'unknown';
  raw.serviceSource = str(raw.serviceSource) ?? 'unknown';
  raw.createdDateTime = created;
  raw.lastUpdateDateTime = updated;
  raw.comments = Array.isArray(raw.comments) ? keep(raw.comments, isComment) : [];
  raw.evidence = Array.isArray(raw.evidence) ? keep(raw.evidence, isEvidence) : [];
  return raw as unknown as SecurityAlert;
}

/** The list itself when every entry passes, else the entries that do. */
function keep<T>(list: unknown[], test: (v: unknown) => v is T): T[] {
  return list.every(test) ? (list as T[]) : list.filter(test);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function isComment(v: unknown): v is AlertComment {
  return isRecord(v) && typeof v.comment === 'string';
}

function isEvidence(v: unknown): v is AlertEvidence {
  return isRecord(v) && typeof v['@odata.type'] === 'string';
}
