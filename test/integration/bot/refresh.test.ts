/**
 * Teams-safe refresh and who acted, through the real `/api/messages` and the fake Bot Connector: roster
 * reads are counted at the connector (Teams counts them against the bot's per-conversation limits),
 * Graph requests at the simulator, and every card the bot sends or returns is checked for
 * `refresh.userIds`.
 */
import type { TrackedAlert } from '../../../src/correlation';
import { DEFAULT_CHANNEL_ID, DEFAULT_MEMBERS, type TeamsAccount } from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { cardOf, graphWrites, press, say, type InvokeAnswer } from './support';

const ALEX = DEFAULT_MEMBERS[1]!;
const ADELE = DEFAULT_MEMBERS[2]!;

let stack: Stack;
let correlated: TrackedAlert[];
/** Every invoke answer of this file, for the last test. */
const answers: InvokeAnswer[] = [];

beforeAll(async () => {
  // A low digest threshold: the channel gets root cards and a digest card, both checked below.
  stack = await startStack({ scenario: 'demo', env: { MAX_NEW_CARDS_PER_MINUTE: '3' } });
  correlated = await eventually(
    async () => {
      const { alerts } = await stack.bot.services.alerts.listCorrelated({}, Date.now(), 100);
      return alerts.length >= 6 ? alerts : undefined;
    },
    30_000,
    'correlated alerts',
  );
  expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
});
afterAll(async () => {
  await stack?.stop();
});

async function pressAs(
  from: TeamsAccount,
  verb: string,
  alert: TrackedAlert,
  o: {
    trigger?: 'manual' | 'automatic';
    commentText?: string;
    scope?: 'channel' | 'groupChat' | 'personal';
  } = {},
): Promise<InvokeAnswer> {
  const data = {
    alertId: alert.id,
    cardVersion: 1,
    ...(o.commentText ? { commentText: o.commentText } : {}),
  };
  const answer = await press(stack, verb, data, {
    from,
    trigger: o.trigger ?? 'manual',
    scope: o.scope ?? 'channel',
  });
  answers.push(answer);
  return answer;
}

const rosterReadsOf = (who: { id: string; aadObjectId?: string }) =>
  stack.connector
    .reads({ kind: 'member' })
    .filter((r) => r.memberId === who.id || r.memberId === who.aadObjectId);

/**
 * Graph requests an invoke could cause: everything but what the background loops read on their own
 * schedule (the poller's alert listing, the notifier's reads of Teams messages).
 */
const graphRequestsBesidesPolling = () =>
  stack.sim
    .requests()
    .filter(
      (r) =>
        !(r.method === 'GET' && r.path === '/v1.0/security/alerts_v2') &&
        !/^\/v1\.0\/(teams|chats)\//.test(r.path),
    );

function commentsSaying(text: string): string[] {
  return graphWrites(stack)
    .filter((r) => r.path.endsWith('/comments'))
    .map((r) => String((r.body as { comment?: unknown }).comment ?? ''))
    .filter((c) => c.includes(text));
}

/** The comment posted with `text` (waited for: an action past its deadline finishes after the answer). */
function commentWith(text: string): Promise<string> {
  return eventually(() => commentsSaying(text)[0], 15_000, `the comment "${text}"`);
}

describe('automatic refresh', () => {
  it('is answered from the store: no roster read and no Graph request, whoever views the card', async () => {
    const viewers: TeamsAccount[] = [
      { id: '29:1-viewer-a', name: 'Viewer A', aadObjectId: '3f1c2a9e-5b7d-4e1f-9a0b-1c2d3e4f5a60' },
      { id: '29:1-viewer-b', name: 'Viewer B', aadObjectId: '3f1c2a9e-5b7d-4e1f-9a0b-1c2d3e4f5a61' },
      ALEX,
    ];
    const readsBefore = stack.connector.reads().length;
    const graphBefore = graphRequestsBesidesPolling().length;
    for (const viewer of viewers) {
      const answer = await pressAs(viewer, 'alert.refresh', correlated[0]!, { trigger: 'automatic' });
      expect(answer.body.statusCode).toBe(200);
      expect(answer.text).toContain(correlated[0]!.title!);
      expect((answer.body.value as { refresh?: { userIds?: unknown } }).refresh?.userIds).toEqual([]);
    }
    expect(stack.connector.reads()).toHaveLength(readsBefore);
    expect(graphRequestsBesidesPolling()).toHaveLength(graphBefore);
  });

  it('a manual Refresh still re-reads the alert from Graph', async () => {
    const reads = () =>
      stack.sim
        .requests()
        .filter((r) => r.method === 'GET' && r.path.endsWith(`/alerts_v2/${correlated[0]!.id}`));
    const before = reads().length;
    expect((await pressAs(ALEX, 'alert.refresh', correlated[0]!)).body.statusCode).toBe(200);
    expect(reads()).toHaveLength(before + 1);
  });
});

