import { parseWorkloads, workloadBits } from '../model';
import { kindCode, kindName } from './keys';
import { Rec, viewOf } from './record';
import { addRecord, CorrelationState, link } from './state';
import { sharedText, text } from './strings';
import { MAX_COMMENT_CHARS } from './tracked';
import { IDENTITY_KINDS, type CorrelationMatch, type Identity, type TrackedComment } from './types';

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

function comment(v: unknown): TrackedComment | undefined {
  if (!isObj(v) || typeof v.comment !== 'string') return undefined;
  return {
    comment: v.comment.slice(0, MAX_COMMENT_CHARS),
    createdByDisplayName: sharedText(v.createdByDisplayName),
    createdDateTime: text(v.createdDateTime),
  };
}

/**
 * A stored record checked field by field: the store may hold records written by an older version or
 * damaged by hand. Unusable records (no id, no finite interval) give undefined; other fields fall back.
 */
export function recordFromStore(raw: unknown): Rec | undefined {
  if (!isObj(raw) || typeof raw.id !== 'string' || raw.id.length === 0) return undefined;
  const start = finite(raw.start);
  const end = finite(raw.end);
  if (start === undefined || end === undefined) return undefined;
  const r = new Rec();
  r.id = raw.id;
  r.isDlp = raw.isDlp === true;
  r.view = viewOf(raw);
  r.incidentId = text(raw.incidentId);
  r.setLinks(text(raw.alertWebUrl), text(raw.incidentWebUrl));
  r.lastUpdateDateTime = text(raw.lastUpdateDateTime) ?? '';
  r.createdDateTime = text(raw.createdDateTime) ?? r.lastUpdateDateTime;
  r.start = Math.min(start, end);
  r.end = Math.max(start, end);
  r.identities = identities(raw.identities);
  r.evidenceCount = finite(raw.evidenceCount) ?? 0;
  r.workloads = workloadBits(parseWorkloads(raw.workloads));
  r.commentCount = finite(raw.commentCount) ?? 0;
  r.lastComment = comment(raw.lastComment);
  if (Array.isArray(raw.correlatedDlpIds)) {
    r.correlatedDlpIds = raw.correlatedDlpIds.filter((x): x is string => typeof x === 'string');
  }
  r.matches = matches(raw.matches);
  return r;
}

/**
 * Rebuilds the state from stored `TrackedAlert` records (after a restart), so that future `correlate`
 * calls report exactly what they would have without the restart. Records are copied, not adopted.
 * Unusable records are skipped (compare `stateSize(state).alerts` with the number given); when an id
 * appears twice, the later `lastUpdateDateTime` wins.
 */
export function restoreCorrelationState(records: readonly unknown[]): CorrelationState {
  if (!Array.isArray(records)) throw new TypeError('restoreCorrelationState needs an array of records');
  const byId = new Map<string, Rec>();
  for (const raw of records) {
    const rec = recordFromStore(raw);
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
