import type { TrackedAlert } from '../correlation';
import type { SensitiveInfoResult } from '../graph';
import type { Analyst } from './types';

/** Defender caps comment length; stay well under it and end long lists with "and N more". */
export const MAX_ENRICHMENT_CHARS = 3500;
const MAX_LINES = 12;

export interface EnrichmentInput {
  alert: TrackedAlert;
  /** The DLP alerts this comment covers (undefined: no longer tracked). */
  newDlp: Array<TrackedAlert | undefined>;
  sits: SensitiveInfoResult[];
  who: Analyst;
  /** A later comment, after DLP alerts were already commented: shorter, says "more". */
  followUp: boolean;
  at: string;
}

/**
 * The enrichment comment, written for the analyst who reads it in the Defender portal: who asked, which
 * DLP alerts correlate and why, what sensitive info was involved (types and counts, never values).
 */
export function composeEnrichment(input: EnrichmentInput): string {
  const { alert, who, followUp } = input;
  const dlp = input.newDlp.filter((d): d is TrackedAlert => !!d);
  const count = `${dlp.length} ${followUp ? 'more ' : ''}correlated Purview DLP alert${dlp.length === 1 ? '' : 's'}`;
  const head = `[defender-dlp-bot] DLP context requested by ${who.name}${who.upn ? ` (${who.upn})` : ''} at ${input.at.slice(0, 16).replace('T', ' ')} UTC: ${count}.`;
  const matchById = new Map((alert.matches ?? []).map((m) => [m.dlpAlertId, m]));
  const sitById = new Map(input.sits.map((s) => [s.dlpAlertId, s]));
  const lines: string[] = [];
  for (const d of dlp.slice(0, MAX_LINES)) {
    const m = matchById.get(d.id);
    const how =
      m?.via === 'incident'
        ? 'same Defender incident'
        : `same ${m?.identity?.kind ?? 'identity'} ${m?.identity?.display ?? ''}`.trim();
    const delta = m ? `${m.deltaMs >= 0 ? '+' : '-'}${Math.round(Math.abs(m.deltaMs) / 60_000)} min` : '';
    lines.push(
      `- ${new Date(d.start).toISOString().slice(0, 16).replace('T', ' ')} UTC (${delta}): ${clean(d.title ?? d.id)} [${d.id}]; ${how}.${sitLine(sitById.get(d.id))}`,
    );
  }
  if (dlp.length > MAX_LINES) lines.push(`- and ${dlp.length - MAX_LINES} more.`);
  let text = [head, ...lines].join('\n');
  if (text.length > MAX_ENRICHMENT_CHARS) text = `${text.slice(0, MAX_ENRICHMENT_CHARS - 20)}\n… (shortened)`;
  return text;
}

function sitLine(sit: SensitiveInfoResult | undefined): string {
  // Over the hunting quota nothing was searched: "none found" would read as a finding in the portal.
  if (sit?.quota)
    return ` Sensitive info: not looked up (${sit.reason ?? 'advanced hunting is over its quota'}).`;
  if (!sit || sit.types.length === 0)
    return sit?.reason ? ` Sensitive info: none found (${sit.reason}).` : '';
  const types = sit.types
    .slice(0, 4)
    .map(
      (t) =>
        `${clean(t.name)}${t.count !== undefined ? ` x${t.count}` : ''}${t.confidenceLevel ? ` (${t.confidenceLevel})` : ''}`,
    )
    .join(', ');
  const rule = sit.types.find((t) => t.policy || t.rule);
  const policy = rule
    ? ` Policy: ${clean(rule.policy ?? '?')}${rule.rule ? ` / rule: ${clean(rule.rule)}` : ''}.`
    : '';
  return ` Sensitive info: ${types}${sit.types.length > 4 ? `, +${sit.types.length - 4} more` : ''}.${policy}`;
}

/** One line of plain text: no newlines or control characters from alert data. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}
