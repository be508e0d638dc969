/**
 * The product's main output, end to end: the real service polls the Graph simulator over HTTPS and posts
 * to a fake Bot Connector. One root card per subscribed channel, updates in place, thread replies for late
 * DLP alerts, channel filters, and pruning on a 403 from Teams.
 */
import type { ConnectorMessage } from '../../helpers/fakeConnector';
import { messageActivity } from '../../helpers/activities';
import { DEFAULT_CHANNEL_ID, DEFAULT_MEMBERS } from '../../helpers/teams/defaults';
import { iso, makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_TEAM } from '../../helpers/teams/defaults';
import { alertIdOfCard } from '../../../src/cards';
import { startConnectorProxy, type ConnectorProxy } from '../../reliability/support/connectorProxy';

const MINUTE = 60_000;
const HIGH_CHANNEL = '19:5d2ce1f7b0a94c8e9e3f@thread.tacv2';
let stack: Stack;

/** The team's General channel, reached through a proxy that can lose Teams' answers. */
const GENERAL = DEFAULT_TEAM.id;
let proxy: ConnectorProxy;

async function subscribe(channelId: string, args = '', serviceUrl = stack.connector.url): Promise<void> {
  const activity = messageActivity({
    serviceUrl,
    scope: 'channel',
    channelId,
    text: `/subscribe ${args}`.trim(),
    from: DEFAULT_MEMBERS[0],
  });
  expect((await stack.post(activity)).status).toBe(200);
}

/** A Defender alert and a DLP alert for `upn`, `minutesApart` apart, both updated now. */
function plantPair(upn: string, severity: string, minutesApart = 5) {
  const now = Date.now();
  const defender = makeAlert({
    severity,
    title: `Suspicious activity by ${upn}`,
    evidence: [userEvidence({ upn })],
    firstActivityDateTime: iso(now - 20 * MINUTE),
    lastActivityDateTime: iso(now - 19 * MINUTE),
    createdDateTime: iso(now - 18 * MINUTE),
    lastUpdateDateTime: iso(now),
  });
  const dlp = makeDlpAlert({
    evidence: [userEvidence({ upn: upn.toUpperCase(), roles: ['policyViolator'] })],
    firstActivityDateTime: iso(now - (20 - minutesApart) * MINUTE),
    lastActivityDateTime: iso(now - (20 - minutesApart) * MINUTE),
    createdDateTime: iso(now - 10 * MINUTE),
    lastUpdateDateTime: iso(now),
  });
  stack.sim.alerts.add(defender);
  stack.sim.alerts.add(dlp);
  return { defender, dlp };
}

const rootCardsFor = (channelId: string, alertId: string): ConnectorMessage[] =>
  stack.connector
    .cardsIn(channelId)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .filter((m) => JSON.stringify(m.card ?? {}).includes(alertId));

beforeAll(async () => {
  stack = await startStack({ scenario: 'empty' });
  await subscribe(DEFAULT_CHANNEL_ID);
  await subscribe(HIGH_CHANNEL, 'severity>=high');
});

afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

