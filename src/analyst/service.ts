import type { AlertReadModel } from '../alerts';
import type { Clock } from '../clock';
import type { TrackedAlert } from '../correlation';
import { CardActionError, errorMessage } from '../errors';
import type { SensitiveInfoResult } from '../graph';
import type { AlertComment, AlertUpdate, SecurityAlert } from '../model';
import type { Logger } from '../log';
import { updateRecord } from '../store/update';
import { cardKey, emptyCardRecord, type CardRecord } from '../records';
import type { Store } from '../store/types';
import { composeEnrichment } from './enrichment';
import { classifyWithReason, reopen, resolveWithReason, type TriageForm } from './resolution';
import { triagePatch } from './triage';
import type { Analyst } from './types';

/** The Graph operations analysts' actions use (the GraphSecurityClient, or a fake in tests). */
export interface AlertWriter {
  getAlert(id: string): Promise<SecurityAlert | undefined>;
  addComment(id: string, text: string): Promise<AlertComment[]>;
  updateAlert(id: string, update: AlertUpdate): Promise<SecurityAlert>;
}

export interface AnalystDeps {
  graph: AlertWriter;
  /** Sensitive info types of one DLP alert (advanced hunting, audit record, additionalData). */
  sensitiveInfo: (dlp: TrackedAlert) => Promise<SensitiveInfoResult>;
  alerts: AlertReadModel;
  store: Store;
  /** Queues the refresh of the alert's channel cards. */
  refreshCards: (alertId: string) => Promise<void>;
  clock: Clock;
  logger: Logger;
}

export type EnrichOutcome =
  { status: 'commented'; dlpAlertIds: string[]; comment: string } | { status: 'unchanged'; reason: string };

/** The most DLP alerts whose sensitive info types are read for one view (bounded hunting calls). */
export const MAX_SIT_ALERTS = 10;

/**
 * What analysts do to an alert, independent of Teams: every write goes to Microsoft Graph, is attributed
 * to the analyst by name in the text (app-only writes are credited to the app), and refreshes the cards.
 * Authorization happens before these are called.
 */
export class AnalystService {
  constructor(private readonly deps: AnalystDeps) {}

  /** A correlated Defender alert, or a clear error an analyst can act on. */
  async requireCorrelated(alertId: string): Promise<TrackedAlert> {
    const alert = await this.deps.alerts.tracked(alertId);
    if (!alert || alert.isDlp || !(alert.matches?.length ?? 0))
      throw new CardActionError(
        `Alert ${alertId} is not a correlated Defender alert this bot tracks. Use /alerts to list them.`,
        'not_found',
      );
    return alert;
  }

  /**
   * Adds ONE comment to the Defender alert summarising its DLP context. Idempotent: the DLP alerts already
   * commented are skipped; new ones later get a shorter comment of their own. Concurrent clicks are settled
   * by claiming the DLP ids in the card record (eTag-conditional) before posting.
   */
  async enrich(alertId: string, who: Analyst): Promise<EnrichOutcome> {
    const alert = await this.requireCorrelated(alertId);
    const all = (alert.matches ?? []).map((m) => m.dlpAlertId);
    let claimed: string[] = [];
    let previous: CardRecord['enrichment'];
    const at = new Date(this.deps.clock.now()).toISOString();
    const by = { name: who.name, upn: who.upn };
    await updateRecord<CardRecord>(
      this.deps.store,
      cardKey(alertId),
      () => emptyCardRecord(alertId),
      (rec) => {
        previous = rec.enrichment;
        const done = new Set(rec.enrichment?.dlpIds ?? []);
        claimed = all.filter((id) => !done.has(id));
        if (claimed.length === 0) return rec;
        return {
          ...rec,
          enrichment: { by, at, dlpIds: [...done, ...claimed] },
        };
      },
    );
    if (claimed.length === 0)
      return {
        status: 'unchanged',
        reason: 'Every correlated DLP alert is already in an enrichment comment.',
      };
    let comment: string;
    let comments: AlertComment[];
    try {
      const dlps = await Promise.all(claimed.map((id) => this.deps.alerts.tracked(id)));
      const sits = await this.sitsFor(dlps.filter((d): d is TrackedAlert => !!d).slice(0, MAX_SIT_ALERTS));
      comment = composeEnrichment({ alert, newDlp: dlps, sits, who, followUp: !!previous, at });
      comments = await this.deps.graph.addComment(alertId, comment);
    } catch (err) {
      await this.releaseClaim(alertId, claimed, previous, { by, at });
      throw err;
    }
    await this.afterWrite(alertId, comments);
    return { status: 'commented', dlpAlertIds: claimed, comment };
  }

  /** Sensitive info types per correlated DLP alert (types, counts, confidence; never detected values). */
  async sensitiveInfo(
    alertId: string,
  ): Promise<{ alert: TrackedAlert; results: Array<{ dlp: TrackedAlert; info: SensitiveInfoResult }> }> {
    const alert = await this.requireCorrelated(alertId);
    const dlps = (
      await Promise.all(
        (alert.matches ?? []).slice(0, MAX_SIT_ALERTS).map((m) => this.deps.alerts.tracked(m.dlpAlertId)),
      )
    ).filter((d): d is TrackedAlert => !!d);
    const infos = await this.sitsFor(dlps);
    return { alert, results: dlps.map((dlp, i) => ({ dlp, info: infos[i]! })) };
  }

  async comment(alertId: string, who: Analyst, text: string): Promise<void> {
    await this.requireCorrelated(alertId);
    const attributed = `${text}\n\n— ${who.name}${who.upn ? ` (${who.upn})` : ''} via defender-dlp-bot`;
    const comments = await this.deps.graph.addComment(alertId, attributed);
    await this.afterWrite(alertId, comments);
  }

