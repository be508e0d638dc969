import { isRecord } from '../model';
import { wellKnownSitName } from './sitNames';

/**
 * Reading sensitive information types (SITs) out of hunting rows, DLP audit records and an alert's
 * `additionalData`. Every output object is built field by field from a short list of known names: the
 * detected values (`DetectedValues`, `SensitiveInformationDetections`, matched text) are never read, so
 * they cannot reach a card, a log line or the store. Inputs may be objects, JSON strings, arrays of JSON
 * strings or junk; junk yields nothing.
 */

/** One sensitive information type, as shown to an analyst: never the detected values. */
export interface SensitiveInfoType {
  name: string;
  /** SIT id (a GUID for built-in and custom types). */
  id?: string;
  /** Instances found (summed across matches). */
  count?: number;
  /** Distinct instances in the largest single match. */
  uniqueCount?: number;
  /** Confidence 0–100 (the highest across matches). */
  confidence?: number;
  /** High / Medium / Low. */
  confidenceLevel?: string;
  policy?: string;
  rule?: string;
  location?: string;
}

/** Policy, rule and location that apply to the SITs of one match. */
export interface MatchContext {
  policy?: string;
  rule?: string;
  location?: string;
}

const MAX_JSON_CHARS = 1_000_000;

/** Objects inside `v`: an object, an array (of objects or JSON strings), or a JSON string of either. */
export function toRecords(v: unknown, depth = 0): Array<Record<string, unknown>> {
  if (depth > 3) return [];
  if (isRecord(v)) return [v];
  if (Array.isArray(v)) return v.flatMap((item) => toRecords(item, depth + 1));
  if (typeof v !== 'string' || v.length > MAX_JSON_CHARS) return [];
  const text = v.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return [];
  try {
    return toRecords(JSON.parse(text) as unknown, depth + 1);
  } catch (err) {
    if (err instanceof SyntaxError) return []; // junk that only looked like JSON
    throw err;
  }
}

/** Case-insensitive read of the first present key. */
export function field(rec: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    if (name in rec) return rec[name];
  }
  const lower = new Map(Object.keys(rec).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined) return rec[key];
  }
  return undefined;
}

/** A short display string, or undefined. */
export function text(v: unknown, max = 200): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length > 0 && t.length <= max ? t : undefined;
}

function wholeNumber(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function confidenceNumber(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

/** Microsoft's levels: high ≥ 85, medium ≥ 75, low below. */
export function levelOf(confidence: number): string {
  return confidence >= 85 ? 'High' : confidence >= 75 ? 'Medium' : 'Low';
}

/** Picks one SIT from a detection record: known fields only. Undefined when it names no type. */
export function pickSit(rec: Record<string, unknown>, ctx: MatchContext = {}): SensitiveInfoType | undefined {
  const id = text(
    field(rec, 'SensitiveInfoTypeId', 'SensitiveInformationTypeId', 'SensitiveType', 'SensitiveTypeId', 'Id'),
    100,
  );
  const name = sitName(rec, id);
  if (!name) return undefined;
  const sit: SensitiveInfoType = { name };
  if (id) sit.id = id;
  const count = wholeNumber(field(rec, 'Count', 'MatchCount', 'InstanceCount'));
  if (count !== undefined) sit.count = count;
  const uniqueCount = wholeNumber(field(rec, 'UniqueCount'));
  if (uniqueCount !== undefined) sit.uniqueCount = uniqueCount;
  Object.assign(sit, confidenceOf(rec));
  const location = text(field(rec, 'Location'), 100) ?? ctx.location;
  if (ctx.policy) sit.policy = ctx.policy;
  if (ctx.rule) sit.rule = ctx.rule;
  if (location) sit.location = location;
  return sit;
}

function sitName(rec: Record<string, unknown>, id: string | undefined): string | undefined {
  const named = text(
    field(
      rec,
      'SensitiveInfoTypeName',
      'SensitiveInformationTypeName',
      'SensitiveTypeName',
      'Name',
      'DisplayName',
    ),
  );
  if (named) return named;
  if (!id) return undefined;
  const known = wellKnownSitName(id);
  if (known) return known;
  return text(field(rec, 'ClassifierType'), 50) === 'MLModel' ? `Trainable classifier ${id}` : id;
}

/** `Confidence` may be 85 or "85" or "High"; `ConfidenceLevel` likewise. */
function confidenceOf(
  rec: Record<string, unknown>,
): Pick<SensitiveInfoType, 'confidence' | 'confidenceLevel'> {
  const raw = [field(rec, 'Confidence'), field(rec, 'ConfidenceLevel')];
  const confidence = raw.map(confidenceNumber).find((n) => n !== undefined);
  const named = raw.map((v) => text(v, 20)).find((t) => t !== undefined && confidenceNumber(t) === undefined);
  const level = named ?? (confidence !== undefined ? levelOf(confidence) : undefined);
  const out: Pick<SensitiveInfoType, 'confidence' | 'confidenceLevel'> = {};
  if (confidence !== undefined) out.confidence = confidence;
  if (level) out.confidenceLevel = level;
  return out;
}

/** Picks every SIT in `records` that names a type. */
export function picks(records: Array<Record<string, unknown>>, ctx: MatchContext = {}): SensitiveInfoType[] {
  return records.map((r) => pickSit(r, ctx)).filter((s): s is SensitiveInfoType => s !== undefined);
}

/** "A", "A, B", "A, B, C +2 more": distinct non-empty values. */
export function joinDistinct(values: Array<string | undefined>): string | undefined {
  const distinct = [...new Set(values.filter((v): v is string => !!v))];
  if (distinct.length === 0) return undefined;
  const shown = distinct.slice(0, 3).join(', ');
  return distinct.length > 3 ? `${shown} +${distinct.length - 3} more` : shown;
}
