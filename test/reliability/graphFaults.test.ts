/**
 * Graph failing the poller in every way Graph fails: throttling with and without Retry-After, 503/504
 * bursts, an attempt that outlives the client timeout, a connection dropped in the middle of a page, an
 * empty page that still has a nextLink, and a token the service says has expired. Each case adds fresh
 * correlated pairs just before the fault: the cycle completes or is retried later, the watermark never
 * skips them, and every alert gets exactly one card.
 */
import type { Fault } from '../../simulator';
import { eventually, startStack, type Stack } from '../helpers/stack';
import { addPairs } from './support/alerts';
import { tallyCards } from './support/cards';
import { FULL, SIZES } from './support/mode';
import { secs, table, writeSection } from './support/report';
import { DEFAULT_CHANNEL_ID, subscribe } from './support/teams';

const TOKEN_TTL_SECONDS = 10;
const LIST = 'security/alerts_v2$';

interface FaultCase {
  name: string;
  /** Injects the fault (or changes the simulator) right after the case's alerts were added. */
  inject: (stack: Stack) => void;
  /** How the simulator's answers show the fault was met (the recorded status). */
  seen: (status: number) => boolean;
  full?: boolean;
}

const status = (s: 401 | 429 | 500 | 503 | 504, count: number, retryAfterSeconds?: number): Fault => ({
  kind: 'status',
  status: s,
  count,
  match: LIST,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

/** Moves the simulator's clock; a token it issued `TOKEN_TTL_SECONDS` ago is then expired for it. */
let skewMs = 0;

const CASES: FaultCase[] = [
  { name: '429 with Retry-After: 2, twice', inject: (s) => s.sim.faults.inject(status(429, 2, 2)), seen: (x) => x === 429 }, // prettier-ignore
  {
    name: '429 without Retry-After',
    inject: (s) => s.sim.faults.inject(status(429, 1)),
    seen: (x) => x === 429,
    full: true,
  },
  { name: "429 five times in a row (beyond the client's 3 retries)", inject: (s) => s.sim.faults.inject(status(429, 5, 1)), seen: (x) => x === 429 }, // prettier-ignore
  { name: `503 burst (${FULL ? 6 : 1} in a row)`, inject: (s) => s.sim.faults.inject(status(503, FULL ? 6 : 1)), seen: (x) => x === 503 }, // prettier-ignore
  { name: '504 burst (6 in a row)', inject: (s) => s.sim.faults.inject(status(504, 6)), seen: (x) => x === 504, full: true }, // prettier-ignore
  { name: '500 twice (not retried by the client: the cycle fails)', inject: (s) => s.sim.faults.inject(status(500, 2)), seen: (x) => x === 500, full: true }, // prettier-ignore
  {
    name: 'latency of 35 s, beyond the 30 s client timeout',
    inject: (s) => s.sim.faults.inject({ kind: 'latency', ms: 35_000, count: 1, match: LIST }),
    seen: () => true,
    full: true,
  },
  { name: 'connection dropped mid-page (half a body)', inject: (s) => s.sim.faults.inject({ kind: 'drop', count: 1, match: LIST }), seen: (x) => x === 0 }, // prettier-ignore
  { name: 'connection dropped twice in a row', inject: (s) => s.sim.faults.inject({ kind: 'drop', count: 2, match: LIST }), seen: (x) => x === 0, full: true }, // prettier-ignore
  { name: 'empty page with a nextLink, twice', inject: (s) => s.sim.faults.inject({ kind: 'emptyPageWithNextLink', count: 2, match: LIST }), seen: () => true }, // prettier-ignore
  { name: 'one 401 (token refused once)', inject: (s) => s.sim.faults.inject(status(401, 1)), seen: (x) => x === 401, full: true }, // prettier-ignore
  {
    name: 'expired token: 401 until the credential fetches a fresh one',
    inject: () => void (skewMs += (TOKEN_TTL_SECONDS + 1) * 1000),
    seen: (x) => x === 401,
  },
];

let stack: Stack;
const expected = new Set<string>();
const rows: unknown[][] = [];
const t0 = Date.now();

beforeAll(async () => {
  stack = await startStack({
    env: { POLL_INTERVAL_SECONDS: '1', LOG_LEVEL: 'info', MAX_NEW_CARDS_PER_MINUTE: '1000' },
    simulator: {
      pageSize: 4,
      throttle: false,
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      now: () => Date.now() + skewMs,
    },
  });
  await subscribe(stack.post, stack.connector.url);
});
afterAll(async () => {
  await stack?.stop();
});

/** Attempts beyond the first of every alerts_v2 request (its one log line carries `attempts`). */
function retriesIn(lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) {
    if (!line.includes('"operation":"listAlerts"') || !line.includes('"attempts"')) continue;
    n += Math.max(0, ((JSON.parse(line) as { attempts?: number }).attempts ?? 1) - 1);
  }
  return n;
}

/** `[429, 429, 200, 200, 200]` → `429 ×2, 200 ×3`. */
function statusRun(statuses: number[]): string {
  const runs: Array<[number, number]> = [];
  for (const st of statuses) {
    const last = runs[runs.length - 1];
    if (last && last[0] === st) last[1]++;
    else runs.push([st, 1]);
  }
  return runs.map(([st, n]) => `${st === 0 ? 'dropped' : st} ×${n}`).join(', ');
}

const cases = CASES.filter((c) => FULL || !c.full);

/**
 * Resolves just after a poll cycle ended, while the poller sleeps (1 s): alerts added and a fault injected
 * now are met by the same next cycle, so the fault is on the path of exactly those alerts.
 */
async function quietPoint(s: Stack): Promise<void> {
  const cycles = s.bot.poller.status().cycles;
  while (s.bot.poller.status().cycles === cycles) await new Promise((r) => setTimeout(r, 2));
}

it.each(cases.map((c, i) => [c.name, c, i] as const))(
  '%s: the alerts still get their cards',
  async (_n, c, i) => {
    await quietPoint(stack);
    const started = Date.now();
    const requestsBefore = stack.sim.requests().length;
    const logsBefore = stack.logs.length;
    const pairs = await addPairs(stack.sim.alerts, `g${i}`, 0, SIZES.graphPairsPerCase);
    c.inject(stack);
    for (const p of pairs) expected.add(p.defender.id);
    const ids = pairs.map((p) => p.defender.id);
    await eventually(
      () => tallyCards(stack.connector.cardsIn(DEFAULT_CHANNEL_ID), ids).missed.length === 0,
      180_000,
      `the cards of case "${c.name}"`,
    );
    const answers = stack.sim
      .requests()
      .slice(requestsBefore)
      .filter((r) => r.path.endsWith('/alerts_v2'));
    const faulted = answers.filter((r) => r.status !== 200).length;
    const failedCycles = stack.logs.slice(logsBefore).filter((l) => l.includes('poll cycle failed')).length;
    const retries = retriesIn(stack.logs.slice(logsBefore));
    rows.push([c.name, statusRun(answers.map((r) => r.status)), faulted, retries, failedCycles, secs(Date.now() - started)]); // prettier-ignore
    expect(answers.some((r) => c.seen(r.status))).toBe(true);
  },
  240_000,
);

it('posted every alert of every case exactly once', async () => {
  await new Promise((r) => setTimeout(r, 3000)); // a few more cycles: a late duplicate would show now
  const tally = tallyCards(stack.connector.cardsIn(DEFAULT_CHANNEL_ID), expected);
  await writeSection(
    'graphFaults',
    `The in-process service polls the simulator every second (pages of 4 alerts, tokens valid
${TOKEN_TTL_SECONDS} s); each case adds ${SIZES.graphPairsPerCase} correlated pairs, then injects the fault on
\`GET /v1.0/security/alerts_v2\` just after a poll cycle ended, so the next cycle (the one that reads the
new pairs) meets it. "Client retries" are attempts beyond the first within one request (the Graph
client's RetryHandler: 429/503/504, 3 at most, honouring Retry-After; the transport: one retry of a
network failure). "Failed cycles" are poll cycles that gave up and were retried by the poller with
back-off, the watermark unchanged. The expired token is made by moving the simulator's clock past the
token's lifetime: Graph answers 401 until the credential's cache fetches a fresh token (the bot refreshes
on its own schedule, a tenth of the lifetime before expiry; a 401 does not force a refresh). A retry
re-sends the token of its first attempt: with this run's 10 s tokens a back-off can outlive it, which
shows as a 401 in another case's row; that cycle fails and the next one has a fresh token.

${table(['fault', 'list answers in order', 'faulted answers', 'client retries', 'failed cycles', 'time to the cards'], rows)}

${table(
  ['figure', 'value'],
  [
    ['alerts that should have produced a card', tally.expected],
    ['root cards', tally.cards],
    ['missed', tally.missed.length],
    ['duplicates', tally.duplicates.length],
  ],
)}`,
    Date.now() - t0,
  );
  expect(tally.missed).toEqual([]);
  expect(tally.duplicates).toEqual([]);
  expect(tally.unexpected).toEqual([]);
});
