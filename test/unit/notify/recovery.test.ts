/**
 * Recovering an interrupted root card send: Teams may have posted the card while the bot never learnt its
 * id. The notifier asks a finder (Graph in production) and adopts the card, waits, or sends again.
 */
import { AlertReadModel } from '../../../src/alerts';
import { alertCard, alertIdOfCard, digestCard } from '../../../src/cards';
import { GraphError, TeamsSendError } from '../../../src/errors';
import type { MessageContainer, TeamsMessage } from '../../../src/graph';
import { silentLogger } from '../../../src/log';
import {
  containerOf,
  Deliverer,
  DigestBook,
  GraphCardFinder,
  Notifier,
  Pacer,
  type OutgoingActivity,
  type PostedCardFinder,
  type RecoveryVerdict,
} from '../../../src/notify';
import { SubscriptionRegistry, type ConversationRef } from '../../../src/subscriptions';
import { cardKey, type CardRecord } from '../../../src/records';
import { Poller, type AlertSource } from '../../../src/poller';
import { MemoryStore } from '../../../src/store/memory';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { SteppingClock } from '../../helpers/clocks';
import { FakeTransport } from '../../helpers/fakeTransport';

const GROUP = '6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const APP = '0b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e';

function channelRef(o: Partial<ConversationRef> = {}): ConversationRef {
  return {
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    conversation: { id: '19:soc@thread.tacv2', conversationType: 'channel', tenantId: 't' },
    teamId: '19:team@thread.tacv2',
    aadGroupId: GROUP,
    ...o,
  };
}

/** A transport whose sends reach Teams but whose answers can be lost (the bot never learns the id). */
class LossyTransport extends FakeTransport {
  loseAnswers = 0;
  /** Sends Teams refused before posting anything (the card never existed). */
  dropSends = 0;
  override async send(ref: ConversationRef, activity: OutgoingActivity): Promise<string> {
    if (this.dropSends > 0) {
      this.dropSends--;
      throw new TeamsSendError(0, 'connection reset before the request was sent');
    }
    const id = await super.send(ref, activity);
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new TeamsSendError(0, 'socket hang up (the answer was lost)');
    }
    return id;
  }
}

/** A finder that looks at what the transport really posted (Teams' truth), or answers as scripted. */
class ScriptedFinder implements PostedCardFinder {
  calls: Array<{ alertId: string; since: number }> = [];
  script: RecoveryVerdict[] = [];
  constructor(private readonly transport: FakeTransport) {}
  async find(_ref: ConversationRef, alertId: string, since: number): Promise<RecoveryVerdict> {
    this.calls.push({ alertId, since });
    const scripted = this.script.shift();
    if (scripted) return scripted;
    const root = this.transport.roots().find((o) => alertIdOfCard(o.activity.card) === alertId);
    return root ? { kind: 'found', activityId: root.activityId } : { kind: 'absent', scanned: 0 };
  }
}

class ListSource implements AlertSource {
  alerts = new Map<string, ReturnType<typeof makeAlert>>();
  async listAlertsChangedSince(since: string) {
    const alerts = [...this.alerts.values()].filter(
      (a) => Date.parse(a.lastUpdateDateTime) > Date.parse(since),
    );
    return { alerts, pages: 1, skipped: 0 };
  }
}

async function setup(o: { finder?: boolean } = {}) {
  const store = new MemoryStore();
  const clock = new SteppingClock(BASE_MS + 3600_000);
  const logger = silentLogger();
  const transport = new LossyTransport();
  const finder = new ScriptedFinder(transport);
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { maxAttempts: 1 }),
    cards: new AlertReadModel({ store, features: () => ({}) }),
    digests: new DigestBook(store, 20),
    clock,
    logger,
    finder: o.finder === false ? undefined : finder,
    recovery: { graceMs: 15_000, maxWaitMs: 600_000 },
  });
  const source = new ListSource();
  const poller = new Poller(
    { source, store, sink: notifier, clock, logger },
    { intervalMs: 60_000, initialLookbackMs: 86_400_000, windowMs: 1_800_000, retentionMs: 7 * 86_400_000 },
  );
  const sub = await subscriptions.subscribe(channelRef(), {}, { name: 'Megan' });
  const plant = (upn = 'megan@contoso.com') => {
    const t = clock.now();
    const d = makeAlert({
      evidence: [userEvidence({ upn })],
      ...timesAt(t - 600_000),
      lastUpdateDateTime: iso(t),
    });
    const l = makeDlpAlert({
      evidence: [userEvidence({ upn })],
      ...timesAt(t - 500_000),
      lastUpdateDateTime: iso(t),
    });
    source.alerts.set(d.id, d);
    source.alerts.set(l.id, l);
    return { d, l };
  };
  const round = async () => {
    try {
      await notifier.processOutbox();
    } catch {
      // A failed round keeps the outbox; the test looks at what happened.
    }
  };
  const post = async (alertId: string) =>
    (await store.get<CardRecord>(cardKey(alertId)))?.value.posts[sub.id];
  return { store, clock, transport, finder, poller, notifier, sub, plant, round, post, source };
}

