import type { AlertComment, SecurityAlert } from '../../src/model';
import { sortNewestFirst } from '../scenario';
import { compareInstant, formatInstant, type Instant, instantOf } from '../time';

/**
 * The simulated tenant's alerts. Alerts are never mutated in place: every change stores a new object,
 * so arrays handed out earlier (pages, `all()`) stay consistent. Listing order (newest first) and the
 * results of a filter are cached per version, which makes paging through 250,000 alerts cheap.
 */
export class AlertStore {
  private readonly byId = new Map<string, SecurityAlert>();
  private ordered: SecurityAlert[] | undefined;
  private version = 0;
  private readonly listCache = new Map<string, { version: number; items: unknown[] }>();
  private lastStamp: Instant = { ms: 0, sub: 0 };

  constructor(private readonly now: () => number) {}

  /** Every alert, most recent first. */
  all(): SecurityAlert[] {
    this.ordered ??= sortNewestFirst([...this.byId.values()]);
    return this.ordered;
  }

  get(id: string): SecurityAlert | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Adds or replaces an alert (as given: timestamps are not bumped). Throws on an unusable alert. */
  add(alert: SecurityAlert): void {
    checkAlert(alert);
    this.byId.set(alert.id, {
      ...alert,
      comments: [...(alert.comments ?? [])],
      evidence: alert.evidence ?? [],
    });
    this.changed();
  }

  /** Adds many at once (scenario load): one re-sort instead of one per alert. */
  addMany(alerts: readonly SecurityAlert[]): void {
    for (const a of alerts) {
      checkAlert(a);
      this.byId.set(a.id, a);
    }
    this.changed();
  }

  /**
   * Applies `patch` and bumps `lastUpdateDateTime` (strictly increasing across the store); becoming
   * `resolved` sets `resolvedDateTime`. Throws when the alert does not exist.
   */
  update(id: string, patch: Partial<SecurityAlert>): SecurityAlert {
    const old = this.byId.get(id);
    if (!old) throw new Error(`No alert with id '${id}'.`);
    const stamp = this.nextStamp();
    const next: SecurityAlert = { ...old, ...patch, id, lastUpdateDateTime: stamp };
    if (patch.status === 'resolved' && old.status !== 'resolved') next.resolvedDateTime = stamp;
    if (patch.status !== undefined && patch.status !== 'resolved') next.resolvedDateTime = null;
    this.byId.set(id, next);
    this.changed();
    return next;
  }

  remove(id: string): boolean {
    const had = this.byId.delete(id);
    if (had) this.changed();
    return had;
  }

  /** Appends a comment and bumps `lastUpdateDateTime`; returns the alert's whole comment list. */
  addComment(id: string, comment: string, createdByDisplayName: string): AlertComment[] {
    const old = this.byId.get(id);
    if (!old) throw new Error(`No alert with id '${id}'.`);
    const createdDateTime = this.nextStamp();
    const comments = [...(old.comments ?? []), { comment, createdByDisplayName, createdDateTime }];
    this.byId.set(id, { ...old, comments, lastUpdateDateTime: createdDateTime });
    this.changed();
    return comments;
  }

  /**
   * A derived list (a filtered view, incidents) cached until the next change. `key` must identify
   * everything the list depends on besides the alerts.
   */
  derived<T>(key: string, build: () => T[]): T[] {
    const hit = this.listCache.get(key);
    if (hit && hit.version === this.version) return hit.items as T[];
    if (this.listCache.size > 32) this.listCache.clear();
    const items = build();
    this.listCache.set(key, { version: this.version, items });
    return items;
  }

  private changed(): void {
    this.version++;
    this.ordered = undefined;
  }

  /** A Graph-style timestamp from the clock, later than every stamp this store gave before. */
  private nextStamp(): string {
    let t: Instant = { ms: Math.floor(this.now()), sub: 0 };
    if (compareInstant(t, this.lastStamp) <= 0) {
      t =
        this.lastStamp.sub < 9999
          ? { ms: this.lastStamp.ms, sub: this.lastStamp.sub + 1 }
          : { ms: this.lastStamp.ms + 1, sub: 0 };
    }
    this.lastStamp = t;
    return formatInstant(t);
  }
}

function checkAlert(a: SecurityAlert): void {
  if (typeof a !== 'object' || a === null) throw new Error('An alert must be an object.');
  if (typeof a.id !== 'string' || a.id === '') throw new Error('An alert needs a non-empty string id.');
  for (const key of ['createdDateTime', 'lastUpdateDateTime'] as const) {
    if (!instantOf(a[key]))
      throw new Error(`Alert '${a.id}': ${key} must be an ISO 8601 date-time, got ${String(a[key])}.`);
  }
}
