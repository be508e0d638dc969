import { silentLogger } from '../../../src/log';
import { Deliverer, Pacer } from '../../../src/notify';
import { SubscriptionRegistry, type ConversationRef } from '../../../src/subscriptions';
import { ALERT_PREFIX } from '../../../src/records';
import { ReportScheduler, ReportService, parseSchedule } from '../../../src/report';
import { slotKey, type SlotRecord } from '../../../src/records';
import { MemoryStore } from '../../../src/store/memory';
import { SteppingClock } from '../../helpers/clocks';
import { FakeTransport } from '../../helpers/fakeTransport';
import { visibleText } from '../bot/cardText';
import { capturedLogger } from '../ops/logCapture';
import { defender, dlp, HOUR, MIN } from './fixtures';

const PARIS = 'Europe/Paris';
const at = (iso: string): number => Date.parse(iso);

function channel(name: string): ConversationRef {
  return {
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    conversation: { id: `19:${name}@thread.tacv2`, conversationType: 'channel', tenantId: 't' },
  };
}

/** One replica's scheduler over a shared store and Teams. */
function replica(
  world: { store: MemoryStore; clock: SteppingClock; transport: FakeTransport },
  o: { id?: string; schedule?: string; zone?: string } = {},
) {
  const times = parseSchedule(o.schedule ?? '08:00,20:00');
  if (!times.ok) throw new Error(times.error);
  const { logger, lines } = capturedLogger();
  const zone = o.zone ?? PARIS;
  const scheduler = new ReportScheduler({
    times: times.times,
    timeZone: zone,
    reports: new ReportService({ store: world.store, timeZone: zone }),
    store: world.store,
    subscriptions: new SubscriptionRegistry(world.store, world.clock, silentLogger()),
    transport: world.transport,
    deliverer: new Deliverer(new Pacer(world.clock), world.clock, silentLogger(), {
      baseDelayMs: 10,
      maxAttempts: 2,
    }),
    clock: world.clock,
    logger,
    replicaId: o.id ?? 'replica-a',
  });
  return { scheduler, lines };
}

/** A world at `start` with two subscribed channels and a few correlated alerts. */
async function world(start: string) {
  const store = new MemoryStore();
  const clock = new SteppingClock(at(start));
  const transport = new FakeTransport();
  const subs = new SubscriptionRegistry(store, clock, silentLogger());
  await subs.subscribe(channel('soc'), {}, { name: 'Megan' });
  await subs.subscribe(channel('managers'), { minSeverity: 'high' }, { name: 'Megan' });
  return { store, clock, transport, subs };
}

async function track(store: MemoryStore, alerts: Array<{ id: string }>): Promise<void> {
  for (const a of alerts) await store.put(`${ALERT_PREFIX}${a.id}`, a);
}

const texts = (t: FakeTransport): string[] => t.roots().map((r) => visibleText(r.activity.card));