describe('recovering an interrupted root card send', () => {
  it('adopts the card Teams posted when the answer was lost: no second root card, then updates it in place', async () => {
    const t = await setup();
    const { d } = t.plant();
    await t.poller.runCycle();
    t.transport.loseAnswers = 1;
    await t.round();
    expect(t.transport.roots()).toHaveLength(1);
    expect((await t.post(d.id))?.state).toBe('sending');
    await t.round();
    expect(t.transport.roots()).toHaveLength(1);
    const p = await t.post(d.id);
    expect(p).toMatchObject({ state: 'posted', rootActivityId: t.transport.roots()[0]!.activityId });
    expect(t.finder.calls[0]!.alertId).toBe(d.id);
    // Brought up to date in place (its hash was unknown), once.
    expect(
      t.transport.ops.filter((o) => o.kind === 'update' && o.activityId === p!.rootActivityId),
    ).toHaveLength(1);
    expect(await t.store.list('outbox/')).toHaveLength(0);
  });

  it("replies in the recovered card's thread only for DLP alerts the lost card did not show", async () => {
    const t = await setup();
    const { d } = t.plant();
    await t.poller.runCycle();
    t.transport.loseAnswers = 1;
    await t.round();
    t.clock.advance(60_000);
    const late = makeDlpAlert({
      evidence: [userEvidence({ upn: 'megan@contoso.com' })],
      ...timesAt(t.clock.now() - 400_000),
      lastUpdateDateTime: iso(t.clock.now()),
    });
    t.source.alerts.set(late.id, late);
    await t.poller.runCycle();
    await t.round();
    const root = t.transport.roots()[0]!;
    expect(t.transport.roots()).toHaveLength(1);
    const replies = t.transport.ops.filter((o) => o.kind === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.rootId).toBe(root.activityId);
    expect((await t.post(d.id))?.shownDlpIds).toContain(late.id);
  });

  it('waits for Graph while the send is recent, then sends once when Teams shows no card', async () => {
    const t = await setup();
    const { d } = t.plant();
    await t.poller.runCycle();
    t.transport.dropSends = 1;
    await t.round();
    expect(t.transport.roots()).toHaveLength(0);
    await t.round(); // within the grace: Graph may not show a card posted seconds ago yet
    expect(t.transport.roots()).toHaveLength(0);
    expect(await t.store.list('outbox/')).toHaveLength(1);
    t.clock.advance(16_000);
    await t.round();
    expect(t.transport.roots()).toHaveLength(1);
    expect((await t.post(d.id))?.state).toBe('posted');
    expect(await t.store.list('outbox/')).toHaveLength(0);
  });

  it('keeps waiting while Graph fails transiently, and sends anyway after the longest wait', async () => {
    const t = await setup();
    t.plant();
    await t.poller.runCycle();
    t.transport.dropSends = 1;
    await t.round();
    t.finder.script = [
      { kind: 'retry', reason: 'Graph 503' },
      { kind: 'retry', reason: 'Graph 503' },
    ];
    t.clock.advance(30_000);
    await t.round();
    expect(t.transport.roots()).toHaveLength(0);
    t.clock.advance(600_000);
    await t.round();
    expect(t.transport.roots()).toHaveLength(1);
  });

  it('sends again at once when the conversation cannot be read back (a lost alert is worse than a duplicate)', async () => {
    const t = await setup();
    t.plant();
    await t.poller.runCycle();
    t.transport.dropSends = 1;
    await t.round();
    t.finder.script = [{ kind: 'unknowable', reason: 'a personal chat' }];
    await t.round();
    expect(t.transport.roots()).toHaveLength(1);
  });

  it('sends again without a finder (the old behaviour)', async () => {
    const t = await setup({ finder: false });
    t.plant();
    await t.poller.runCycle();
    t.transport.loseAnswers = 1;
    await t.round();
    await t.round();
    expect(t.transport.roots()).toHaveLength(2);
  });
});

function message(o: Partial<TeamsMessage> & { card?: unknown }): TeamsMessage {
  return {
    id: o.id ?? '1700000000000',
    replyToId: o.replyToId ?? null,
    createdDateTime: o.createdDateTime ?? '2026-11-20T12:00:00.000Z',
    deletedDateTime: o.deletedDateTime ?? null,
    fromAppId: 'fromAppId' in o ? o.fromAppId : APP,
    cards: o.cards ?? (o.card === undefined ? [] : [JSON.stringify(o.card)]),
  };
}

const cardFor = (id: string) =>
  alertCard(
    {
      alert: { id, severity: 'high', status: 'new', serviceSource: 'microsoftDefenderForEndpoint' },
      dlp: [],
      cardVersion: 1,
    },
    BASE_MS,
  );