describe('who acted', () => {
  it('reads the roster once for many invokes by the same user, and attributes them by UPN', async () => {
    // Alex's manual refresh above read the roster already: counted from the start of the file.
    const alert = correlated[1]!;
    await Promise.all(
      [1, 2, 3].map((n) => pressAs(ALEX, 'alert.comment', alert, { commentText: `concurrent ${n}` })),
    );
    await eventually(() => rosterReadsOf(ALEX).length === 1, 10_000, "Alex's roster read");
    for (const n of [4, 5]) await pressAs(ALEX, 'alert.comment', alert, { commentText: `sequential ${n}` });
    expect(rosterReadsOf(ALEX)).toHaveLength(1);
    for (const n of [4, 5])
      expect(await commentWith(`sequential ${n}`)).toContain(`${ALEX.name} (${ALEX.userPrincipalName})`);
  });

  it('a slow roster does not hold the invoke: the action works under the name Teams sent, and the late answer fills the cache', async () => {
    // Held far longer than any action takes, so "answered while held" does not depend on the machine's speed.
    const stall = stack.connector.stall({ ops: ['member'], delayMs: 6000, count: 1 });
    const asTeamsSentIt = { ...ADELE, name: 'Adele (as Teams sent it)' };
    const answer = await pressAs(asTeamsSentIt, 'alert.comment', correlated[2]!, {
      commentText: 'slow roster',
    });
    expect(answer.body.statusCode).toBe(200);
    expect(answer.text).toContain(correlated[2]!.title!);
    // Answered while the roster read was still held: the invoke did not wait for it.
    expect(stall.hits).toBe(1);
    expect(rosterReadsOf(ADELE)).toHaveLength(0);
    expect(await commentWith('slow roster')).toContain('— Adele (as Teams sent it) via defender-dlp-bot');
    await eventually(() => rosterReadsOf(ADELE).length === 1, 15_000, 'the held roster read to finish');
    // The late answer was kept: the next click is attributed by UPN with no further read.
    await pressAs(asTeamsSentIt, 'alert.comment', correlated[2]!, { commentText: 'after the stall' });
    expect(await commentWith('after the stall')).toContain(`(${ADELE.userPrincipalName})`);
    expect(rosterReadsOf(ADELE)).toHaveLength(1);
  });

  it('a failing roster does not fail the action: it is attributed by the name Teams sent', async () => {
    const stranger: TeamsAccount = {
      id: '29:1-stranger',
      name: 'Sam (as Teams sent it)',
      aadObjectId: '3f1c2a9e-5b7d-4e1f-9a0b-1c2d3e4f5a70',
    };
    const fault = stack.connector.inject({ status: 503, ops: ['member'] });
    try {
      const answer = await pressAs(stranger, 'alert.comment', correlated[3]!, {
        commentText: 'roster down',
        scope: 'personal',
      });
      expect(answer.body.statusCode).toBe(200);
      expect(answer.text).toContain(correlated[3]!.title!);
      expect(await commentWith('roster down')).toContain('— Sam (as Teams sent it) via defender-dlp-bot');
    } finally {
      fault.cancel();
    }
  });

  it('does not take a roster answer for another Entra object id than the activity names', async () => {
    const mismatched: TeamsAccount = {
      id: DEFAULT_MEMBERS[0]!.id,
      name: 'Someone (as Teams sent it)',
      aadObjectId: '3f1c2a9e-5b7d-4e1f-9a0b-1c2d3e4f5a80',
    };
    await pressAs(mismatched, 'alert.comment', correlated[3]!, {
      commentText: 'mismatched roster',
      scope: 'personal',
    });
    expect(await commentWith('mismatched roster')).toContain(
      '— Someone (as Teams sent it) via defender-dlp-bot',
    );
    expect(stack.logs.some((l) => l.includes('the roster answered for another user'))).toBe(true);
  });

  it('looks up the Agents Playground mock user, whose object id is not a GUID, in Graph when the roster does not know it', async () => {
    const playground: TeamsAccount = {
      id: '29:1-playground-user',
      name: 'Alex Wilber (Playground)',
      aadObjectId: '00000000-0000-0000-0000-0000000000020',
    };
    const userReads = () =>
      stack.sim.requests().filter((r) => r.path === `/v1.0/users/${playground.aadObjectId}`);
    // In a personal chat: its own roster budget, whatever the channel tests spent.
    const answer = await pressAs(playground, 'alert.comment', correlated[4]!, {
      commentText: 'from playground',
      scope: 'personal',
    });
    expect(answer.body.statusCode).toBe(200);
    await eventually(() => userReads().length === 1, 10_000, 'the Graph user read');
    expect(rosterReadsOf(playground).map((r) => r.status)).toEqual([404]);
    // Found once, then attributed with the UPN Graph has for it, with no further read.
    await pressAs(playground, 'alert.comment', correlated[4]!, {
      commentText: 'again from playground',
      scope: 'personal',
    });
    expect(await commentWith('again from playground')).toMatch(/\(\S+@\S+\) via defender-dlp-bot$/);
    expect(userReads()).toHaveLength(1);
    expect(rosterReadsOf(playground)).toHaveLength(1);
  });
});

