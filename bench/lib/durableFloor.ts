/**
 * The floor of a durable, correlated poll cycle: not a poller, a lower bound for one (like bench/floor.ts
 * for correlation). Whatever its design, a poller whose progress is durable per page (issue 18) must, for
 * every page, at least:
 *
 * - download and `JSON.parse` it (the bare loop, bench/lib/bareLoop.ts, does only this);
 * - find the identities and the activity time of each alert and index them (`correlationFloor`'s work:
 *   the engine's own timestamp decoder and evidence walker, one `Map` operation per identity as spelled);
 * - make what it learnt durable before moving its boundary: here the cheapest form there is, ONE row per
 *   page holding a compact record of each alert (id, lastUpdateDateTime, interval, identities) and the
 *   boundary, in one SQLite transaction on a file opened with the product's pragmas (WAL,
 *   `synchronous=NORMAL`, exclusive locking). No per-alert rows, no outbox, no conditions, no window
 *   search, no explanations.
 *
 * It fetches page N+1 while it works on page N (one page of look-ahead, as the poller does). Every
 * shortcut makes the figure lower, never higher: if this costs more than 1.3× the bare loop on this
 * machine, no durable poller in JavaScript can meet issue 18's ratio here.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { alertPageUrl, type AlertPage, type AlertPageQuery } from '../../src/graph/alertPages';
import { timePages, type TimePage } from '../../src/graph/timePaging';
import { activityInterval } from '../../src/correlation/time';
import { RawIdentities, collectIdentities } from '../../src/correlation/walk';
import type { SecurityAlert } from '../../src/model';
import type { BareLoopResult } from './bareLoop';

export interface FloorResult extends BareLoopResult {
  /** A number derived from everything indexed, so that the optimizer cannot drop the work. */
  checksum: number;
}

/** Every page changed since `since`, by the product's paging, made durable the cheapest way. */
export async function durableFloor(
  simUrl: string,
  token: string,
  since: string,
  top: number,
  dbPath: string,
): Promise<FloorResult> {
  rmSync(dbPath, { force: true });
  const db = new Database(dbPath);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE items (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  const put = db.prepare('INSERT OR REPLACE INTO items (key, value) VALUES (?, ?)');
  const commit = db.transaction((n: number, records: string, boundary: string) => {
    put.run(`page/${String(n).padStart(8, '0')}`, records);
    put.run('watermark', boundary);
  });
  const headers = { authorization: `Bearer ${token}`, prefer: 'include-unknown-enum-members' };
  const fetchPage = async (q: AlertPageQuery): Promise<AlertPage> => {
    const res = await fetch(`${simUrl}/v1.0${alertPageUrl(q)}`, { headers });
    if (!res.ok) throw new Error(`durable floor: ${res.status} for ${alertPageUrl(q)}`);
    const body = JSON.parse(await res.text()) as { value: SecurityAlert[]; '@odata.nextLink'?: string; '@odata.count'?: number }; // prettier-ignore
    const value = body.value;
    return { alerts: value, skipped: 0, received: value.length, hasNextLink: Boolean(body['@odata.nextLink']), count: body['@odata.count'] }; // prettier-ignore
  };
  const raw = new RawIdentities();
  const iv = { start: NaN, end: NaN };
  const known = new Map<string, number>();
  let checksum = 0;
  let pages = 0;
  let alerts = 0;
  const t0 = performance.now();
  const it = timePages(fetchPage, since, { top })[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<TimePage>> = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) break;
      next = it.next(); // the look-ahead: the next page downloads while this one is worked on
      const page = r.value;
      const records: unknown[] = [];
      for (const a of page.alerts) {
        activityInterval(a, iv);
        collectIdentities(a.evidence, raw, a.serviceSource === 'dataLossPrevention');
        const ids: string[] = [];
        for (let i = 0; i < raw.n; i++) {
          const id = raw.values[i] as string;
          ids.push(id);
          const seen = known.get(id);
          if (seen !== undefined) checksum += seen;
          known.set(id, alerts);
        }
        records.push({ id: a.id, u: a.lastUpdateDateTime, s: iv.start, e: iv.end, k: ids });
        alerts++;
      }
      commit(pages, JSON.stringify(records), page.readThrough ?? since);
      pages++;
    }
    return { ms: performance.now() - t0, pages, alerts, checksum };
  } finally {
    db.close();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
  }
}
