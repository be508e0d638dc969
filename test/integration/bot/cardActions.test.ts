import type { TrackedAlert } from '../../../src/correlation';
import { DEFAULT_CHANNEL_ID } from '../../helpers/activities';
import type { ConnectorMessage } from '../../helpers/fakeConnector';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { graphWrites, MEGAN, press, say, visibleText, type InvokeAnswer } from './support';

/**
 * Card actions (Action.Execute) through the real `/api/messages` against the Graph simulator's demo tenant:
 * what the analyst gets back in the invoke answer, what Graph receives, and how the channel's card follows.
 */
let stack: Stack;
let correlated: TrackedAlert[];

beforeAll(async () => {
  stack = await startStack({ scenario: 'demo' });
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

const data = (alert: TrackedAlert, extra: Record<string, unknown> = {}) => ({
  alertId: alert.id,
  cardVersion: 1,
  ...extra,
});

/** The alert's card in the subscribed channel, posted on demand by a manual Refresh. */
async function postedCard(alert: TrackedAlert): Promise<ConnectorMessage> {
  const find = () =>
    stack.connector.cardsIn(DEFAULT_CHANNEL_ID).find((m) => JSON.stringify(m.card).includes(alert.id));
  if (!find()) expect((await press(stack, 'alert.refresh', data(alert))).body.statusCode).toBe(200);
  return eventually(find, 15_000, `the card of ${alert.id} in the channel`);
}

/** Presses a button on the alert's card in the channel. */
async function pressOn(
  card: ConnectorMessage,
  verb: string,
  body: Record<string, unknown>,
): Promise<InvokeAnswer> {
  return press(stack, verb, body, { replyToId: card.activityId });
}

function commentPosts(alertId: string) {
  return graphWrites(stack).filter(
    (r) => r.method === 'POST' && r.path.endsWith(`/alerts_v2/${alertId}/comments`),
  );
}

function patches(alertId: string) {
  return graphWrites(stack).filter((r) => r.method === 'PATCH' && r.path.endsWith(`/alerts_v2/${alertId}`));
}

/** Waits until the channel's copy of the card was replaced and shows `text`. */
async function channelCardShows(card: ConnectorMessage, text: string): Promise<void> {
  await eventually(
    () => {
      const op = stack.connector
        .activities({ op: 'update', activityId: card.activityId })
        .find((o) => visibleText(o.activity.attachments?.[0]?.content).includes(text));
      return op !== undefined;
    },
    15_000,
    `an update of the channel card showing "${text}"`,
  );
}

describe('Enrich', () => {
  it('answers in the invoke body with the alert card', async () => {
    const answer = await press(stack, 'alert.enrich', data(correlated[0]!));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: expect.objectContaining({ type: 'AdaptiveCard', version: expect.any(String) }),
    });
    expect(answer.text).toContain('added the DLP context to the Defender alert as a comment');
  });

  it('makes exactly ONE comment POST, one object (not an array) naming the analyst by name and UPN', () => {
    const posts = commentPosts(correlated[0]!.id);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as Record<string, unknown>;
    expect(Array.isArray(body)).toBe(false);
    expect(body['@odata.type']).toBe('microsoft.graph.security.alertComment');
    expect(body.comment).toEqual(expect.stringContaining(`${MEGAN.name} (${MEGAN.userPrincipalName})`));
    expect(posts[0]!.status).toBe(200);
  });

  it('adds no comment when pressed again', async () => {
    const again = await press(stack, 'alert.enrich', data(correlated[0]!));
    expect(again.text).toContain('Already enriched');
    expect(commentPosts(correlated[0]!.id)).toHaveLength(1);
  });
});

describe('Sensitive info types', () => {
  it('shows types and counts but none of the detected values the simulator holds', async () => {
    const values = stack.sim.detectedValues();
    expect(values.length).toBeGreaterThan(0);
    let typesShown = 0;
    for (const alert of correlated.slice(0, 4)) {
      const answer = await press(stack, 'alert.sit', data(alert));
      expect(answer.body.statusCode).toBe(200);
      const raw = JSON.stringify(answer.body);
      for (const v of values) {
        expect(raw).not.toContain(v);
        expect(answer.text).not.toContain(v);
      }
      if (/ matches/.test(answer.text)) typesShown++;
    }
    expect(typesShown).toBeGreaterThan(0);
  });
});

