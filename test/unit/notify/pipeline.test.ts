import { AlertReadModel } from '../../../src/alerts';
import type { SecurityAlert } from '../../../src/model';
import { silentLogger } from '../../../src/log';
import { Deliverer, DigestBook, Notifier, Pacer } from '../../../src/notify';
import { SubscriptionRegistry, type ConversationRef } from '../../../src/subscriptions';
import { Poller, type AlertSource } from '../../../src/poller';
import { MemoryStore } from '../../../src/store/memory';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { SteppingClock } from '../../helpers/clocks';
import { FakeTransport } from '../../helpers/fakeTransport';

/** A Graph stand-in: returns every alert changed after `since`, like the server-side $filter. */
class ListSource implements AlertSource {
  alerts = new Map<string, SecurityAlert>();
  calls = 0;
  put(a: SecurityAlert): void {
    this.alerts.set(a.id, a);
  }
  async listAlertsChangedSince(since: string) {
    this.calls++;
    const alerts = [...this.alerts.values()].filter(
      (a) => Date.parse(a.lastUpdateDateTime) > Date.parse(since),
    );
    return { alerts, pages: 1, skipped: 0 };
  }
}

function channel(name: string): ConversationRef {
  return {
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    conversation: { id: `19:${name}@thread.tacv2`, conversationType: 'channel', tenantId: 't' },
    teamId: '19:team@thread.tacv2',
  };
}

async function setup(o: { maxPerMinute?: number } = {}) {
  const store = new MemoryStore();
  const clock = new SteppingClock(BASE_MS + 3600_000);
  const logger = silentLogger();
  const source = new ListSource();
  const transport = new FakeTransport();
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const alerts = new AlertReadModel({ store, features: () => ({}) });
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { baseDelayMs: 100 }),
    cards: alerts,
    digests: new DigestBook(store, o.maxPerMinute ?? 20),
    clock,
    logger,
  });
  const poller = new Poller(
    { source, store, sink: notifier, clock, logger },
    {
      intervalMs: 60_000,
      initialLookbackMs: 24 * 3600_000,
      windowMs: 30 * 60_000,
      retentionMs: 7 * 86_400_000,
    },
  );
  const soc = await subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
  const high = await subscriptions.subscribe(channel('high'), { minSeverity: 'high' }, { name: 'Megan' });
  const cycle = async () => {
    await poller.runCycle();
    await notifier.processOutbox();
  };
  return { store, clock, source, transport, subscriptions, notifier, poller, soc, high, cycle };
}

const megan = (extra = {}) => userEvidence({ upn: 'Megan.Bowen@contoso.com', ...extra });

function pair(minutesApart: number, severity = 'medium') {
  const defender = makeAlert({ severity, evidence: [megan()], ...timesAt(BASE_MS) });
  const dlp = makeDlpAlert({
    evidence: [userEvidence({ upn: 'megan.bowen@contoso.com', roles: ['policyViolator'] })],
    ...timesAt(BASE_MS + minutesApart * 60_000),
  });
  return { defender, dlp };
}

