import { AuditLog, type AuditEntry } from '../analyst';
import type { Clock } from '../clock';
import type { Store } from '../store/types';

/**
 * The audit log that also counts each entry (`dlpbot_actions_total{action, result}`): every analyst
 * action, card verb or slash command, allowed, refused or failed, passes through the audit log once.
 */
export class MeteredAuditLog extends AuditLog {
  constructor(
    store: Store,
    clock: Clock,
    private readonly count: (action: string, result: AuditEntry['result']) => void,
  ) {
    super(store, clock);
  }

  override async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    try {
      await super.record(entry);
    } finally {
      // The action happened even when its audit line could not be written.
      this.count(entry.action, entry.result);
    }
  }
}