describe('Triage from the card', () => {
  let card: ConnectorMessage;
  beforeAll(async () => {
    card = await postedCard(correlated[1]!);
  });

  it('sets the status with a PATCH of {status} and shows it, on the answer and on the channel card', async () => {
    const answer = await pressOn(card, 'alert.setStatus', data(correlated[1]!, { status: 'inProgress' }));
    expect(answer.text).toContain('set the status to In progress.');
    expect(patches(correlated[1]!.id).map((r) => r.body)).toEqual([{ status: 'inProgress' }]);
    expect(stack.sim.alerts.get(correlated[1]!.id)!.status).toBe('inProgress');
    await channelCardShows(card, 'In progress');
  });

  it('classifies with a PATCH of classification and determination', async () => {
    const answer = await pressOn(
      card,
      'alert.classify',
      data(correlated[1]!, { classification: 'truePositive', determination: 'maliciousUserActivity' }),
    );
    expect(answer.text).toContain('classified the alert as True positive.');
    expect(patches(correlated[1]!.id).at(-1)!.body).toEqual({
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
    });
    await channelCardShows(card, 'True positive');
  });

  it('treats an empty optional determination as "not given"', async () => {
    await pressOn(
      card,
      'alert.classify',
      data(correlated[1]!, { classification: 'falsePositive', determination: '' }),
    );
    expect(patches(correlated[1]!.id).at(-1)!.body).toEqual({ classification: 'falsePositive' });
  });

  it('assigns to the analyst’s UPN (from the Teams roster, never from card data)', async () => {
    const answer = await pressOn(
      card,
      'alert.assignToMe',
      data(correlated[1]!, { assignedTo: 'mallory@evil.example' }),
    );
    expect(answer.text).toContain(`assigned the alert to ${MEGAN.userPrincipalName}.`);
    expect(patches(correlated[1]!.id).at(-1)!.body).toEqual({ assignedTo: MEGAN.userPrincipalName });
    await channelCardShows(card, MEGAN.userPrincipalName);
  });

  it('adds a typed comment, attributed, as one POST', async () => {
    const before = commentPosts(correlated[1]!.id).length;
    const answer = await pressOn(
      card,
      'alert.comment',
      data(correlated[1]!, { commentText: 'User confirmed.' }),
    );
    expect(answer.text).toContain('added a comment to the Defender alert.');
    const posts = commentPosts(correlated[1]!.id);
    expect(posts).toHaveLength(before + 1);
    expect((posts.at(-1)!.body as { comment: string }).comment).toBe(
      `User confirmed.\n\n— ${MEGAN.name} (${MEGAN.userPrincipalName}) via defender-dlp-bot`,
    );
  });

  it('updated the channel’s card in place for everyone (no second card)', () => {
    const copies = stack.connector
      .cardsIn(DEFAULT_CHANNEL_ID)
      .filter((m) => JSON.stringify(m.card).includes(correlated[1]!.id));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.versions).toBeGreaterThan(1);
  });
});

describe('forged or bad card data gets a clear answer and no Graph write', () => {
  const cases: Array<[string, string, () => Record<string, unknown>, RegExp]> = [
    [
      'an unknown verb',
      'alert.deleteEverything',
      () => data(correlated[2]!),
      /Unknown card action "alert.deleteEverything"/,
    ],
    [
      'an alert id that does not exist',
      'alert.enrich',
      () => ({ alertId: 'da000000000000000000_0', cardVersion: 1 }),
      /not a correlated Defender alert this bot tracks/,
    ],
    [
      'a 10 kB comment',
      'alert.comment',
      () => data(correlated[2]!, { commentText: 'x'.repeat(10_000) }),
      /the limit is 2000/,
    ],
    [
      'a status that is not an enum value',
      'alert.setStatus',
      () => data(correlated[2]!, { status: 'deleted' }),
      /Pick a status/,
    ],
    [
      'determination unknownFutureValue',
      'alert.classify',
      () => data(correlated[2]!, { classification: 'truePositive', determination: 'unknownFutureValue' }),
      /Pick a determination/,
    ],
    [
      'an alert id with path characters',
      'alert.setStatus',
      () => ({ alertId: '../../users', cardVersion: 1, status: 'resolved' }),
      /not a valid Defender alert id/,
    ],
  ];

  it.each(cases)('%s', async (_name, verb, body, message) => {
    const writes = graphWrites(stack).length;
    const answer = await press(stack, verb, body());
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(message);
    expect(answer.text).not.toMatch(/something went wrong/i);
    expect(graphWrites(stack)).toHaveLength(writes);
  });
});

