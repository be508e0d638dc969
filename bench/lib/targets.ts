/** What each benchmark is for: its title, what it compares with, how many runs, and its targets. */
import type { BenchName, CaseResult } from './types';
import { median } from './stats';

/** One criterion: `field` compared with a number or with another field of the same result. */
export interface Criterion {
  label: string;
  field: string;
  op: '<=' | '>=' | '==';
  limit: number | { field: string; plus?: number; times?: number };
  /** `median`: judged on the headline figure; `every run`: must hold in each run (guarantees). */
  on: 'median' | 'every run';
  /** Judged only on results whose details have this key (tenants: the takeover, when a replica was killed). */
  onlyWith?: string;
}

export interface BenchSpec {
  title: string;
  /** How it is measured, for the report (one paragraph, markdown). */
  method: string;
  /** How many measured runs `npm run bench` does (chosen to fit ~15 min on 2 cores). */
  runs: number;
  /** Fields of the JSON line, in order. */
  fields: string[];
  /** Facts from `details` that lead the JSON line, after `name` (the data's size). */
  jsonDetails?: string[];
  criteria: Criterion[];
  /** How a miss is explained: a CPU profile of the measured section, or the case's own breakdown. */
  explain: 'cpu-profile' | 'breakdown';
}

export const SPECS: Record<BenchName, BenchSpec> = {
  correlation: {
    title: '20k Defender × 200k DLP alerts: indexed correlation vs the nested loop and vs JSON.parse',
    method:
      "bench/correlation.ts (the correlation engineer's benchmark, used as is): `correlateBatch` (identity extraction over every evidence path, the index, the window search) over 20k Defender and 200k DLP alerts of the simulator's `scale` scenario, passed through JSON as off the wire. Same run: the seed articles' nested loop (timed on 200 Defender alerts and scaled: it is linear in them) and `JSON.parse` of the same alerts as Graph pages of 1,000; for reference, a plain identity index (bench/plainIndex.ts) and the floor (bench/floor.ts: the activity timestamps, the evidence walk and one `Map.get` per identity by its spelling as received, nothing else; the least any correct engine over parsed alerts must do). CPU time of the process.",
    runs: 3,
    jsonDetails: ['defenderAlerts', 'dlpAlerts'],
    fields: [
      'msOurs',
      'msNestedLoop',
      'msJsonParse',
      'speedupVsNestedLoop',
      'fractionOfParse',
      'msPlainIndex',
      'plainFractionOfParse',
      'msFloor',
      'floorFractionOfParse',
    ],
    criteria: [
      { label: '≥ 300× faster than the nested loop', field: 'speedupVsNestedLoop', op: '>=', limit: 300, on: 'median' }, // prettier-ignore
      { label: '≤ 10% of JSON.parse time', field: 'fractionOfParse', op: '<=', limit: 0.1, on: 'median' },
    ],
    explain: 'cpu-profile',
  },
  'poll-cycle': {
    title: 'First poll cycle over 50k changed alerts vs a bare download-and-parse loop',
    method:
      "The real service (`startService`, SQLite store in a fresh file, request budget lifted: the simulator does not throttle) polls a `scale:50000` simulator running in another process over HTTPS; every alert is in the first cycle's window. Figure: the poller's own `lastCycleDurationMs` of that first `runCycle` (time-boundary paging through the Graph client, `$top=1000`, `Prefer` on every page, parsing, correlation, one SQLite batch per page of tracked alerts + outbox + watermark, the next page fetched meanwhile). Same run, alternated with it: a bare loop (bench/lib/bareLoop.ts) that GETs the same URLs (same filter, `$orderby`, `$top`, `$count`) from the same simulator with `fetch` and `JSON.parse`s each page, nothing else. And a third side, the floor of any durable correlated cycle (bench/lib/durableFloor.ts): the same pages with one page of look-ahead, each alert's timestamps decoded and identities walked and indexed by the engine's own code, and one SQLite row per page of compact records plus the boundary in one transaction (the product's pragmas). Wall clock. One untimed warm-up of each first.",
    runs: 5,
    fields: ['msOurs', 'msRawFetch', 'ratioToRawFetch', 'msFloor', 'floorRatioToRawFetch', 'pages', 'alerts'],
    criteria: [
      { label: '≤ 1.3× the raw fetch', field: 'ratioToRawFetch', op: '<=', limit: 1.3, on: 'median' },
    ],
    explain: 'cpu-profile',
  },
  'alert-to-card': {
    title: 'Alert appearing in Graph → its card at the Bot Connector (100 alerts, 1 s poll interval)',
    method:
      "The real service (poll interval 1 s, SQLite) with one subscribed channel (`/subscribe` through /api/messages). 100 correlated pairs (a Defender alert and a DLP alert of the same user, taken from the simulator's scale scenario, one user per pair) are added to the simulator (another process) one every 600 ms, stamped `lastUpdateDateTime` = now. Figure: the simulator's clock when the pair was added → the fake Bot Connector's clock when the alert's root card was accepted (same host clock). `MAX_NEW_CARDS_PER_MINUTE` is raised to 100 so each pair gets its own card rather than a digest (that is `burst`'s subject).",
    runs: 3,
    fields: ['p50Ms', 'p95Ms', 'p99Ms', 'intervalMs', 'alerts'],
    criteria: [
      { label: 'p99 ≤ poll interval + 2 s', field: 'p99Ms', op: '<=', limit: { field: 'intervalMs', plus: 2000 }, on: 'median' }, // prettier-ignore
    ],
    explain: 'cpu-profile',
  },
  'invoke-latency': {
    title: 'Enrich and Comment card actions through /api/messages (500 invokes)',
    method:
      "The real service (SQLite) with 270 correlated pairs and a subscribed channel, outbox drained. One analyst (in `SOC_ANALYSTS`) presses Enrich and Comment alternately, one press at a time, 500 `adaptiveCard/action` invokes POSTed to /api/messages with the data the card carries (`alertId`, `cardVersion`); each answer must be a 200 with a card. Enrich posts one Graph comment per alert (each alert is enriched once), Comment posts the typed text; each action then refreshes the channel's card through the outbox. 40 warm-up invokes on other alerts are not counted. Latency = the HTTP round trip seen by the caller.",
    runs: 3,
    fields: ['p50Ms', 'p95Ms', 'p99Ms', 'invokes'],
    criteria: [{ label: 'p95 ≤ 300 ms', field: 'p95Ms', op: '<=', limit: 300, on: 'median' }],
    explain: 'cpu-profile',
  },
  burst: {
    title: '1,000 correlations at once to one channel',
    method:
      "The real service (SQLite, poll 1 s, default `MAX_NEW_CARDS_PER_MINUTE` = 20) with one subscribed channel; 1,000 correlated pairs are added to the simulator in one step. `ms`: from the add to the last Teams operation once the channel's alert cards plus the alert counts of its digest cards account for every Defender alert (read from the cards as a person would). `maxOpsPerSecond`: the fake connector's busiest 1-second window in that conversation.",
    runs: 3,
    fields: ['total', 'delivered', 'ms', 'maxOpsPerSecond'],
    criteria: [
      { label: 'every alert delivered (cards + digests)', field: 'delivered', op: '==', limit: { field: 'total' }, on: 'every run' }, // prettier-ignore
      { label: 'never above 7 operations/s per conversation', field: 'maxOpsPerSecond', op: '<=', limit: 7, on: 'every run' }, // prettier-ignore
    ],
    explain: 'cpu-profile',
  },
  memory: {
    title: 'RSS of the service tracking 100k alerts',
    method:
      "A fresh `node --expose-gc` process of the BUILT service (bench/serviceProcess.ts: `loadConfig` + `startService` from dist/, SQLite) polls a `scale:100000` simulator (another process) once, drains its outbox, then runs full GCs every 2 s until RSS stops falling; `rssMb` is that settled `process.memoryUsage().rss`. The reading right after the first GCs and the peak RSS (`resourceUsage().maxRSS`) are reported too, and the same measurement on an empty simulator gives the idle service's share.",
    runs: 3,
    fields: ['rssMb', 'peakRssMb', 'alerts'],
    criteria: [
      { label: 'RSS ≤ 150 MB', field: 'rssMb', op: '<=', limit: 150, on: 'median' },
      { label: 'peak RSS of the first poll ≤ settled RSS + 150 MB', field: 'peakRssMb', op: '<=', limit: { field: 'rssMb', plus: 150 }, on: 'median' }, // prettier-ignore
    ],
    explain: 'breakdown',
  },
  startup: {
    title: 'Process start of the built service to /readyz 200',
    method:
      '`node dist/bench/serviceProcess.js` (the built JS, no tsx: `loadConfig(process.env)` + `startService` of dist/src/main.js, the same as `node dist/src/main.js` but listening on 127.0.0.1), SQLite store in a new file, an empty simulator as Graph. Figure: spawn → the first `GET /readyz` answered 200, polled every 5 ms. One untimed start first.',
    runs: 10,
    fields: ['ms'],
    criteria: [{ label: '≤ 2 s', field: 'ms', op: '<=', limit: 2000, on: 'median' }],
    explain: 'cpu-profile',
  },
  'catch-up': {
    title: 'Catch-up: a 200k backlog through a listing that stalls every 5,000 alerts',
    method:
      "The real service (`startService`, SQLite, request budget lifted: the simulator does not throttle, `ALERT_RETENTION_DAYS=30` so no alert of the scenario's 29 days is evicted before it is counted) starts after an outage: a `scale:200000` simulator in another process whose listing stalls every 5,000 alerts served (`stallEvery`: the page is cut there and has no nextLink, though `@odata.count` says more match, as elastic/integrations#20234 reports). Figures: `missed` = alerts of the simulator the service does not track after the catch-up (its first cycle); `requests` = alerts_v2 list requests the simulator served; `pagesNeeded` = ⌈alerts ÷ 1000⌉; `stalls` = pages the simulator cut; `ratioToRawFetch` = the cycle's wall time over the bare loop's (bench/lib/bareLoop.ts: the same URLs, fetch + JSON.parse only) on the same simulator. Wall clock; alternated; one untimed warm-up of each.",
    runs: 3,
    jsonDetails: ['alerts'],
    fields: ['missed', 'requests', 'pagesNeeded', 'stalls', 'ratioToRawFetch', 'msOurs', 'msRawFetch'],
    criteria: [
      { label: 'no alert missed', field: 'missed', op: '==', limit: 0, on: 'every run' },
      { label: 'Graph requests ≤ pages needed + 1 per stall', field: 'requests', op: '<=', limit: { field: 'requestLimit' }, on: 'every run' }, // prettier-ignore
    ],
    explain: 'cpu-profile',
  },
  'steady-state': {
    title: 'Steady state: CPU per poll cycle with 100k tracked alerts vs 10k, 1k changed per cycle',
    method:
      "The real service (`startService`, SQLite, request budget lifted, `ALERT_RETENTION_DAYS=30`) first polls a `scale:N` simulator (another process) until it tracks its N alerts; then, 6 times, the simulator changes 1,000 alerts spread over the store (their `lastUpdateDateTime` moves to now) and the service runs one poll cycle (cycles 2 s apart, overlap 1 s: each cycle re-reads only its own changes at both sizes). Figure: CPU time (user + system, `process.cpuUsage`) of the service process over each cycle (`runCycle`), median of the last 5; once with N = 100,000 and once with N = 10,000. The simulator's work is in its own process and not counted.",
    runs: 1,
    jsonDetails: ['tracked', 'changedPerCycle'],
    fields: ['cpuMsPerCycle', 'cpuMsPerCycleAt10k', 'ratio'],
    criteria: [
      { label: 'CPU per cycle at 100k ≤ 1.5× at 10k', field: 'ratio', op: '<=', limit: 1.5, on: 'median' },
    ],
    explain: 'cpu-profile',
  },
  tenants: {
    title:
      '300 tenants over 1 and 3 replicas on Azure Blob leases: polls on time, takeover after a SIGKILL, no double polls',
    method:
      "Real replica processes (`node --import tsx src/main.ts`, `STORE=azure-blob` on one Azurite container, `TENANT_LEASE_SECONDS=60` (README: for hundreds of tenants), `POLL_INTERVAL_SECONDS=60`, a TENANTS_FILE of 300 tenants) poll a simulator in another process serving 300 generated tenants (each `scale:10` plus a live-feed step every minute), first with 1 replica, then with 3. Each run lasts 10 minutes from the moment every tenant is held by exactly one replica and none holds more than its fair share (start-up handovers come before it; their double polls are the detail `doublePollsWhileSettling`); in the 3-replica run one replica is SIGKILLed half-way. Figures from the simulator's request log (tenant, `x-dlpbot-replica`, time; bench/lib/tenantPolls.ts): `onTimeShare` = polls starting within 60 s + 10 s of the tenant's previous poll, out of every poll in the window plus one late poll per tenant left unpolled longer than that at the end, leaving out each killed tenant's takeover poll; `takeoverMs` = SIGKILL → the last of the killed replica's tenants' first successful list request on another replica; `doublePolls` = list requests for a tenant while another live replica had listed it within the interval (requests right after the killed replica's last ones are the takeover, reported as `takeoverRepeats`). One line per replica count.",
    runs: 1,
    jsonDetails: ['tenants', 'replicas'],
    fields: ['onTimeShare', 'takeoverMs', 'leasePeriodMs', 'doublePolls'],
    criteria: [
      // The targets are for 3 replicas (the 1-replica line is the comparison): judged on the run with a kill.
      { label: '3 replicas: ≥ 99% of polls on time', field: 'onTimeShare', op: '>=', limit: 0.99, on: 'median', onlyWith: 'killedTenants' }, // prettier-ignore
      { label: 'every tenant of a killed replica polled again within 2 lease periods', field: 'takeoverMs', op: '<=', limit: { field: 'leasePeriodMs', times: 2 }, on: 'every run', onlyWith: 'killedTenants' }, // prettier-ignore
      { label: 'no tenant polled by two replicas at once', field: 'doublePolls', op: '==', limit: 0, on: 'every run' }, // prettier-ignore
    ],
    explain: 'breakdown',
  },
};

