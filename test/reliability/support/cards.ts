/**
 * Reading what the bot posted at the fake Bot Connector as a SOC analyst would: which alert each root
 * card is about, which cards are digests and how many alerts they stand for, and the tally the
 * reliability runs report (expected, posted, duplicates, missed).
 */
import type { ConnectorMessage } from '../../helpers/fakeConnector';

/** The alert id a card's actions carry (`data.alertId`), or undefined (digests and notices have none). */
export function alertIdOfCard(card: unknown): string | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const id = alertIdOfCard(item);
      if (id) return id;
    }
    return undefined;
  }
  if (typeof card !== 'object' || card === null) return undefined;
  const data = (card as { data?: { alertId?: unknown } }).data;
  if (typeof data?.alertId === 'string') return data.alertId;
  for (const value of Object.values(card)) {
    const id = alertIdOfCard(value);
    if (id) return id;
  }
  return undefined;
}

/** For a digest card ("📥 14 more correlated alerts"), how many alerts it stands for; else undefined. */
export function digestTotal(card: unknown): number | undefined {
  const m = /(\d+) more correlated alerts?/.exec(JSON.stringify(card ?? null));
  return m ? Number(m[1]) : undefined;
}

export interface CardTally {
  /** Alerts that should have a card. */
  expected: number;
  /** Root alert cards in the channel (digests not counted). */
  cards: number;
  /** Alert ids with more than one root card, and their card ids (oldest first). */
  duplicates: Array<{ alertId: string; activityIds: string[] }>;
  /** Expected alert ids without a root card. */
  missed: string[];
  /** Root cards about alerts nobody expected (another run's, or a bug). */
  unexpected: string[];
  /** The digest cards, each in its latest version. */
  digests: ConnectorMessage[];
  /** Sum of the alerts the digests stand for (their latest versions). */
  digested: number;
}

/** Tallies the root cards of one channel against the alert ids that should have one. */
export function tallyCards(roots: readonly ConnectorMessage[], expectedIds: Iterable<string>): CardTally {
  const expected = new Set(expectedIds);
  const byAlert = new Map<string, string[]>();
  const digests: ConnectorMessage[] = [];
  for (const m of roots) {
    if (m.deleted) continue;
    const id = alertIdOfCard(m.card);
    if (id) byAlert.set(id, [...(byAlert.get(id) ?? []), m.activityId]);
    else if (digestTotal(m.card) !== undefined) digests.push(m);
  }
  const duplicates = [...byAlert]
    .filter(([, ids]) => ids.length > 1)
    .map(([alertId, activityIds]) => ({ alertId, activityIds }));
  return {
    expected: expected.size,
    cards: [...byAlert.values()].reduce((n, ids) => n + ids.length, 0),
    duplicates,
    missed: [...expected].filter((id) => !byAlert.has(id)),
    unexpected: [...byAlert.keys()].filter((id) => !expected.has(id)),
    digests,
    digested: digests.reduce((n, d) => n + (digestTotal(d.card) ?? 0), 0),
  };
}

/** The words a card shows: every TextBlock/TextRun `text` and FactSet fact, in order, on one line. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n.text === 'string') out.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string') out.push(`${n.title}: ${n.value}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'text' && k !== 'fallbackText') walk(v);
  };
  walk(card);
  return out.join(' ').replace(/\s+/g, ' ').trim();
}
