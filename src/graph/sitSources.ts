import { isRecord } from '../model';
import {
  field,
  joinDistinct,
  picks,
  text,
  toRecords,
  type MatchContext,
  type SensitiveInfoType,
} from './sitParse';

/** SITs of one DataSecurityEvents row (`SensitiveInfoTypeInfo`; policy/rule from the DLP match columns). */
export function sitsFromDataSecurityRow(row: Record<string, unknown>): SensitiveInfoType[] {
  const rules = toRecords(field(row, 'DlpPolicyRuleMatchInfo'));
  const policies = toRecords(field(row, 'DlpPolicyMatchInfo'));
  const ctx: MatchContext = {
    policy: joinDistinct([...rules, ...policies].map((r) => text(field(r, 'PolicyName')))),
    rule: joinDistinct(rules.map((r) => text(field(r, 'RuleName')))),
  };
  return picks(toRecords(field(row, 'SensitiveInfoTypeInfo')), ctx);
}

/**
 * SITs of a DLP audit record (`RawEventData` of CloudAppEvents, or the record itself):
 * `PolicyDetails[].Rules[].ConditionsMatched.SensitiveInformation[]`.
 */
export function sitsFromAuditRecord(raw: unknown): SensitiveInfoType[] {
  const out: SensitiveInfoType[] = [];
  for (const record of toRecords(raw)) {
    for (const policy of toRecords(field(record, 'PolicyDetails'))) {
      const policyName = text(field(policy, 'PolicyName'));
      for (const rule of toRecords(field(policy, 'Rules'))) {
        const ctx = { policy: policyName, rule: text(field(rule, 'RuleName')) };
        for (const matched of toRecords(field(rule, 'ConditionsMatched'))) {
          out.push(...picks(toRecords(field(matched, 'SensitiveInformation')), ctx));
        }
      }
    }
  }
  return out;
}

/** Keys under which an alert's undocumented `additionalData` has been seen to list SITs. */
const SIT_LIST_KEYS = [
  'sensitiveInfoTypes',
  'sensitiveInformationTypes',
  'SensitiveInfoTypeInfo',
  'SensitiveInformation',
  'sensitiveTypes',
];
const AUDIT_KEYS = ['RawEventData', 'AuditRecord', 'AuditData'];

/**
 * SITs in an alert's `additionalData` (undocumented: read defensively). Looks for a SIT list (objects, or
 * plain type names), an audit-shaped `PolicyDetails`, or an embedded audit record, one level deep.
 */
export function sitsFromAdditionalData(data: unknown): SensitiveInfoType[] {
  if (!isRecord(data)) return [];
  const out = sitsFromBag(data);
  if (out.length > 0) return out;
  for (const value of Object.values(data)) {
    for (const nested of toRecords(value)) out.push(...sitsFromBag(nested));
    if (out.length > 0) break;
  }
  return out;
}

function sitsFromBag(bag: Record<string, unknown>): SensitiveInfoType[] {
  const ctx: MatchContext = {
    policy: text(field(bag, 'dlpPolicyName', 'policyName', 'PolicyName')),
    rule: text(field(bag, 'dlpRuleName', 'ruleName', 'RuleName')),
  };
  for (const key of SIT_LIST_KEYS) {
    const value = field(bag, key);
    if (value === undefined) continue;
    const found = [...picks(toRecords(value), ctx), ...namesOnly(value, ctx)];
    if (found.length > 0) return found;
  }
  const details = field(bag, 'PolicyDetails');
  if (details !== undefined) return sitsFromAuditRecord({ PolicyDetails: details });
  for (const key of AUDIT_KEYS) {
    const found = sitsFromAuditRecord(field(bag, key));
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * A list of plain type names (`["Credit Card Number"]`). A bare string is taken as a name only when it
 * reads like one (letters, short): a detected value such as a card number must never pass as a name.
 */
function namesOnly(value: unknown, ctx: MatchContext): SensitiveInfoType[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v.length <= 100 && /\p{L}{3}/u.test(v) && !/\d{4}/.test(v) && !v.startsWith('{'))
    .map((name) => ({
      name,
      ...(ctx.policy ? { policy: ctx.policy } : {}),
      ...(ctx.rule ? { rule: ctx.rule } : {}),
    }));
}
