import { joinDistinct, levelOf, type SensitiveInfoType } from './sitParse';

const LEVEL_RANK: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3 };

/**
 * Merges the same SIT (by id, else by name) across matches: counts are summed, confidence and unique
 * count take the highest, policies/rules/locations are listed once each. Sorted by count, then name.
 */
export function aggregateSits(hits: readonly SensitiveInfoType[]): SensitiveInfoType[] {
  const groups = new Map<string, SensitiveInfoType[]>();
  for (const hit of hits) {
    const key = (hit.id ?? hit.name).toLowerCase();
    const group = groups.get(key);
    if (group) group.push(hit);
    else groups.set(key, [hit]);
  }
  return [...groups.values()]
    .map(merge)
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name));
}

function merge(group: SensitiveInfoType[]): SensitiveInfoType {
  // A real name beats one derived from the id (several rows may carry only the GUID).
  const named = group.find((h) => h.name !== h.id && !h.name.startsWith('Trainable classifier')) ?? group[0];
  const out: SensitiveInfoType = { name: named?.name ?? '' };
  const id = group.find((h) => h.id)?.id;
  if (id) out.id = id;
  const counts = group.map((h) => h.count).filter((n): n is number => n !== undefined);
  if (counts.length > 0) out.count = counts.reduce((a, b) => a + b, 0);
  const unique = max(group.map((h) => h.uniqueCount));
  if (unique !== undefined) out.uniqueCount = unique;
  const confidence = max(group.map((h) => h.confidence));
  if (confidence !== undefined) out.confidence = confidence;
  const level =
    highestLevel(group.map((h) => h.confidenceLevel)) ??
    (confidence !== undefined ? levelOf(confidence) : undefined);
  if (level) out.confidenceLevel = level;
  const policy = joinDistinct(group.map((h) => h.policy));
  const rule = joinDistinct(group.map((h) => h.rule));
  const location = joinDistinct(group.map((h) => h.location));
  if (policy) out.policy = policy;
  if (rule) out.rule = rule;
  if (location) out.location = location;
  return out;
}

function max(values: Array<number | undefined>): number | undefined {
  const present = values.filter((n): n is number => n !== undefined);
  return present.length > 0 ? Math.max(...present) : undefined;
}

function highestLevel(levels: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const level of levels) {
    if (!level) continue;
    if (!best || (LEVEL_RANK[level.toLowerCase()] ?? 0) > (LEVEL_RANK[best.toLowerCase()] ?? 0)) best = level;
  }
  return best;
}