describe('the roster budget', () => {
  it('spends at most 6 roster reads a minute in one conversation, and every action still works', async () => {
    const people: TeamsAccount[] = Array.from({ length: 9 }, (_, i) => ({
      id: `29:1-burst-${i}`,
      name: `Burst ${i}`,
      aadObjectId: `3f1c2a9e-5b7d-4e1f-9a0b-1c2d3e4f5b0${i}`,
    }));
    // Only these people's reads: another test's lookup that finishes late (a held or background read)
    // is not this conversation's budget.
    const burstReads = () => people.flatMap((p) => rosterReadsOf(p));
    const before = burstReads().length;
    const started = Date.now();
    for (const p of people) {
      const answer = await pressAs(p, 'alert.refresh', correlated[5]!, { scope: 'groupChat' });
      expect(answer.body.statusCode).toBe(200);
    }
    // The budget is a sliding minute of real time: on a loaded machine the nine presses can outlast it,
    // and then the next minute's reads are allowed too.
    const minutes = Math.ceil((Date.now() - started) / 60_000);
    const reads = burstReads().length - before;
    if (minutes <= 1) expect(reads).toBe(6);
    else expect(reads).toBeLessThanOrEqual(Math.min(9, 6 * minutes));
  });
});

describe('refresh.userIds', () => {
  it('is on every card the bot sent or returned that has refresh (root cards, updates, replies, digests, lists, invoke answers)', async () => {
    await say(stack, '/alerts', { scope: 'channel' });
    await say(stack, `/alert ${correlated[0]!.id}`, { scope: 'channel' });
    // The digest for the alerts past MAX_NEW_CARDS_PER_MINUTE.
    await eventually(
      () => stack.connector.cardsIn(DEFAULT_CHANNEL_ID).length > 3,
      20_000,
      'root cards and a digest in the channel',
    );
    const sent = stack.connector
      .activities()
      .map((op) => ({ what: `${op.op} ${op.activityId}`, card: cardOf(op) }));
    const returned = answers.map((a, i) => ({ what: `invoke answer ${i}`, card: a.body.value }));
    const cards = [...sent, ...returned].filter((c) => typeof c.card === 'object' && c.card !== null);
    const withRefresh = cards.filter((c) => (c.card as { refresh?: unknown }).refresh !== undefined);
    expect(withRefresh.length).toBeGreaterThan(5);
    const unsafe = withRefresh
      .filter((c) => {
        const ids = (c.card as { refresh: { userIds?: unknown } }).refresh.userIds;
        return !Array.isArray(ids) || ids.length > 60;
      })
      .map((c) => c.what);
    expect(unsafe).toEqual([]);
  });
});