/** The headline value of a field: the case's own figure, else the median of its runs. */
export function headline(r: CaseResult, field: string): number {
  const own = r.headline?.[field];
  if (own !== undefined) return own;
  const xs = r.samples[field];
  if (!xs || xs.length === 0) throw new Error(`${r.name}: no samples of ${field}`);
  return median(xs);
}

export interface Verdict {
  criterion: Criterion;
  met: boolean;
  /** Runs that met it, of all runs. */
  runsMet: number;
  runs: number;
  value: number;
  limit: number;
}

/**
 * A figure a run could not measure (NaN, or null once it crossed a process boundary as JSON: a takeover
 * not finished within the window, a set-up that never settled) meets no target; `null <= limit` would.
 */
function holds(op: Criterion['op'], value: number | null, limit: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return op === '<=' ? value <= limit : op === '>=' ? value >= limit : value === limit;
}

/** Judges every criterion of a result. */
export function judge(r: CaseResult): Verdict[] {
  const applies = (c: Criterion): boolean => c.onlyWith === undefined || c.onlyWith in r.details;
  return SPECS[r.name].criteria.filter(applies).map((c) => {
    const limitAt = (i?: number): number => {
      if (typeof c.limit === 'number') return c.limit;
      const base = i === undefined ? headline(r, c.limit.field) : (r.samples[c.limit.field]?.[i] ?? NaN);
      return base * (c.limit.times ?? 1) + (c.limit.plus ?? 0);
    };
    const xs = r.samples[c.field] ?? [];
    const runsMet = xs.filter((x, i) => holds(c.op, x, limitAt(i))).length;
    const value = headline(r, c.field);
    const limit = limitAt();
    const met = c.on === 'every run' ? runsMet === xs.length : holds(c.op, value, limit);
    return { criterion: c, met, runsMet, runs: xs.length, value, limit };
  });
}
