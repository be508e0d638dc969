/**
 * A burst of correlations at once to one channel (1,000 in the full form, 150 in npm test): every alert
 * ends up in a root card of its own or in a digest card, Teams is never asked for more than 7
 * operations per second in the channel, and past MAX_NEW_CARDS_PER_MINUTE the channel gets digests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardRecord } from '../../src/records';
import type { DigestRecord } from '../../src/notify/digest';
import { openSqliteStore } from '../../src/store';
import type { ConnectorMessage } from '../helpers/fakeConnector';
import { eventually, startStack, type Stack } from '../helpers/stack';
import { addPairs } from './support/alerts';
import { tallyCards, type CardTally } from './support/cards';
import { SIZES } from './support/mode';
import { secs, table, writeSection } from './support/report';
import { DEFAULT_CHANNEL_ID, subscribe } from './support/teams';

const N = SIZES.burstPairs;
const PER_MINUTE = 20;

let stack: Stack | undefined;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reliability-burst-'));
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Reads what the store says became of each alert: its own card, or a digest (and which one). */
async function fates(path: string, ids: string[]) {
  const store = openSqliteStore(path);
  try {
    const cards = new Map((await store.list<CardRecord>('card/')).map((i) => [i.value.alertId, i.value]));
    const digests = new Map((await store.list<DigestRecord>('digest/')).map((i) => [i.key, i.value]));
    return ids.map((id) => {
      const post = Object.values(cards.get(id)?.posts ?? {})[0];
      const digest = post?.digestKey ? digests.get(post.digestKey) : undefined;
      return {
        id,
        state: post?.state ?? 'none',
        rootActivityId: post?.rootActivityId,
        digest: digest && { activityId: digest.activityId, listed: digest.alertIds.includes(id), shown: digest.shownCount === digest.alertIds.length }, // prettier-ignore
      };
    });
  } finally {
    await store.close();
  }
}

/**
 * The alerts that are neither `posted` with a root card that exists in the channel, nor `digested` into a
 * digest card that lists them, shows its latest count and exists in the channel.
 */
async function undelivered(path: string, ids: string[], channel: ConnectorMessage[]) {
  const roots = new Set(channel.map((m) => m.activityId));
  return (await fates(path, ids)).filter(
    (f) =>
      !(f.state === 'posted' && f.rootActivityId && roots.has(f.rootActivityId)) &&
      !(f.state === 'digested' && f.digest?.listed && f.digest.shown && roots.has(f.digest.activityId ?? '')),
  );
}

it(`delivers ${N} simultaneous correlations completely, in root cards and digests, at most 7 operations per second`, async () => {
  const t0 = Date.now();
  const dbPath = join(dir, 'bot.db');
  stack = await startStack({
    env: {
      STORE: `sqlite:${dbPath}`,
      POLL_INTERVAL_SECONDS: '2',
      MAX_NEW_CARDS_PER_MINUTE: String(PER_MINUTE),
      LOG_LEVEL: 'info',
    },
    simulator: { pageSize: 200, throttle: false },
  });
  const s = stack;
  await subscribe(s.post, s.connector.url);
  const pairs = await addPairs(s.sim.alerts, 'burst', 0, N);
  const ids = pairs.map((p) => p.defender.id);
  const added = Date.now();
  const complete = (t: CardTally) => t.cards + t.digested >= N && s.bot.notifier.status().pending === 0;
  const tally = await eventually(
    () => {
      const t = tallyCards(s.connector.cardsIn(DEFAULT_CHANNEL_ID), ids);
      return complete(t) && t;
    },
    600_000,
    `${N} alerts delivered`,
  );
  const deliveredMs = Date.now() - added;
  const peak = s.connector.maxOpsPerSecond(DEFAULT_CHANNEL_ID);
  const ops = s.connector.activities({ conversationId: DEFAULT_CHANNEL_ID });
  const rejected = s.connector.rejected().length;
  await s.stop();
  stack = undefined;
  const lost = await undelivered(dbPath, ids, s.connector.cardsIn(DEFAULT_CHANNEL_ID));

  const figures = { tally, lost: lost.length, ops: ops.length, peak, rejected, deliveredMs };
  await writeSection('burst', report(figures), Date.now() - t0);
  expect(lost.map((f) => f.id)).toEqual([]);
  expect(tally.duplicates).toEqual([]);
  expect(tally.cards + tally.digested).toBe(N);
  expect(tally.digests.length).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(7);
}, 900_000);

function report(f: {
  tally: CardTally;
  lost: number;
  ops: number;
  peak: number;
  rejected: number;
  deliveredMs: number;
}): string {
  return `${N} correlated pairs (${2 * N} alerts) are added to the simulator at once; one channel is subscribed with
\`/subscribe\`; MAX_NEW_CARDS_PER_MINUTE=${PER_MINUTE}; the in-process service on a SQLite store, poll every 2 s,
the simulator serving pages of 200. Completeness is read from the store (each alert's post is \`posted\`
with a root card that exists in the channel, or \`digested\` into a digest card that lists it and shows
its latest count) and from the channel.

${table(
  ['figure', 'value'],
  [
    ['correlations', N],
    ['root alert cards', f.tally.cards],
    ['digest cards', f.tally.digests.length],
    ['alerts in digests (latest digest versions)', f.tally.digested],
    ['alerts neither in a root card nor in a digest', f.lost],
    ['duplicate root cards', f.tally.duplicates.length],
    ['Teams operations in the channel (posts, updates)', f.ops],
    ['peak operations in any 1 s window (limit 7)', f.peak],
    ['writes Teams refused (429 and others)', f.rejected],
    ['time from adding the alerts to the last delivery', secs(f.deliveredMs)],
  ],
)}`;
}
