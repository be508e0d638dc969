/**
 * Sensitive info types behind a Defender alert's correlated DLP events: type, counts, confidence, the
 * policy and rule that matched, and where the data came from. The view has no field for detected values
 * and the builder reads only the fields below, so the sensitive data itself can never reach a card.
 */
import { cut, expandCard, fitCard, moreText, type AdaptiveCard } from './render';
import template from './templates/sit.json';
import { VERBS } from './actions';
import { DEFAULT_CARD_TENANT, type CardTenant } from './alertView';
import { tenantText } from './tenant';
import { md, plain, plural } from './text';

/** DLP alerts listed before "and N more"; each lists at most this many types too. */
export const MAX_SIT_SHOWN = 10;
export const MAX_TYPES_PER_ALERT = 15;

/** Where the types came from (the graph module's SensitiveInfoResult.source). */
export type SitSource = 'DataSecurityEvents' | 'CloudAppEvents' | 'additionalData' | 'none';

/** One sensitive info type as matched by a DLP rule. Never the detected values. */
export interface SitTypeView {
  name: string;
  id?: string;
  count?: number;
  uniqueCount?: number;
  /** 0–100 (Microsoft uses 65 low, 75 medium, 85 high). */
  confidence?: number;
  /** "Low" | "Medium" | "High" when the source states it; derived from `confidence` otherwise. */
  confidenceLevel?: string;
  policy?: string;
  rule?: string;
  location?: string;
}

/** The types found for one DLP alert (shape-compatible with the graph module's SensitiveInfoResult). */
export interface SitResultView {
  dlpAlertId: string;
  dlpTitle?: string | null;
  source: SitSource | (string & { readonly __open?: never });
  types: readonly SitTypeView[];
  /** Why nothing was found, in plain words (source 'none'). */
  reason?: string | null;
}

export interface SitCardView {
  /** The Defender alert the analyst asked about. */
  alert: { id: string; title?: string | null };
  results: readonly SitResultView[];
  /** A note for the whole card, e.g. why sensitive info types are unavailable. */
  note?: string | null;
  /**
   * The alert card's version: the card gets a "Back to the alert" button (the answer replaces the alert
   * card for the analyst who asked, so they need a way back to its buttons).
   */
  cardVersion?: number;
  /** The alert's tenant: named by the "Back to the alert" action, shown when `shown`. Default `default`. */
  tenant?: Pick<CardTenant, 'name' | 'displayName' | 'shown'>;
}

const SOURCE_LABELS: Record<string, string> = {
  DataSecurityEvents: 'Advanced hunting: DataSecurityEvents',
  CloudAppEvents: 'Advanced hunting: CloudAppEvents (the DLP audit record)',
  additionalData: 'alert additionalData',
  none: 'no source had data',
};

type TypeData = { line1: string; hasLine2: boolean; line2: string };
type ResultData = {
  title: string;
  source: string;
  hasWhy: boolean;
  why: string;
  types: TypeData[];
  hasMoreTypes: boolean;
  moreTypes: string;
};

/** "High" from a stated level, else from the number (≥85 High, ≥75 Medium, else Low). */
export function confidenceLevel(t: Pick<SitTypeView, 'confidence' | 'confidenceLevel'>): string | undefined {
  if (t.confidenceLevel?.trim()) return t.confidenceLevel.trim();
  if (typeof t.confidence !== 'number' || !Number.isFinite(t.confidence)) return undefined;
  return t.confidence >= 85 ? 'High' : t.confidence >= 75 ? 'Medium' : 'Low';
}

const num = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;

function typeData(t: SitTypeView): TypeData {
  const facts: string[] = [];
  const count = num(t.count);
  const unique = num(t.uniqueCount);
  if (count !== undefined)
    facts.push(`${plural(count, 'match', 'matches')}${unique !== undefined ? ` (${unique} unique)` : ''}`);
  else if (unique !== undefined) facts.push(`${unique} unique`);
  const conf = num(t.confidence);
  const level = confidenceLevel(t);
  const levelText = level ? md(level, { max: 20 }) : undefined;
  if (conf !== undefined) facts.push(`confidence ${conf}${levelText ? ` (${levelText})` : ''}`);
  else if (levelText) facts.push(`confidence ${levelText}`);
  const where = [
    t.policy ? `Policy: ${md(t.policy, { max: 120 })}` : '',
    t.rule ? `Rule: ${md(t.rule, { max: 120 })}` : '',
    t.location ? `Location: ${md(t.location, { max: 60 })}` : '',
  ].filter(Boolean);
  const name = md(t.name?.trim() ? t.name : 'Unnamed sensitive info type', { max: 120 });
  return {
    line1: `**${name}**${facts.length ? ` · ${facts.join(' · ')}` : ''}`,
    hasLine2: where.length > 0,
    line2: where.join(' · '),
  };
}

function resultData(r: SitResultView, typeLimit: number): ResultData {
  const { shown, more } = cut(r.types, typeLimit);
  const none = r.types.length === 0;
  const reason = r.reason?.trim() ? r.reason : 'no source returned data for this DLP alert';
  return {
    title: `📄 ${md(r.dlpTitle?.trim() ? r.dlpTitle : `DLP alert ${r.dlpAlertId}`, { max: 160 })}`,
    source: md(`Source: ${SOURCE_LABELS[r.source] ?? r.source}`, { max: 120 }),
    hasWhy: none,
    why: none ? md(`No sensitive info type data: ${reason}`, { max: 300 }) : '',
    types: shown.map(typeData),
    hasMoreTypes: more > 0,
    moreTypes: moreText(more),
  };
}

/** Renders the sensitive-info-types card for one Defender alert. */
export function sitCard(view: SitCardView): AdaptiveCard {
  const results = view.results ?? [];
  const title = view.alert.title?.trim() ? view.alert.title : `alert ${view.alert.id}`;
  const typeCount = results.reduce((n, r) => n + r.types.length, 0);
  return fitCard((limit) => {
    const { shown, more } = cut(results, Math.min(limit, MAX_SIT_SHOWN));
    return expandCard(template, {
      fallbackText: `Sensitive info types for ${plain(title, { max: 100 })}: ${plural(typeCount, 'type')} across ${plural(results.length, 'DLP alert')}`,
      heading: md('Sensitive info types'),
      subheading: `${view.tenant?.shown ? `${tenantText(view.tenant)} · ` : ''}${md(title, { max: 160 })} · ${plural(results.length, 'correlated DLP alert')}`,
      hasNote: Boolean(view.note?.trim()),
      note: view.note?.trim() ? `⚠️ ${md(view.note, { max: 300 })}` : '',
      isEmpty: results.length === 0,
      emptyText: md('No correlated DLP alert to look up.'),
      results: shown.map((r) => resultData(r, Math.min(limit, MAX_TYPES_PER_ALERT))),
      hasMore: more > 0,
      more: moreText(more),
      privacy: md('Types, counts and confidence only: detected values are never shown, stored or logged.'),
      backVerb: VERBS.refresh,
      backData: {
        alertId: view.alert.id,
        cardVersion: view.cardVersion ?? 0,
        tenant: view.tenant?.name ?? DEFAULT_CARD_TENANT,
      },
    });
  }, MAX_TYPES_PER_ALERT);
}
