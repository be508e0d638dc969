/**
 * What issue 18's poll-cycle ratio could become under other write models: a measurement for
 * bench/analysis.md (poll-cycle, fourth follow-up), not one of `npm run bench`'s figures.
 *
 *   NODE_EXTRA_CA_CERTS=$PWD/.tmp/tls/cert.pem node --heap-growing-percent=50 --import tsx bench/writeModels.ts
 *
 * (`npm run bench` once first, or the simulator's certificate in .tmp/tls.) One simulator process with
 * `scale:50000`; for each run, alternated, the bare loop (bench/lib/bareLoop.ts) and one cycle per model
 * over the same pages, each with one page of look-ahead like the poller. Every model below uses the
 * product's own page parse (`parseAlertPage`) and correlation reducer (`correlate`, window search
 * included): unlike bench/lib/durableFloor.ts these are not lower bounds of any poller but what the
 * product's own engine costs when the store work is taken away step by step.
 *
 * - `parse`: download, parse, nothing else;
 * - `correlate`: + `correlate()` per page;
 * - `records`: + each touched alert's `TrackedAlert` built and `JSON.stringify`'d, not written;
 * - `segment`: + ONE SQLite row per page holding those records, with the boundary, one transaction;
 * - `rows`: one row per touched alert (today's layout, without the outbox or the etag sequence);
 * - `compactRows`: `rows` with nulls, the fingerprint and long URLs left out and identities as pairs.
 *
 * Prints one JSON line per run: milliseconds of each side and each model's ratio to the bare loop.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { correlate, createCorrelationState, trackedAlert, type TrackedAlert } from '../src/correlation';
import { alertPageUrl, type AlertPage, type AlertPageQuery } from '../src/graph/alertPages';
import { timePages, type TimePage } from '../src/graph/timePaging';
import { parseAlertPage } from '../src/model/parse';
import { bareLoop, devToken, round, startSimProcess } from './lib';

const MODELS = ['parse', 'correlate', 'records', 'segment', 'rows', 'compactRows'] as const;
type Model = (typeof MODELS)[number];

const ALERTS = Number(process.env.BENCH_ALERTS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 3);
const PAGE_SIZE = 1000;
const LOOKBACK_MS = 720 * 3600_000;
const OPTIONS = { windowMs: 30 * 60_000, retentionMs: 30 * 86_400_000 };

/** Smaller records: what a compact codec might save (not a codec: nothing reads them back). */
function compact(t: TrackedAlert): unknown {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) {
    if (v === null || k === 'fingerprint' || k === 'identities') continue;
    o[k] = (k === 'alertWebUrl' || k === 'incidentWebUrl') && typeof v === 'string' ? 1 : v;
  }
  o.i = t.identities.map((i) => (i.violator ? [i.kind, i.display, 1] : [i.kind, i.display]));
  return o;
}

/** One cycle over every page since `since` under `model`; returns its wall time in ms. */
async function cycle(model: Model, simUrl: string, token: string, since: string): Promise<number> {
  const dbPath = join(tmpdir(), `bench-write-models-${process.pid}.sqlite`);
  rmSync(dbPath, { force: true });
  const db = new Database(dbPath);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE items (key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL)');
  const put = db.prepare(
    'INSERT INTO items (key, value, version) VALUES (?, ?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version',
  );
  const commit = db.transaction((n: number, rows: Array<[string, string]>, boundary: string) => {
    for (const [key, value] of rows) put.run(key, value, n);
    put.run('watermark', boundary, n);
  });
  const headers = { authorization: `Bearer ${token}`, prefer: 'include-unknown-enum-members' };
  const fetchPage = async (q: AlertPageQuery): Promise<AlertPage> => {
    const res = await fetch(`${simUrl}/v1.0${alertPageUrl(q)}`, { headers });
    if (!res.ok) throw new Error(`write models: ${res.status} for ${alertPageUrl(q)}`);
    const body = JSON.parse(await res.text()) as { value: unknown[]; '@odata.nextLink'?: string; '@odata.count'?: number }; // prettier-ignore
    const { alerts, skipped } = parseAlertPage(body.value);
    return { alerts, skipped, received: body.value.length, hasNextLink: Boolean(body['@odata.nextLink']), count: body['@odata.count'] }; // prettier-ignore
  };
  const state = createCorrelationState();
  let pages = 0;
  let bytes = 0;
  const t0 = performance.now();
  const it = timePages(fetchPage, since, { top: PAGE_SIZE })[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<TimePage>> = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) break;
      next = it.next(); // the look-ahead: the next page downloads while this one is worked on
      const page = r.value;
      pages++;
      if (model === 'parse') continue;
      const { touched } = correlate(state, page.alerts, Date.now(), OPTIONS);
      if (model === 'correlate') continue;
      const boundary = page.readThrough ?? since;
      if (model === 'rows' || model === 'compactRows') {
        const rows = touched.map((id): [string, string] => {
          const t = trackedAlert(state, id)!;
          return [`alert/${id}`, JSON.stringify(model === 'rows' ? t : compact(t))];
        });
        commit(pages, rows, boundary);
        continue;
      }
      const segment = JSON.stringify(touched.map((id) => trackedAlert(state, id)));
      bytes += segment.length; // used, so that the work cannot be dropped
      if (model === 'segment')
        commit(pages, [[`segment/${String(pages).padStart(8, '0')}`, segment]], boundary);
    }
    if (pages === 0 || bytes < 0) throw new Error('write models: no page read');
    return performance.now() - t0;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  }
}

async function main(): Promise<void> {
  const sim = await startSimProcess({ scenario: `scale:${ALERTS}`, pageSize: PAGE_SIZE });
  try {
    const token = await devToken(sim.url);
    const since = (): string => new Date(Date.now() - LOOKBACK_MS).toISOString();
    // One untimed warm-up of each side.
    await bareLoop('write-models', sim.url, token, since(), PAGE_SIZE);
    for (const m of MODELS) await cycle(m, sim.url, token, since());
    for (let run = 0; run < RUNS; run++) {
      const raw = (await bareLoop('write-models', sim.url, token, since(), PAGE_SIZE)).ms;
      const line: Record<string, number> = { run: run + 1, rawMs: round(raw) };
      for (const m of MODELS) line[m] = round((await cycle(m, sim.url, token, since())) / raw, 2);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  } finally {
    await sim.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
