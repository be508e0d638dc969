import { isGuid, isUpn, parseInstant } from './validate';

/**
 * Building the advanced-hunting queries for one DLP alert. Nothing from outside is pasted into KQL as is:
 * identities must have the shape of a UPN or a GUID (anything else is dropped and counted), every string
 * literal is escaped anyway, and times are re-printed from a parsed instant inside `datetime(…)`.
 */

/** Padding on each side of the alert's activity window, in ms (audit and hunting clocks drift). */
export const WINDOW_PADDING_MS = 5 * 60_000;

/** Rows asked for per query: enough for one alert's activity, small enough to stay cheap. */
export const ROW_LIMIT = 50;

/** The identities and time window a query looks at. */
export interface HuntingTarget {
  upns: string[];
  objectIds: string[];
  /** Padded window, ISO 8601 UTC. */
  from: string;
  to: string;
}

/** The usable identities and window from raw input, plus how many identities were refused. */
export interface TargetCheck {
  target?: HuntingTarget;
  rejected: number;
  /** Why no query can be built (no identity, bad times). */
  problem?: string;
}

/**
 * A KQL double-quoted string literal: `\` and `"` escaped, newline/tab/CR as escapes, other control
 * characters dropped (no identity contains one; they only serve to confuse a reader of the query).
 */
export function kqlString(value: string): string {
  const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (named[ch] !== undefined) out += named[ch];
    else if (code >= 0x20 && code !== 0x7f) out += ch;
  }
  return `"${out}"`;
}

/** `datetime(2026-11-20T12:00:00.000Z)` from epoch ms. */
export function kqlDatetime(ms: number): string {
  return `datetime(${new Date(ms).toISOString()})`;
}

/** Validates identities and times; pads the window by `WINDOW_PADDING_MS` on each side. */
export function checkTarget(input: {
  upns: unknown;
  objectIds: unknown;
  from: unknown;
  to: unknown;
}): TargetCheck {
  const upnsIn = Array.isArray(input.upns) ? input.upns : [];
  const idsIn = Array.isArray(input.objectIds) ? input.objectIds : [];
  const upns = unique(upnsIn.filter(isUpn).map((u) => u.toLowerCase()));
  const objectIds = unique(idsIn.filter(isGuid).map((g) => g.toLowerCase()));
  const rejected = upnsIn.length + idsIn.length - upnsIn.filter(isUpn).length - idsIn.filter(isGuid).length;
  const fromMs = parseInstant(input.from);
  const toMs = parseInstant(input.to);
  if (fromMs === undefined || toMs === undefined) {
    return {
      rejected,
      problem: 'the alert has no usable activity time (from/to must be ISO 8601 with a zone)',
    };
  }
  if (upns.length === 0 && objectIds.length === 0) {
    return { rejected, problem: 'the DLP alert names no usable user (a UPN or an Entra object id)' };
  }
  const lo = Math.min(fromMs, toMs) - WINDOW_PADDING_MS;
  const hi = Math.max(fromMs, toMs) + WINDOW_PADDING_MS;
  const target = { upns, objectIds, from: new Date(lo).toISOString(), to: new Date(hi).toISOString() };
  return { target, rejected };
}

/** DataSecurityEvents rows with DLP/SIT data for the target, newest first. */
export function dataSecurityEventsQuery(t: HuntingTarget): string {
  const who = identityFilter(t, 'AccountUpn', 'AccountObjectId');
  return [
    'DataSecurityEvents',
    `| where Timestamp between (${window(t)})`,
    `| where ${who}`,
    '| where isnotempty(SensitiveInfoTypeInfo) or isnotempty(DlpPolicyRuleMatchInfo)',
    // Workload: the Microsoft 365 service of the event, for the workloads= routing rule
    // (https://learn.microsoft.com/defender-xdr/advanced-hunting-datasecurityevents-table).
    '| project Timestamp, AccountUpn, ObjectName, Workload, SensitiveInfoTypeInfo, DlpPolicyRuleMatchInfo, DlpPolicyMatchInfo',
    '| order by Timestamp desc',
    `| take ${ROW_LIMIT}`,
  ].join('\n');
}

/** CloudAppEvents DLP rule matches (the raw audit record in RawEventData) for the target. */
export function cloudAppEventsQuery(t: HuntingTarget): string {
  // CloudAppEvents has no UPN column; AccountId holds the UPN for Microsoft 365 activity.
  const who = identityFilter(t, 'AccountId', 'AccountObjectId');
  return [
    'CloudAppEvents',
    `| where Timestamp between (${window(t)})`,
    // =~, not ==: tenants spell the audit action both DlpRuleMatch and DLPRuleMatch, and KQL's == is
    // case-sensitive (https://learn.microsoft.com/kusto/query/datatypes-string-operators).
    '| where ActionType =~ "DlpRuleMatch"',
    `| where ${who}`,
    // The workload is RawEventData.Workload (the audit common schema); Application is the fallback.
    '| project Timestamp, AccountObjectId, ObjectName, Application, RawEventData',
    '| order by Timestamp desc',
    `| take ${ROW_LIMIT}`,
  ].join('\n');
}

function window(t: HuntingTarget): string {
  return `${kqlDatetime(Date.parse(t.from))} .. ${kqlDatetime(Date.parse(t.to))}`;
}

function identityFilter(t: HuntingTarget, upnColumn: string, idColumn: string): string {
  const parts: string[] = [];
  if (t.upns.length > 0) parts.push(`${upnColumn} in~ (${t.upns.map(kqlString).join(', ')})`);
  if (t.objectIds.length > 0) parts.push(`${idColumn} in~ (${t.objectIds.map(kqlString).join(', ')})`);
  return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' or ')})`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
