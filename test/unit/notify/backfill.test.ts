import { AlertReadModel } from '../../../src/alerts';
import { silentLogger } from '../../../src/log';
import type { SecurityAlert } from '../../../src/model';
import { Backfill, Deliverer, DigestBook, Notifier, Pacer } from '../../../src/notify';
import { SubscriptionRegistry, type ConversationRef } from '../../../src/subscriptions';
import { Poller, type AlertSource } from '../../../src/poller';
import { MemoryStore } from '../../../src/store/memory';
import { BASE_MS, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { SteppingClock } from '../../helpers/clocks';
import { FakeTransport } from '../../helpers/fakeTransport';

class ListSource implements AlertSource {
  alerts = new Map<string, SecurityAlert>();
  async listAlertsChangedSince(since: string) {
    const alerts = [...this.alerts.values()].filter(
      (a) => Date.parse(a.lastUpdateDateTime) > Date.parse(since),
    );
    return { alerts, pages: 1, skipped: 0 };
  }
}

const channel = (name: string): ConversationRef => ({
  serviceUrl: 'http://127.0.0.1:1/',
  channelId: 'msteams',
  conversation: { id: `19:${name}@thread.tacv2`, conversationType: 'channel', tenantId: 't' },
  teamId: '19:team@thread.tacv2',
});
const HOUR = 3_600_000;

async function setup(maxPerMinute = 20) {
  const store = new MemoryStore();
  const clock = new SteppingClock(BASE_MS + 30 * HOUR);
  const logger = silentLogger();
  const transport = new FakeTransport();
  const source = new ListSource();
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const alerts = new AlertReadModel({ store, features: () => ({}) });
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { baseDelayMs: 100 }),
    cards: alerts,
    digests: new DigestBook(store, maxPerMinute, () => clock.now()),
    clock,
    logger,
  });
  const poller = new Poller(
    { source, store, sink: notifier, clock, logger },
    { intervalMs: 60_000, initialLookbackMs: 48 * HOUR, windowMs: 30 * 60_000, retentionMs: 7 * 86_400_000 },
  );
  const backfill = new Backfill(
    { store, clock, logger, alerts },
    { lookbackMs: 24 * HOUR, cardsPerMinute: maxPerMinute },
  );
  /** A correlated pair whose activity was `hoursAgo` ago. */
  const pair = (hoursAgo: number, over: Partial<SecurityAlert> = {}) => {
    const at = clock.now() - hoursAgo * HOUR;
    const d = makeAlert({ evidence: [userEvidence({ upn: 'megan@contoso.com' })], ...timesAt(at), ...over });
    const dlp = makeDlpAlert({
      evidence: [userEvidence({ upn: 'megan@contoso.com', roles: ['policyViolator'] })],
      ...timesAt(at + 60_000),
    });
    source.alerts.set(d.id, d);
    source.alerts.set(dlp.id, dlp);
    return d;
  };
  const soc = await subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
  return { store, clock, transport, subscriptions, notifier, poller, backfill, pair, soc };
}

describe('the backfill of a new subscription', () => {
  it('shows the open correlated alerts of the lookback that match its filter, in that channel only', async () => {
    const t = await setup();
    const open = t.pair(2);
    t.pair(3, { severity: 'high' });
    t.pair(4, { status: 'resolved' });
    t.pair(30); // older than the 24 h lookback
    await t.poller.runCycle();
    await t.notifier.processOutbox();
    const socCards = t.transport.roots(t.soc.ref.conversation.id).length;
    const late = await t.subscriptions.subscribe(channel('late'), {}, { name: 'Riley' });
    const result = await t.backfill.run(late);
    expect(result).toEqual({ queued: 2, alreadyShown: 0, lookbackHours: 24, asCards: 2 });
    await t.notifier.processOutbox();
    const cards = t.transport.roots(late.ref.conversation.id).map((o) => String(o.activity.summary));
    expect(cards).toHaveLength(2);
    expect(cards.join('\n')).toContain(open.title!);
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(socCards);
    const highOnly = await t.subscriptions.subscribe(channel('high'), { minSeverity: 'high' }, { name: 'R' });
    expect((await t.backfill.run(highOnly)).queued).toBe(1);
  });

  it('posts nothing twice when the channel subscribes again', async () => {
    const t = await setup();
    t.pair(2);
    await t.poller.runCycle();
    const late = await t.subscriptions.subscribe(channel('late'), {}, { name: 'Riley' });
    await t.backfill.run(late);
    await t.notifier.processOutbox();
    const again = await t.backfill.run(
      await t.subscriptions.subscribe(channel('late'), {}, { name: 'Riley' }),
    );
    expect(again).toMatchObject({ queued: 0, alreadyShown: 1 });
    await t.notifier.processOutbox();
    expect(t.transport.roots(late.ref.conversation.id)).toHaveLength(1);
  });

  it('posts up to the per-minute limit as cards and the rest in one digest card', async () => {
    const t = await setup(2);
    for (let i = 0; i < 5; i++) t.pair(1 + i / 10);
    await t.poller.runCycle();
    await t.notifier.processOutbox();
    t.clock.advance(60_000);
    const late = await t.subscriptions.subscribe(channel('late'), {}, { name: 'Riley' });
    expect(await t.backfill.run(late)).toMatchObject({ queued: 5, asCards: 2 });
    await t.notifier.processOutbox();
    const sent = t.transport.roots(late.ref.conversation.id);
    expect(sent).toHaveLength(3);
    expect(String(sent[2]!.activity.summary)).toContain('3 more correlated alerts');
  });

  it('stops posting the backfill in a channel whose first card meets 403 MessageWritesBlocked', async () => {
    const t = await setup();
    for (let i = 0; i < 3; i++) t.pair(1 + i / 10);
    await t.poller.runCycle();
    await t.notifier.processOutbox();
    const late = await t.subscriptions.subscribe(channel('late'), {}, { name: 'Riley' });
    expect((await t.backfill.run(late)).queued).toBe(3);
    const tried: string[] = [];
    const send = t.transport.send.bind(t.transport);
    t.transport.send = (ref, activity) => (tried.push(ref.conversation.id), send(ref, activity));
    t.transport.fail(403, { code: 'MessageWritesBlocked', kind: 'send', count: 3 });

    await t.notifier.processOutbox();

    expect(tried).toEqual([late.ref.conversation.id]); // one 403, then no other alert is tried there
    expect((await t.subscriptions.list()).map((s) => s.id)).toEqual([t.soc.id]);
  });
});