describe('the notification pipeline (poller → outbox → notifier)', () => {
  it('posts exactly one root card per matching channel for a new correlation', async () => {
    const t = await setup();
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    expect(t.transport.roots(t.soc.ref.conversation.id)).toHaveLength(1);
    expect(t.transport.roots(t.high.ref.conversation.id)).toHaveLength(0); // severity filter
    const card = t.transport.roots()[0]!.activity.card as { actions?: unknown[]; fallbackText: string };
    expect(card.fallbackText).toContain(defender.title);
  });

  it('posts nothing more when the same alerts are read again', async () => {
    const t = await setup();
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    t.clock.advance(60_000);
    await t.cycle();
    expect(t.transport.ops.filter((o) => o.kind === 'send')).toHaveLength(1);
    expect(t.transport.ops.filter((o) => o.kind !== 'send')).toHaveLength(0);
  });

  it('updates the same card in place and replies in its thread when a late DLP alert correlates', async () => {
    const t = await setup();
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    const root = t.transport.roots()[0]!;
    t.clock.advance(120_000);
    const late = makeDlpAlert({
      evidence: [userEvidence({ upn: 'MEGAN.BOWEN@contoso.com', roles: ['policyViolator'] })],
      ...timesAt(BASE_MS + 20 * 60_000),
      lastUpdateDateTime: iso(t.clock.now() - 1000),
    });
    t.source.put(late);
    await t.cycle();
    expect(t.transport.roots()).toHaveLength(1);
    const update = t.transport.ops.find((o) => o.kind === 'update');
    expect(update?.activityId).toBe(root.activityId);
    const reply = t.transport.ops.find((o) => o.kind === 'reply');
    expect(reply?.rootId).toBe(root.activityId);
    expect(JSON.stringify(reply?.activity.card)).toContain('New correlated DLP alert');
  });

  it('updates the card when the alert changes in the portal (status, assignment)', async () => {
    const t = await setup();
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    t.clock.advance(60_000);
    t.source.put({
      ...defender,
      status: 'inProgress',
      assignedTo: 'adele@contoso.com',
      lastUpdateDateTime: iso(t.clock.now() - 500),
    });
    await t.cycle();
    const updates = t.transport.ops.filter((o) => o.kind === 'update');
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]!.activity.card).replace(/\u200d/g, '')).toContain('adele@contoso.com');
    expect(t.transport.roots()).toHaveLength(1);
  });

  it('removes a subscription when Teams answers 403 and keeps delivering elsewhere', async () => {
    const t = await setup();
    t.transport.fail(403, { code: 'BotNotInConversationRoster', kind: 'send' });
    const { defender, dlp } = pair(4, 'high');
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    const remaining = (await t.subscriptions.list()).map((s) => s.id);
    expect(remaining).toHaveLength(1);
    expect(t.transport.roots()).toHaveLength(1);
  });

  it('retries a 429 after its Retry-After and posts once', async () => {
    const t = await setup();
    t.transport.fail(429, { retryAfterMs: 7000, kind: 'send' });
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    expect(t.transport.roots()).toHaveLength(1);
    expect(Math.max(...t.clock.sleeps)).toBeGreaterThanOrEqual(7000);
  });

  it('keeps the outbox entry when Teams keeps failing, and delivers on a later round', async () => {
    const t = await setup();
    t.transport.fail(502, { kind: 'send', count: 6 });
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.poller.runCycle();
    await expect(t.notifier.processOutbox()).rejects.toThrow();
    expect(t.transport.roots()).toHaveLength(0);
    await t.notifier.processOutbox();
    expect(t.transport.roots()).toHaveLength(1);
  });

  it('puts alerts past the per-minute limit into one digest card that grows in place', async () => {
    const t = await setup({ maxPerMinute: 3 });
    for (let i = 0; i < 8; i++) {
      const user = `user${i}@contoso.com`;
      t.source.put(makeAlert({ evidence: [userEvidence({ upn: user })], ...timesAt(BASE_MS + i * 1000) }));
      t.source.put(
        makeDlpAlert({
          evidence: [userEvidence({ upn: user, roles: ['policyViolator'] })],
          ...timesAt(BASE_MS + i * 1000 + 60_000),
        }),
      );
    }
    await t.cycle();
    const sends = t.transport.roots(t.soc.ref.conversation.id);
    expect(sends).toHaveLength(4); // 3 alert cards + 1 digest
    expect(JSON.stringify(sends[3]!.activity.card)).toMatch(/5 more correlated alerts|5 correlated alerts/);
  });

  it('summarises a catch-up backlog (older than 6 h, or already resolved) in one digest card per channel', async () => {
    const t = await setup();
    await t.cycle(); // the poller has a watermark, then goes down
    t.clock.advance(7 * 3600_000); // an outage: the poller comes back 8 h after the activity
    for (let i = 0; i < 6; i++) {
      const user = `late${i}@contoso.com`;
      t.source.put(makeAlert({ evidence: [userEvidence({ upn: user })], ...timesAt(BASE_MS + i * 1000) }));
      t.source.put(makeDlpAlert({ evidence: [userEvidence({ upn: user })], ...timesAt(BASE_MS + i * 1000 + 60_000) })); // prettier-ignore
    }
    await t.cycle();
    const sends = t.transport.roots(t.soc.ref.conversation.id);
    expect(sends).toHaveLength(1);
    expect(JSON.stringify(sends[0]!.activity.card)).toMatch(/6 (more )?correlated alerts/);
  });

  it('in a catch-up, still posts a card of its own for a recent, open correlation', async () => {
    const t = await setup();
    await t.cycle();
    t.clock.advance(7 * 3600_000);
    const recent = BASE_MS + 7 * 3600_000;
    const open = makeAlert({ evidence: [megan()], ...timesAt(recent) });
    t.source.put(open);
    t.source.put(makeDlpAlert({ evidence: [megan()], ...timesAt(recent + 60_000) }));
    const resolved = makeAlert({ status: 'resolved', evidence: [userEvidence({ upn: 'adele@contoso.com' })], ...timesAt(recent) }); // prettier-ignore
    t.source.put(resolved);
    t.source.put(makeDlpAlert({ evidence: [userEvidence({ upn: 'adele@contoso.com' })], ...timesAt(recent + 60_000) })); // prettier-ignore
    await t.cycle();
    const sends = t.transport.roots(t.soc.ref.conversation.id);
    expect(sends).toHaveLength(2); // the open one's card, and a digest holding the resolved one
    expect(JSON.stringify(sends[0]!.activity.card)).toContain(open.title);
    expect(JSON.stringify(sends[1]!.activity.card)).toMatch(/1 (more )?correlated alert/);
  });

  it('posts old correlations one by one on a first poll or a cycle that is not catching up', async () => {
    const t = await setup();
    t.clock.advance(7 * 3600_000);
    const { defender, dlp } = pair(4);
    t.source.put(defender);
    t.source.put(dlp);
    await t.cycle();
    const sends = t.transport.roots(t.soc.ref.conversation.id);
    expect(sends).toHaveLength(1);
    expect(JSON.stringify(sends[0]!.activity.card)).toContain(defender.title);
  });

  /** Floods the `soc` channel past its limit and lets every digest send fail: the digest is owed. */
  async function owedDigest() {
    const t = await setup({ maxPerMinute: 1 });
    const flood = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        const user = `flood${i}@contoso.com`;
        t.source.put(makeAlert({ evidence: [userEvidence({ upn: user })], ...timesAt(BASE_MS + i * 1000) }));
        t.source.put(makeDlpAlert({ evidence: [userEvidence({ upn: user })], ...timesAt(BASE_MS + i * 1000 + 60_000) })); // prettier-ignore
      }
      t.clock.advance(1000);
      await t.poller.runCycle();
    };
    await flood(0, 1);
    await t.notifier.processOutbox(); // the minute's one card
    await flood(1, 2);
    t.transport.fail(503, { kind: 'send', count: 1000 });
    await expect(t.notifier.processOutbox()).rejects.toThrow();
    expect(await t.store.list('outbox/')).toHaveLength(0);
    return t;
  }
  const digestsIn = (tr: FakeTransport, conversationId: string) =>
    tr
      .roots(conversationId)
      .filter((o) => /more correlated alerts|correlated alerts/.test(JSON.stringify(o.activity.card)));

  it('sends an owed digest on a later round, though its alerts have left the outbox', async () => {
    const t = await owedDigest();
    expect(digestsIn(t.transport, t.soc.ref.conversation.id)).toHaveLength(0);
    t.transport.clearFailures();
    await t.notifier.processOutbox();
    expect(digestsIn(t.transport, t.soc.ref.conversation.id)).toHaveLength(1);
  });

  it('sends a digest a previous process left owed, after a restart on the same store', async () => {
    const t = await owedDigest();
    const transport = new FakeTransport();
    const logger = silentLogger();
    const restarted = new Notifier({
      store: t.store,
      subscriptions: t.subscriptions,
      transport,
      deliverer: new Deliverer(new Pacer(t.clock), t.clock, logger),
      cards: new AlertReadModel({ store: t.store, features: () => ({}) }),
      digests: new DigestBook(t.store, 1, () => t.clock.now()),
      clock: t.clock,
      logger,
    });
    await restarted.processOutbox();
    const digests = digestsIn(transport, t.soc.ref.conversation.id);
    expect(digests).toHaveLength(1);
    await restarted.processOutbox();
    expect(digestsIn(transport, t.soc.ref.conversation.id)).toHaveLength(1);
  });
});