describe('the scheduled shift report', () => {
  it('sends each slot once to every subscribed channel, in the zone’s local time', async () => {
    const w = await world('2026-11-20T06:00:00Z'); // 07:00 in Paris
    const { scheduler } = replica(w);
    expect(await scheduler.checkOnce()).toBeUndefined(); // the schedule starts now; 08:00 is ahead
    w.clock.advance(HOUR + 30_000); // 08:00:30 Paris = 07:00:30 UTC
    expect(await scheduler.checkOnce()).toMatchObject({
      due: at('2026-11-20T07:00:00Z'),
      sent: 2,
      late: false,
    });
    expect(await scheduler.checkOnce()).toBeUndefined();
    w.clock.advance(5 * MIN);
    expect(await scheduler.checkOnce()).toBeUndefined();
    expect(
      w.transport
        .roots()
        .map((r) => r.conversationId)
        .sort(),
    ).toEqual(['19:managers@thread.tacv2', '19:soc@thread.tacv2']);
    expect(texts(w.transport)[0]).toContain('Scheduled shift report');
    expect(texts(w.transport)[0]).toContain('2026-11-19 20:00 → 2026-11-20 08:00 (Europe/Paris)');
    expect(texts(w.transport)[0]).not.toContain('Sent late');
  });

  it('does not send a slot that was due before the schedule was configured', async () => {
    const w = await world('2026-11-20T09:00:00Z'); // 10:00 Paris: 08:00 has passed
    const { scheduler } = replica(w);
    expect(await scheduler.checkOnce()).toBeUndefined();
    expect(w.transport.roots()).toHaveLength(0);
  });

  it('sends a slot missed while down once, late, and says so; older missed slots are skipped', async () => {
    const w = await world('2026-11-20T06:00:00Z');
    await replica(w).scheduler.checkOnce(); // the schedule is in effect from 07:00 Paris
    w.clock.advance(14 * HOUR); // down through 08:00 and 20:00; back at 21:00 Paris
    const restarted = replica(w, { id: 'replica-b' }).scheduler;
    expect(await restarted.checkOnce()).toMatchObject({
      due: at('2026-11-20T19:00:00Z'),
      late: true,
      sent: 2,
    });
    expect(await restarted.checkOnce()).toBeUndefined();
    expect(w.transport.roots()).toHaveLength(2);
    expect(texts(w.transport)[0]).toContain(
      'Sent late: this report was due at 2026-11-20 20:00 (Europe/Paris) and is sent at 2026-11-20 21:00',
    );
  });

  it('sends nothing twice across a restart', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    await replica(w).scheduler.checkOnce();
    w.clock.advance(2 * MIN);
    await replica(w).scheduler.checkOnce();
    for (let i = 0; i < 3; i++) {
      w.clock.advance(10 * MIN);
      expect(await replica(w, { id: `replica-${i}` }).scheduler.checkOnce()).toBeUndefined();
    }
    expect(w.transport.roots()).toHaveLength(2);
  });

  it('sends one report per channel when two replicas check the same slot at the same moment', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    const a = replica(w, { id: 'replica-a' }).scheduler;
    const b = replica(w, { id: 'replica-b' }).scheduler;
    await Promise.all([a.checkOnce(), b.checkOnce()]);
    w.clock.advance(2 * MIN);
    const outcomes = await Promise.all([a.checkOnce(), b.checkOnce(), a.checkOnce(), b.checkOnce()]);
    expect(outcomes.reduce((n, o) => n + (o?.sent ?? 0), 0)).toBe(2);
    expect(
      w.transport
        .roots()
        .map((r) => r.conversationId)
        .sort(),
    ).toEqual(['19:managers@thread.tacv2', '19:soc@thread.tacv2']);
    const record = (await w.store.get<SlotRecord>(slotKey('default', at('2026-11-20T07:00:00Z'))))!.value;
    expect(record.done).toBe(true);
    expect(Object.values(record.deliveries).map((d) => d.state)).toEqual(['sent', 'sent']);
  });

  it('does not resend to a channel whose send was interrupted, and logs it', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    await replica(w).scheduler.checkOnce();
    w.clock.advance(2 * MIN);
    const due = at('2026-11-20T07:00:00Z');
    const socId = (await w.subs.get('19:soc@thread.tacv2'))!.id;
    // The process that claimed the slot died after marking the soc channel `sending`.
    await w.store.put(slotKey('default', due), {
      due: new Date(due).toISOString(),
      from: '2026-11-19T19:00:00.000Z',
      claimedBy: 'dead-replica',
      claimedAt: new Date(due).toISOString(),
      late: false,
      deliveries: { [socId]: { state: 'sending', at: new Date(due).toISOString() } },
      done: false,
    } satisfies SlotRecord);
    const { scheduler, lines } = replica(w);
    expect(await scheduler.checkOnce()).toMatchObject({ sent: 1 });
    expect(w.transport.roots().map((r) => r.conversationId)).toEqual(['19:managers@thread.tacv2']);
    expect(lines().some((l) => String(l.msg).includes('interrupted; not sent again'))).toBe(true);
  });

  it('says late to a channel a later leader finishes after the first one died mid-slot', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    await replica(w).scheduler.checkOnce();
    const due = at('2026-11-20T07:00:00Z');
    const socId = (await w.subs.get('19:soc@thread.tacv2'))!.id;
    // Claimed on time; the soc channel got its report, then the leader died before the managers channel.
    await w.store.put(slotKey('default', due), {
      due: new Date(due).toISOString(),
      from: '2026-11-19T19:00:00.000Z',
      claimedBy: 'dead-replica',
      claimedAt: new Date(due).toISOString(),
      late: false,
      deliveries: { [socId]: { state: 'sent', at: new Date(due).toISOString(), activityId: '1' } },
      done: false,
    } satisfies SlotRecord);
    w.clock.advance(HOUR);
    expect(await replica(w, { id: 'replica-b' }).scheduler.checkOnce()).toMatchObject({
      sent: 1,
      late: true,
    });
    expect(w.transport.roots().map((r) => r.conversationId)).toEqual(['19:managers@thread.tacv2']);
    expect(texts(w.transport)[0]).toContain('Sent late');
  });

  it('waits for the next slot for a channel that subscribed after the slot was due', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    const { scheduler } = replica(w);
    await scheduler.checkOnce();
    w.clock.advance(2 * MIN);
    await w.subs.subscribe(channel('late-joiner'), {}, { name: 'Megan' });
    expect(await scheduler.checkOnce()).toMatchObject({ sent: 2 });
    expect(w.transport.roots().map((r) => r.conversationId)).not.toContain('19:late-joiner@thread.tacv2');
  });

  it('records a channel Teams refused as failed and does not retry it', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    const { scheduler } = replica(w);
    await scheduler.checkOnce();
    w.clock.advance(2 * MIN);
    w.transport.fail(403, { count: 1 });
    expect(await scheduler.checkOnce()).toMatchObject({ sent: 1, failed: 1 });
    expect(await scheduler.checkOnce()).toBeUndefined();
  });

  it('runs a slot that falls in the spring-forward gap after the jump, once', async () => {
    const w = await world('2026-03-28T23:00:00Z'); // 00:00 CET on the gap night
    const { scheduler } = replica(w, { schedule: '02:30' });
    expect(await scheduler.checkOnce()).toBeUndefined();
    w.clock.advance(2 * HOUR); // 01:00 UTC = 03:00 CEST: 02:30 never happened, 03:30 has not come
    expect(await scheduler.checkOnce()).toBeUndefined();
    w.clock.advance(31 * MIN); // 03:31 CEST
    expect(await scheduler.checkOnce()).toMatchObject({ due: at('2026-03-29T01:30:00Z'), sent: 2 });
    w.clock.advance(HOUR);
    expect(await scheduler.checkOnce()).toBeUndefined();
  });

  it('sends a slot in the fall-back overlap once, at its first occurrence', async () => {
    const w = await world('2026-10-24T22:00:00Z'); // 00:00 CEST on the overlap night
    const { scheduler } = replica(w, { schedule: '02:30' });
    await scheduler.checkOnce();
    w.clock.advance(2 * HOUR + 31 * MIN); // 00:31 UTC = 02:31 CEST
    expect(await scheduler.checkOnce()).toMatchObject({ due: at('2026-10-25T00:30:00Z') });
    w.clock.advance(HOUR); // 01:31 UTC = 02:31 CET, the second 02:30 has passed
    expect(await scheduler.checkOnce()).toBeUndefined();
    expect(w.transport.roots()).toHaveLength(2);
  });

  it('shows each channel what its subscription filter lets through', async () => {
    const w = await world('2026-11-20T06:59:00Z');
    const d = dlp(at('2026-11-20T01:00:00Z'));
    await track(w.store, [
      d,
      defender(at('2026-11-20T01:00:00Z'), [d], 'alice@contoso.com', { severity: 'high' }),
      defender(at('2026-11-20T02:00:00Z'), [d], 'bob@contoso.com', { severity: 'low' }),
    ]);
    const { scheduler } = replica(w);
    await scheduler.checkOnce();
    w.clock.advance(2 * MIN);
    await scheduler.checkOnce();
    const byChannel = new Map(
      w.transport.roots().map((r) => [r.conversationId, visibleText(r.activity.card)]),
    );
    expect(byChannel.get('19:soc@thread.tacv2')).toContain('2 correlated alerts');
    expect(byChannel.get('19:managers@thread.tacv2')).toContain('1 correlated alert');
  });
});
