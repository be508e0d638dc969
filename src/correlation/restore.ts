import { kindCode, kindName } from './keys';
import { addRecord, CorrelationState, link } from './state';
import { text } from './tracked';
import { IDENTITY_KINDS, type CorrelationMatch, type Identity, type TrackedAlert } from './types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function identities(v: unknown): Identity[] {
  if (!Array.isArray(v)) return [];
  const out: Identity[] = [];
  for (const x of v) {
    if (!isObj(x) || typeof x.key !== 'string' || typeof x.display !== 'string') continue;
    if (!(IDENTITY_KINDS as readonly unknown[]).includes(x.kind)) continue;
    if (out.some((i) => i.key === x.key)) continue;
    const id: Identity = { kind: kindName(kindCode(x.kind as string)), key: x.key, display: x.display };
    if (x.violator === true) id.violator = true;
    out.push(id);
  }
  return out;
}

function matches(v: unknown): CorrelationMatch[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(
    (m): m is CorrelationMatch =>
      isObj(m) && typeof m.dlpAlertId === 'string' && typeof m.defenderAlertId === 'string',
  );
}

/**
 * A stored record checked field by field: the store may hold records written by an older version or
 * damaged by hand. Unusable records (no id, no finite interval) give undefined; other fields fall back.
 */
export function normalizeRecord(raw: unknown): TrackedAlert | undefined {
  if (!isObj(raw) || typeof raw.id !== 'string' || raw.id.length === 0) return undefined;
  const start = finite(raw.start);
  const end = finite(raw.end);
  if (start === undefined || end === undefined) return undefined;
  const updated = text(raw.lastUpdateDateTime) ?? '';
  const rec: TrackedAlert = {
    ...(raw as unknown as TrackedAlert),
    isDlp: raw.isDlp === true,
    title: text(raw.title),
    classification: text(raw.classification),
    determination: text(raw.determination),
    assignedTo: text(raw.assignedTo),
    detectionSource: text(raw.detectionSource),
    productName: text(raw.productName),
    alertWebUrl: text(raw.alertWebUrl),
    incidentWebUrl: text(raw.incidentWebUrl),
    severity: text(raw.severity) ?? 'unknown',
    status: text(raw.status) ?? 'unknown',
    serviceSource: text(raw.serviceSource) ?? 'unknown',
    incidentId: text(raw.incidentId),
    createdDateTime: text(raw.createdDateTime) ?? updated,
    lastUpdateDateTime: updated,
    start: Math.min(start, end),
    end: Math.max(start, end),
    identities: identities(raw.identities),
    evidenceCount: finite(raw.evidenceCount) ?? 0,
    commentCount: finite(raw.commentCount) ?? 0,
    fingerprint: raw.id + '|' + updated,
  };
  const ids = Array.isArray(raw.correlatedDlpIds)
    ? raw.correlatedDlpIds.filter((x): x is string => typeof x === 'string')
    : undefined;
  const ms = matches(raw.matches);
  const last = raw.lastComment;
  if (!isObj(last) || typeof last.comment !== 'string') delete rec.lastComment;
  if (ids !== undefined) rec.correlatedDlpIds = ids;
  else delete rec.correlatedDlpIds;
  if (ms !== undefined) rec.matches = ms;
  else delete rec.matches;
  return rec;
}

/**
 * Rebuilds the state from stored `TrackedAlert` records (after a restart), so that future `correlate`
 * calls report exactly what they would have without the restart. Records are copied, not adopted.
 * Unusable records are skipped (compare `stateSize(state).alerts` with the number given); when an id
 * appears twice, the later `lastUpdateDateTime` wins.
 */
export function restoreCorrelationState(records: readonly unknown[]): CorrelationState {
  if (!Array.isArray(records)) throw new TypeError('restoreCorrelationState needs an array of records');
  const byId = new Map<string, TrackedAlert>();
  for (const raw of records) {
    const rec = normalizeRecord(raw);
    if (rec === undefined) continue;
    const seen = byId.get(rec.id);
    if (seen === undefined || seen.lastUpdateDateTime <= rec.lastUpdateDateTime) byId.set(rec.id, rec);
  }
  const state = new CorrelationState();
  for (const rec of byId.values()) addRecord(state, rec);
  for (const rec of byId.values()) {
    if (rec.isDlp) continue;
    for (const dlpId of rec.correlatedDlpIds ?? []) link(state, dlpId, rec.id);
  }
  return state;
}