describe('a slow Graph', () => {
  it('answers "working" at the deadline, then the work completes and the channel card is updated', async () => {
    const alert = correlated[3]!;
    const card = await postedCard(alert);
    stack.sim.faults.inject({ kind: 'latency', ms: 3000, match: `/alerts_v2/${alert.id}/comments$` });
    const answer = await pressOn(card, 'alert.enrich', data(alert));
    expect(answer.body.statusCode).toBe(200);
    expect(answer.text).toContain('Enriching: gathering the DLP context…');
    expect(commentPosts(alert.id).filter((r) => r.status === 200)).toHaveLength(0);
    await eventually(() => commentPosts(alert.id).length === 1, 15_000, 'the slow comment POST');
    await channelCardShows(card, `Last enriched by ${MEGAN.name}`);
    expect(commentPosts(alert.id)).toHaveLength(1);
  });
});

describe('Graph failures reach the analyst in plain words', () => {
  it('a 403 on the PATCH says Graph refused, and the status is unchanged', async () => {
    const alert = correlated[4]!;
    stack.sim.faults.inject({ kind: 'status', status: 403, match: `/alerts_v2/${alert.id}$` });
    const answer = await press(stack, 'alert.setStatus', data(alert, { status: 'resolved' }));
    expect(answer.text).toContain('Microsoft Graph refused');
    expect(answer.text).not.toMatch(/something went wrong/i);
    expect(stack.sim.alerts.get(alert.id)!.status).not.toBe('resolved');
  });

  it('a long throttle says when to try again', async () => {
    const alert = correlated[4]!;
    stack.sim.faults.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 120,
      match: `/alerts_v2/${alert.id}$`,
    });
    const answer = await press(stack, 'alert.setStatus', data(alert, { status: 'resolved' }));
    expect(answer.text).toContain('Microsoft Graph is throttling the bot; try again in 120 s.');
  });
});

describe('double-click and refresh', () => {
  it('two simultaneous Enrich presses post one comment', async () => {
    const alert = correlated[5]!;
    const answers = await Promise.all([
      press(stack, 'alert.enrich', data(alert)),
      press(stack, 'alert.enrich', data(alert)),
    ]);
    expect(answers.map((a) => a.body.statusCode)).toEqual([200, 200]);
    expect(commentPosts(alert.id)).toHaveLength(1);
  });

  it('Teams’ automatic refresh redraws without calling Graph; a manual Refresh re-reads the alert', async () => {
    const alert = correlated[5]!;
    const reads = () =>
      stack.sim.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`/alerts_v2/${alert.id}`));
    const before = reads().length;
    const automatic = await press(stack, 'alert.refresh', data(alert), { trigger: 'automatic' });
    expect(automatic.text).toContain(alert.title!);
    expect(reads()).toHaveLength(before);
    await press(stack, 'alert.refresh', data(alert));
    expect(reads()).toHaveLength(before + 1);
  });
});

describe('detected values', () => {
  it('reached neither a Graph comment nor a line of the bot’s log', () => {
    const values = stack.sim.detectedValues();
    const comments = graphWrites(stack)
      .filter((r) => r.path.endsWith('/comments'))
      .map((r) => JSON.stringify(r.body));
    expect(comments.length).toBeGreaterThan(0);
    const logs = stack.logs.join('\n');
    for (const v of values) {
      for (const c of comments) expect(c).not.toContain(v);
      expect(logs).not.toContain(v);
    }
  });
});