  /** Status / classification / determination / assignment through PATCH (only those, real enum values). */
  async triage(alertId: string, update: AlertUpdate): Promise<SecurityAlert> {
    const patch = triagePatch(update);
    await this.requireCorrelated(alertId);
    const updated = await this.deps.graph.updateAlert(alertId, patch);
    await this.deps.alerts.applyGraphAlert(updated);
    await this.deps.refreshCards(alertId);
    return updated;
  }

  async assignToMe(alertId: string, who: Analyst): Promise<SecurityAlert> {
    if (!who.upn)
      throw new CardActionError(
        'Your UPN is unknown to the bot (Teams did not share it), so it cannot assign the alert to you.',
      );
    return this.triage(alertId, { assignedTo: who.upn });
  }

  /** Resolves with classification, determination and a reason (PATCH, then the reason as a comment). */
  async resolve(alertId: string, who: Analyst, form: TriageForm): Promise<SecurityAlert> {
    return resolveWithReason(this, alertId, who, form, new Date(this.deps.clock.now()).toISOString());
  }

  /** Classifies (PATCH), then posts the reason, when given, as a comment naming the analyst. */
  async classify(alertId: string, who: Analyst, form: TriageForm): Promise<SecurityAlert> {
    return classifyWithReason(this, alertId, who, form);
  }

  /** Reopens a resolved alert (status inProgress) and forgets the card's resolution. */
  async reopen(alertId: string): Promise<SecurityAlert> {
    return reopen(this, alertId);
  }

  /** Records (or, with undefined, clears) the resolution a card shows. */
  async setResolution(alertId: string, resolution: CardRecord['resolution'] | undefined): Promise<void> {
    await updateRecord<CardRecord>(
      this.deps.store,
      cardKey(alertId),
      () => emptyCardRecord(alertId),
      (rec) => ({ ...rec, resolution }),
    );
  }

  /** Re-reads the alert from Graph and redraws. */
  async refresh(alertId: string): Promise<void> {
    await this.requireCorrelated(alertId);
    const fresh = await this.deps.graph.getAlert(alertId);
    if (!fresh) throw new CardActionError(`Graph no longer knows alert ${alertId}.`, 'not_found');
    await this.deps.alerts.applyGraphAlert(fresh);
    await this.deps.refreshCards(alertId);
  }

  /** Re-renders the alert's cards; failures are logged (used after work that outlived its deadline). */
  async refreshCardsQuietly(alertId: string): Promise<void> {
    await this.deps
      .refreshCards(alertId)
      .catch((err: unknown) =>
        this.deps.logger.warn({ alertId, err: (err as Error).message }, 'could not queue the card refresh'),
      );
  }

  /** Shows `banner` on the alert's cards (e.g. a failure in plain words); undefined clears it. */
  async setBanner(alertId: string, banner: CardRecord['banner'] | undefined): Promise<void> {
    await updateRecord<CardRecord>(
      this.deps.store,
      cardKey(alertId),
      () => emptyCardRecord(alertId),
      (rec) => ({ ...rec, banner }),
    );
  }

  private async sitsFor(dlps: TrackedAlert[]): Promise<SensitiveInfoResult[]> {
    return Promise.all(
      dlps.map((d) =>
        this.deps.sensitiveInfo(d).catch((err: unknown): SensitiveInfoResult => ({
          dlpAlertId: d.id,
          source: 'none',
          types: [],
          reason: `could not read sensitive info types: ${(err as Error).message}`,
        })),
      ),
    );
  }

  /**
   * Shows a posted comment on the cards. The comment is in Defender already: a failure here is logged, not
   * thrown, or the analyst would be told to retry and post it twice (the poller shows it later anyway).
   */
  private async afterWrite(alertId: string, comments: AlertComment[]): Promise<void> {
    try {
      await this.deps.alerts.applyComments(alertId, comments);
      await this.deps.refreshCards(alertId);
    } catch (err) {
      this.deps.logger.warn(
        { alertId, err: errorMessage(err) },
        'comment posted, but the cards were not refreshed',
      );
    }
  }

  /** Gives back the DLP ids this click claimed; claims other clicks made meanwhile stay. */
  private async releaseClaim(
    alertId: string,
    claimed: string[],
    previous: CardRecord['enrichment'],
    mine: { by: { name: string; upn?: string }; at: string },
  ): Promise<void> {
    await updateRecord<CardRecord>(
      this.deps.store,
      cardKey(alertId),
      () => emptyCardRecord(alertId),
      (rec) => ({ ...rec, enrichment: withoutClaim(rec.enrichment, claimed, previous, mine) }),
    ).catch((err: unknown) =>
      this.deps.logger.error(
        { alertId, err: (err as Error).message },
        'could not release the enrichment claim',
      ),
    );
  }
}

/**
 * The enrichment record without `claimed`. Its author and time go back to `previous` only when the record
 * still carries this click's own claim; a later click's claim keeps its own.
 */
function withoutClaim(
  current: CardRecord['enrichment'],
  claimed: string[],
  previous: CardRecord['enrichment'],
  mine: { by: { name: string; upn?: string }; at: string },
): CardRecord['enrichment'] {
  if (!current) return undefined;
  const dlpIds = current.dlpIds.filter((id) => !claimed.includes(id));
  if (dlpIds.length === 0) return undefined;
  const stillMine =
    current.at === mine.at && current.by.name === mine.by.name && current.by.upn === mine.by.upn;
  return { ...(stillMine && previous ? previous : current), dlpIds };
}
