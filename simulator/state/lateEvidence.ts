import type { AlertEvidence } from '../../src/model';
import type { AlertStore } from './alertStore';

/**
 * Evidence Graph fills in after an alert was first listed. Defender raises an alert, lists it, and adds
 * entities minutes later (users, devices, mailboxes), moving its `lastUpdateDateTime`; operators of
 * comparable pollers see exactly that (the Graph reference notes: "entities fill in minutes later").
 * Held evidence is appended at the first fresh listing (a first page, not a continuation) after a listing
 * that returned the alert, so a client must poll on `lastUpdateDateTime` to ever see it.
 */
export class LateEvidence {
  private readonly held = new Map<string, AlertEvidence[]>();
  private readonly listed = new Set<string>();

  /** Holds `evidence` back from alert `alertId` until the alert has been listed once. */
  hold(alertId: string, evidence: readonly AlertEvidence[]): void {
    if (evidence.length === 0) return;
    this.held.set(alertId, [...(this.held.get(alertId) ?? []), ...evidence]);
  }

  /** How many alerts still wait for evidence. */
  get size(): number {
    return this.held.size;
  }

  /** Notes the alerts a list page returned. */
  noteListed(ids: readonly string[]): void {
    if (this.held.size === 0) return;
    for (const id of ids) if (this.held.has(id)) this.listed.add(id);
  }

  /** Appends the held evidence of every alert listed since; bumps their `lastUpdateDateTime`. */
  release(alerts: AlertStore): number {
    let n = 0;
    for (const id of this.listed) {
      const evidence = this.held.get(id);
      const alert = alerts.get(id);
      this.held.delete(id);
      if (evidence === undefined || alert === undefined) continue;
      alerts.update(id, { evidence: [...alert.evidence, ...evidence] });
      n++;
    }
    this.listed.clear();
    return n;
  }
}