describe('GraphCardFinder', () => {
  const finderWith = (messages: TeamsMessage[] | Error, botAppId: string | null = APP) => {
    const asked: Array<{ where: MessageContainer; since: string }> = [];
    const finder = new GraphCardFinder({
      botAppId: botAppId ?? undefined,
      cardAlertId: alertIdOfCard,
      messages: {
        listMessagesSince: async (where, since) => {
          asked.push({ where, since });
          if (messages instanceof Error) throw messages;
          return messages;
        },
      },
    });
    return { finder, asked };
  };

  it('reads the channel by its team group id and finds our card of that alert', async () => {
    const { finder, asked } = finderWith([
      message({ id: '1', card: cardFor('da-other') }),
      message({ id: '2', card: cardFor('da-1') }),
    ]);
    await expect(finder.find(channelRef(), 'da-1', BASE_MS)).resolves.toEqual({
      kind: 'found',
      activityId: '2',
    });
    expect(asked[0]).toEqual({
      where: { teamId: GROUP, channelId: '19:soc@thread.tacv2' },
      since: new Date(BASE_MS).toISOString(),
    });
  });

  it('ignores deleted messages, replies, other apps and other cards', async () => {
    const { finder } = finderWith([
      message({ id: '1', card: cardFor('da-1'), deletedDateTime: '2026-11-20T12:01:00Z' }),
      message({ id: '2', card: cardFor('da-1'), replyToId: '1' }),
      message({ id: '3', card: cardFor('da-1'), fromAppId: 'another-app' }),
      message({ id: '4', card: cardFor('da-1'), fromAppId: undefined }),
      message({ id: '5', cards: ['not json'] }),
      message({ id: '6', card: digestCard({ alerts: [], total: 3 }, BASE_MS) }),
    ]);
    await expect(finder.find(channelRef(), 'da-1', BASE_MS)).resolves.toEqual({ kind: 'absent', scanned: 6 });
  });

  it('accepts `28:`-prefixed and differently cased app ids, and any app when BOT_ID is unset', async () => {
    const prefixed = finderWith(
      [message({ card: cardFor('da-1'), fromAppId: APP.toUpperCase() })],
      `28:${APP}`,
    );
    await expect(prefixed.finder.find(channelRef(), 'da-1', BASE_MS)).resolves.toMatchObject({
      kind: 'found',
    });
    const local = finderWith([message({ card: cardFor('da-1'), fromAppId: 'whatever' })], null);
    await expect(local.finder.find(channelRef(), 'da-1', BASE_MS)).resolves.toMatchObject({ kind: 'found' });
  });

  it('keeps the earliest copy when two exist', async () => {
    const { finder } = finderWith([
      message({ id: '9', card: cardFor('da-1'), createdDateTime: '2026-11-20T12:05:00Z' }),
      message({ id: '8', card: cardFor('da-1'), createdDateTime: '2026-11-20T12:00:00Z' }),
    ]);
    await expect(finder.find(channelRef(), 'da-1', BASE_MS)).resolves.toEqual({
      kind: 'found',
      activityId: '8',
    });
  });

  it('says a conversation is unknowable when Graph refuses for good, and retry when it fails for now', async () => {
    const forbidden = new GraphError({ status: 403, message: 'no consent' });
    await expect(finderWith(forbidden).finder.find(channelRef(), 'x', 0)).resolves.toMatchObject({
      kind: 'unknowable',
    });
    const gone = new GraphError({ status: 404, message: 'no such team' });
    await expect(finderWith(gone).finder.find(channelRef(), 'x', 0)).resolves.toMatchObject({
      kind: 'unknowable',
    });
    for (const status of [0, 429, 503]) {
      const err = new GraphError({ status, message: `status ${status}` });
      await expect(finderWith(err).finder.find(channelRef(), 'x', 0)).resolves.toMatchObject({
        kind: 'retry',
      });
    }
  });

  it('maps conversations to Graph containers', () => {
    expect(containerOf(channelRef())).toEqual({ teamId: GROUP, channelId: '19:soc@thread.tacv2' });
    expect(
      containerOf(
        channelRef({ conversation: { id: '19:soc@thread.tacv2;messageid=42', conversationType: 'channel' } }),
      ),
    ).toEqual({ teamId: GROUP, channelId: '19:soc@thread.tacv2' });
    expect(containerOf(channelRef({ aadGroupId: undefined }))).toMatch(/Entra group id/);
    expect(
      containerOf(channelRef({ conversation: { id: '19:abc@thread.v2', conversationType: 'groupChat' } })),
    ).toEqual({
      chatId: '19:abc@thread.v2',
    });
    expect(containerOf(channelRef({ conversation: { id: 'a:1xyz', conversationType: 'personal' } }))).toMatch(
      /personal/,
    );
  });
});

describe('alertIdOfCard', () => {
  it('names the alert of an alert card and nothing for other cards or junk', () => {
    expect(alertIdOfCard(cardFor('da-77'))).toBe('da-77');
    for (const junk of [
      null,
      1,
      'card',
      {},
      { type: 'AdaptiveCard' },
      { type: 'AdaptiveCard', refresh: { action: { verb: 'x', data: { alertId: 'a' } } } },
    ])
      expect(alertIdOfCard(junk)).toBeUndefined();
  });
});