describe('notifications in subscribed channels', () => {
  it('posts exactly one root card per matching channel, and none where the filter excludes it', async () => {
    const { defender } = plantPair('kim.akers@contoso.com', 'medium');
    await eventually(() => rootCardsFor(DEFAULT_CHANNEL_ID, defender.id).length > 0, 45_000, 'the root card');
    // Give the notifier more cycles: a second root card would show up now.
    const cycles = stack.bot.poller.status().cycles;
    await eventually(() => stack.bot.poller.status().cycles >= cycles + 2, 45_000, 'two more poll cycles');
    expect(rootCardsFor(DEFAULT_CHANNEL_ID, defender.id)).toHaveLength(1);
    expect(rootCardsFor(HIGH_CHANNEL, defender.id)).toHaveLength(0);
  });

  it('updates the same card in place and replies in its thread when a late DLP alert correlates', async () => {
    const { defender } = plantPair('lee.gu@contoso.com', 'high');
    const [root] = await eventually(
      () => {
        const r = rootCardsFor(DEFAULT_CHANNEL_ID, defender.id);
        return r.length ? r : undefined;
      },
      45_000,
      'the root card',
    );
    const late = makeDlpAlert({
      title: 'DLP policy match for email with subject "Customer list"',
      evidence: [userEvidence({ upn: 'Lee.Gu@contoso.com', roles: ['policyViolator'] })],
      firstActivityDateTime: iso(Date.now() - 2 * MINUTE),
      lastActivityDateTime: iso(Date.now() - 2 * MINUTE),
      createdDateTime: iso(Date.now() - MINUTE),
      lastUpdateDateTime: iso(Date.now()),
    });
    stack.sim.alerts.add(late);
    const reply = await eventually(
      () =>
        stack.connector
          .threadReplies(DEFAULT_CHANNEL_ID, root!.activityId)
          .find((m) => JSON.stringify(m.card).includes('Customer list')),
      45_000,
      'the thread reply for the late DLP alert',
    );
    expect(reply.threadRootId).toBe(root!.activityId);
    const updated = rootCardsFor(DEFAULT_CHANNEL_ID, defender.id);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.versions).toBeGreaterThan(1);
    expect(JSON.stringify(updated[0]!.card)).toContain('Correlated DLP alerts \\\\(2\\\\)');
    // The high-severity channel got its own single card too.
    expect(rootCardsFor(HIGH_CHANNEL, defender.id)).toHaveLength(1);
  });

  it('follows a status change made in the portal on the existing card', async () => {
    const { defender } = plantPair('alex.w@contoso.com', 'high');
    await eventually(() => rootCardsFor(DEFAULT_CHANNEL_ID, defender.id).length > 0, 45_000, 'the root card');
    stack.sim.alerts.update(defender.id, { status: 'inProgress', assignedTo: 'nestor@contoso.com' });
    await eventually(
      () =>
        JSON.stringify(rootCardsFor(DEFAULT_CHANNEL_ID, defender.id)[0]?.card ?? '').includes('In progress'),
      45_000,
      'the card to show the new status',
    );
    expect(rootCardsFor(DEFAULT_CHANNEL_ID, defender.id)).toHaveLength(1);
  });

  it('recovers a root card whose answer was lost: Teams posted it, Graph shows it, no second card', async () => {
    proxy = await startConnectorProxy(stack.connector.url);
    await subscribe(GENERAL, '', proxy.url);
    proxy.dropNextRootAnswer();
    const logsFrom = stack.logs.length;
    const { defender } = plantPair('nestor.w@contoso.com', 'medium');
    await eventually(
      () => stack.logs.slice(logsFrom).some((l) => l.includes('had reached Teams; the card is kept')),
      60_000,
      'the card to be recovered through Graph',
    );
    const cycles = stack.bot.poller.status().cycles;
    await eventually(() => stack.bot.poller.status().cycles >= cycles + 2, 45_000, 'two more poll cycles');
    // Every alert carded in the channel (earlier tests' alerts join it as they change) has ONE root card,
    // and the lost send's card is among them: Teams has it, the bot adopted it.
    const cards = stack.connector.cardsIn(GENERAL).filter((m) => !m.threadRootId);
    const perAlert = new Map<string, number>();
    for (const m of cards) {
      const id = alertIdOfCard(m.card);
      if (id) perAlert.set(id, (perAlert.get(id) ?? 0) + 1);
    }
    expect([...perAlert.values()].every((n) => n === 1)).toBe(true);
    expect(proxy.rootSends().filter((s) => s.conversationId === GENERAL)).toHaveLength(cards.length);
    expect(perAlert.get(defender.id)).toBe(1);
    const lost = proxy.rootSends().find((s) => s.deliveredAt === undefined);
    const adopted = cards.find((m) => m.activityId === lost?.activityId);
    // Adopted, then brought up to date in place like any card.
    expect(adopted?.versions).toBeGreaterThan(1);
    expect(rootCardsFor(DEFAULT_CHANNEL_ID, defender.id)).toHaveLength(1);
  });

  it('removes a channel Teams answers 403 for, and keeps posting to the others', async () => {
    stack.connector.inject({
      status: 403,
      code: 'BotNotInConversationRoster',
      match: /5d2ce1f7b0a94c8e9e3f/,
      count: 10,
    });
    const { defender } = plantPair('diego.s@contoso.com', 'high');
    await eventually(
      () => rootCardsFor(DEFAULT_CHANNEL_ID, defender.id).length > 0,
      45_000,
      'the card elsewhere',
    );
    await eventually(
      async () =>
        !(await stack.bot.services.subscriptions.list()).some(
          (sub) => sub.ref.conversation.id === HIGH_CHANNEL,
        ),
      45_000,
      'the 403 channel to be unsubscribed',
    );
    expect(stack.logs.some((l) => l.includes('subscription removed') && l.includes('403'))).toBe(true);
  });
});
