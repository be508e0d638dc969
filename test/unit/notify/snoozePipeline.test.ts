import { AlertReadModel } from '../../../src/alerts';
import { silentLogger } from '../../../src/log';
import type { SecurityAlert } from '../../../src/model';
import { Deliverer, DigestBook, Notifier, Pacer, SnoozeBook } from '../../../src/notify';
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

const MEGAN = 'email:megan.bowen@contoso.com';
const HOUR = 3_600_000;

/** One process's notifier over a shared store (a restart builds a new one on the same store). */
function notifierOver(store: MemoryStore, clock: SteppingClock, transport: FakeTransport) {
  const logger = silentLogger();
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const snoozes = new SnoozeBook(store, clock, logger);
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { baseDelayMs: 100 }),
    cards: new AlertReadModel({ store, features: () => ({}) }),
    digests: new DigestBook(store, 20, () => clock.now()),
    snoozes,
    clock,
    logger,
  });
  return { subscriptions, snoozes, notifier };
}

async function setup() {
  const store = new MemoryStore();
  const clock = new SteppingClock(BASE_MS + HOUR);
  const transport = new FakeTransport();
  const source = new ListSource();
  const one = notifierOver(store, clock, transport);
  const poller = new Poller(
    { source, store, sink: one.notifier, clock, logger: silentLogger() },
    { intervalMs: 60_000, initialLookbackMs: 24 * HOUR, windowMs: 30 * 60_000, retentionMs: 7 * 86_400_000 },
  );
  const soc = await one.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
  const other = await one.subscriptions.subscribe(channel('other'), {}, { name: 'Megan' });
  /** A new correlated pair for Megan, `severity` on the Defender side. */
  const correlate = async (severity = 'medium', notifier = one.notifier) => {
    const at = clock.now() - 10 * 60_000;
    const defender = makeAlert({
      severity,
      evidence: [userEvidence({ upn: 'Megan.Bowen@contoso.com' })],
      ...timesAt(at),
    });
    source.alerts.set(defender.id, defender);
    const dlp = makeDlpAlert({
      evidence: [userEvidence({ upn: 'megan.bowen@contoso.com', roles: ['policyViolator'] })],
      ...timesAt(at + 60_000),
    });
    source.alerts.set(dlp.id, dlp);
    await poller.runCycle();
    await notifier.processOutbox();
    return defender;
  };
  const snoozeMegan = (over: { highBreaksThrough?: boolean; until?: number } = {}) =>
    one.snoozes.set(soc.id, {
      target: { kind: 'user', key: MEGAN, display: 'Megan.Bowen@contoso.com' },
      until: over.until ?? clock.now() + HOUR,
      highBreaksThrough: over.highBreaksThrough ?? true,
      by: { name: 'Riley' },
    });
  return { store, clock, transport, one, soc, other, correlate, snoozeMegan };
}

const heading = (op: { activity: { card?: Record<string, unknown> } }): string =>
  JSON.stringify(op.activity.card);

describe('snoozes in the notifier', () => {
  it('holds new cards for a snoozed user in that channel only, and posts them elsewhere', async () => {
    const t = await setup();
    await t.snoozeMegan();
    await t.correlate();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(0);
    expect(t.transport.roots(t.other.ref.conversation.id)).toHaveLength(1);
    expect((await t.one.snoozes.forSubscription(t.soc.id))[0]!.held).toHaveLength(1);
  });

  it('lets a high-severity alert through a snooze, and holds it when the analyst chose so', async () => {
    const t = await setup();
    await t.snoozeMegan();
    await t.correlate('high');
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(1);
    await t.snoozeMegan({ highBreaksThrough: false });
    await t.correlate('high');
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(1);
  });

  it('posts one summary naming the held alerts when the snooze expires, and nothing again after a restart', async () => {
    const t = await setup();
    await t.snoozeMegan();
    const a = await t.correlate();
    t.clock.advance(60_000);
    const b = await t.correlate();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(0);
    t.clock.advance(HOUR);
    await t.one.notifier.processOutbox();
    const sent = t.transport.roots(t.soc.ref.conversation.id);
    expect(sent).toHaveLength(1);
    expect(heading(sent[0]!)).toContain('Snooze ended: 2 alerts for user Megan.Bowen@contoso.com');
    expect(heading(sent[0]!)).toContain(a.title!);
    expect(b.id).not.toBe(a.id);
    // A restart (a new notifier on the same store) and later rounds send nothing more.
    const restarted = notifierOver(t.store, t.clock, t.transport);
    await restarted.notifier.processOutbox();
    await t.one.notifier.processOutbox();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(1);
    // After the snooze, new alerts get cards again; the held ones do not come back as cards.
    await t.correlate();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(2);
  });

  it('keeps a summary Teams refused and sends it on a later round', async () => {
    const t = await setup();
    await t.snoozeMegan();
    await t.correlate();
    t.clock.advance(HOUR);
    t.transport.fail(503, { kind: 'send', count: 10 });
    await t.one.notifier.processOutbox();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(0);
    t.transport.clearFailures();
    await t.one.notifier.processOutbox();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(1);
  });

  it('sends the summary at once when a snooze is lifted, and a snooze that held nothing ends silently', async () => {
    const t = await setup();
    const { snooze } = await t.snoozeMegan();
    await t.correlate();
    expect(await t.one.snoozes.lift(t.soc.id, snooze.id, 'Riley')).toBeDefined();
    await t.one.notifier.processOutbox();
    expect(heading(t.transport.roots(t.soc.ref.conversation.id)[0]!)).toContain('lifted by Riley');
    await t.snoozeMegan();
    t.clock.advance(2 * HOUR);
    await t.one.notifier.processOutbox();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(1);
    expect(await t.one.snoozes.forSubscription(t.soc.id)).toEqual([]);
  });

  it('extends the snooze already on a target instead of adding a second one', async () => {
    const t = await setup();
    const first = await t.snoozeMegan();
    const again = await t.snoozeMegan({ until: t.clock.now() + 4 * HOUR });
    expect(again.extended).toBe(true);
    expect(again.snooze.id).toBe(first.snooze.id);
    expect(await t.one.snoozes.forSubscription(t.soc.id)).toHaveLength(1);
  });
});
