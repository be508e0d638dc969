import { CLASSIFICATIONS, DETERMINATIONS, SERVICE_SOURCES, SEVERITIES, STATUSES } from '../model';

/**
 * One shared copy of the strings that repeat across records. 100k tracked alerts would otherwise hold
 * 100k copies of `inProgress`, of each alert title and of each tenant's `?tid=` link tail.
 */

// Enum members and product names: a fixed pool that never grows.
const KNOWN = new Map<string, string>();
for (const list of [SEVERITIES, STATUSES, CLASSIFICATIONS, DETERMINATIONS, SERVICE_SOURCES]) {
  for (const v of list) KNOWN.set(v, v);
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
  KNOWN.set(v, v);
}

/** A non-empty string as is (the pooled copy when it is a known enum value), else null. */
export function text(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0) return null;
  return KNOWN.get(v) ?? v;
}

/** Strings longer than this are not worth a pool entry. */
const MAX_SHARED_LENGTH = 200;
/** The pool starts over when it reaches this size, so it stays bounded whatever the input. */
const MAX_SHARED = 20_000;
let pool = new Map<string, string>();

/** The shared copy of a string that is likely to repeat (titles, analysts, link tails); bounded memory. */
export function shared(v: string): string {
  if (v.length > MAX_SHARED_LENGTH) return v;
  const hit = pool.get(v);
  if (hit !== undefined) return hit;
  if (pool.size >= MAX_SHARED) pool = new Map();
  pool.set(v, v);
  return v;
}

/** `text`, then `shared`. */
export function sharedText(v: unknown): string | null {
  const t = text(v);
  return t === null ? null : shared(t);
}
