/**
 * The notifier deletes a round's completed outbox entries in one store batch (SQLite: one transaction),
 * still only after every card of the round is up to date: a crash between the cards and the delete only
 * repeats reconciles that send nothing.
 */
import { AlertReadModel } from '../../../src/alerts';
import { silentLogger } from '../../../src/log';
import type { SecurityAlert } from '../../../src/model';
import { Deliverer, DigestBook, Notifier, Pacer } from '../../../src/notify';
import { deleteCompleted, outboxPut } from '../../../src/notify/outbox';
import { Poller, type AlertSource } from '../../../src/poller';
import { OUTBOX_PREFIX, type OutboxEntry } from '../../../src/records';
import { MemoryStore } from '../../../src/store/memory';
import { openSqliteStore } from '../../../src/store/sqlite';
import type { BatchOp, Store } from '../../../src/store/types';
import { SubscriptionRegistry } from '../../../src/subscriptions';
import { BASE_MS, iso, makeAlert, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { SteppingClock } from '../../helpers/clocks';
import { FakeTransport } from '../../helpers/fakeTransport';

class ListSource implements AlertSource {
  constructor(private readonly alerts: SecurityAlert[]) {}
  async listAlertsChangedSince(since: string) {
    const alerts = this.alerts.filter((a) => Date.parse(a.lastUpdateDateTime) > Date.parse(since));
    return { alerts, pages: 1, skipped: 0 };
  }
}

/** `n` correlated pairs, each by another user: `n` outbox entries, one per Defender alert. */
function pairs(n: number): SecurityAlert[] {
  return Array.from({ length: n }, (_, i) => {
    const upn = `user${i}@contoso.com`;
    return [
      makeAlert({ evidence: [userEvidence({ upn })], ...timesAt(BASE_MS) }),
      makeDlpAlert({
        evidence: [userEvidence({ upn, roles: ['policyViolator'] })],
        ...timesAt(BASE_MS + 60_000),
      }),
    ];
  }).flat();
}

/** The store's batches as they are applied; `failNextDelete` makes the next batch of deletes throw. */
function recording(store: Store) {
  const batches: BatchOp[][] = [];
  const real = store.batch.bind(store);
  const control = { failNextDelete: false };
  store.batch = async (ops) => {
    if (control.failNextDelete && ops.every((o) => o.op === 'delete' && o.key.startsWith(OUTBOX_PREFIX))) {
      control.failNextDelete = false;
      throw new Error('killed (injected) between the cards and the delete');
    }
    batches.push(ops);
    return real(ops);
  };
  const outboxDeletes = () =>
    batches.filter((b) => b.some((o) => o.op === 'delete' && o.key.startsWith(OUTBOX_PREFIX)));
  return { control, outboxDeletes };
}

async function setup(alerts: SecurityAlert[]) {
  const store = openSqliteStore(':memory:');
  const rec = recording(store);
  const clock = new SteppingClock(BASE_MS + 3600_000);
  const logger = silentLogger();
  const transport = new FakeTransport();
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { baseDelayMs: 100 }),
    cards: new AlertReadModel({ store, features: () => ({}) }),
    digests: new DigestBook(store, 100),
    clock,
    logger,
  });
  const poller = new Poller(
    { source: new ListSource(alerts), store, sink: notifier, clock, logger },
    {
      intervalMs: 60_000,
      initialLookbackMs: 24 * 3600_000,
      windowMs: 30 * 60_000,
      retentionMs: 7 * 86_400_000,
    },
  );
  await subscriptions.subscribe(
    {
      serviceUrl: 'http://127.0.0.1:1/',
      channelId: 'msteams',
      conversation: { id: '19:soc@thread.tacv2', conversationType: 'channel', tenantId: 't' },
      teamId: '19:team@thread.tacv2',
    },
    {},
    { name: 'Megan' },
  );
  await poller.runCycle();
  return { store, transport, notifier, ...rec };
}

describe('deleting completed outbox entries', () => {
  it('deletes a round’s completed entries in one store batch (one SQLite transaction)', async () => {
    const t = await setup(pairs(5));
    expect(await t.store.list(OUTBOX_PREFIX)).toHaveLength(5);
    await expect(t.notifier.processOutbox()).resolves.toBe(5);
    expect(t.transport.roots()).toHaveLength(5);
    expect(t.outboxDeletes().map((b) => b.length)).toEqual([5]);
    expect(await t.store.list(OUTBOX_PREFIX)).toEqual([]);
  });

  it('after a crash between the cards and the delete, repeats the round without sending anything twice', async () => {
    const t = await setup(pairs(3));
    t.control.failNextDelete = true;
    await expect(t.notifier.processOutbox()).rejects.toThrow('killed');
    expect(t.transport.roots()).toHaveLength(3);
    expect(await t.store.list(OUTBOX_PREFIX)).toHaveLength(3);
    const sentBefore = t.transport.ops.length;

    await expect(t.notifier.processOutbox()).resolves.toBe(3);
    expect(t.transport.ops).toHaveLength(sentBefore);
    expect(await t.store.list(OUTBOX_PREFIX)).toEqual([]);
  });
});

describe('deleteCompleted', () => {
  async function queued(store: MemoryStore, n: number) {
    for (let i = 0; i < n; i++)
      await store.batch([
        outboxPut(BASE_MS, i, { alertId: `da${i}`, reason: 'changed', queuedAt: iso(BASE_MS) }),
      ]);
    const items = await store.list<OutboxEntry>(OUTBOX_PREFIX);
    return items.map((i) => [i]);
  }

  it('deletes every group on its own when one entry changed since it was listed, leaving only that one', async () => {
    const store = new MemoryStore();
    const groups = await queued(store, 3);
    const changed = groups[1]![0]!;
    await store.put(changed.key, { ...changed.value, backlog: true });
    await expect(deleteCompleted(store, groups, silentLogger())).resolves.toBe(2);
    expect((await store.list(OUTBOX_PREFIX)).map((i) => i.key)).toEqual([changed.key]);
  });

  it('throws what is not a conflict (the store is down): nothing is lost, the round is repeated', async () => {
    const store = new MemoryStore();
    const groups = await queued(store, 2);
    store.batch = async () => {
      throw new Error('disk I/O error');
    };
    await expect(deleteCompleted(store, groups, silentLogger())).rejects.toThrow('disk I/O error');
  });

  it('does nothing for a round with nothing completed', async () => {
    const store = new MemoryStore();
    const batch = jest.spyOn(store, 'batch');
    await expect(deleteCompleted(store, [], silentLogger())).resolves.toBe(0);
    expect(batch).not.toHaveBeenCalled();
  });
});
