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

/** Parses a page's `value`; returns the alerts and how many items were unusable. */
export function parseAlertPage(items: unknown): { alerts: SecurityAlert[]; skipped: number } {
  const alerts: SecurityAlert[] = [];
  let skipped = 0;
  if (!Array.isArray(items)) return { alerts, skipped };
  for (const item of items) {
    const a = parseAlert(item);
    if (a) alerts.push(a);
    else skipped++;
  }
  return { alerts, skipped };
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
