import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Store } from '../store/types';
import type { AuditEntry } from './types';
import { AUDIT_PREFIX as PREFIX } from '../records';

/** Every analyst action, who/what/which alert/when/result, kept in the store. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const now = this.clock.now();
    const key = `${PREFIX}${String(now).padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
    await this.store.put(key, { ...entry, at: new Date(now).toISOString() } satisfies AuditEntry);
  }

  /**
   * Newest first; with `alertId`, only that alert's entries, and with `keep` only the entries it keeps
   * (either: among the latest 1,000).
   */
  async recent(alertId?: string, limit = 20, keep?: (e: AuditEntry) => boolean): Promise<AuditEntry[]> {
    const filtered = alertId !== undefined || keep !== undefined;
    const items = await this.store.list<AuditEntry>(PREFIX, {
      reverse: true,
      limit: filtered ? 1000 : limit,
    });
    return items
      .map((i) => i.value)
      .filter((e) => (!alertId || e.alertId === alertId) && (!keep || keep(e)))
      .slice(0, limit);
  }
}
