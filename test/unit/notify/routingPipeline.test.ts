import { AlertReadModel } from '../../../src/alerts';
import { silentLogger } from '../../../src/log';
import type { SecurityAlert } from '../../../src/model';
import { Deliverer, DigestBook, Notifier, Pacer } from '../../../src/notify';
import { SubscriptionRegistry, type ConversationRef, type Sensitivity } from '../../../src/subscriptions';
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

async function setup(o: { sensitivity?: Sensitivity; insiderRiskCards?: boolean } = {}) {
  const store = new MemoryStore();
  const clock = new SteppingClock(BASE_MS + 30 * HOUR);
  const logger = silentLogger();
  const transport = new FakeTransport();
  const source = new ListSource();
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const alerts = new AlertReadModel({
    store,
    features: () => ({}),
    sensitivity: async () => o.sensitivity ?? 'normal',
  });
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { baseDelayMs: 100 }),
    cards: alerts,
    digests: new DigestBook(store, 20, () => clock.now()),
    routing: { insiderRiskCards: o.insiderRiskCards ?? false },
    clock,
    logger,
  });
  const poller = new Poller(
    { source, store, sink: notifier, clock, logger },
    { intervalMs: 60_000, initialLookbackMs: 48 * HOUR, windowMs: 30 * 60_000, retentionMs: 7 * 86_400_000 },
  );
  const general = await subscriptions.subscribe(channel('general'), {}, { name: 'Megan' });
  await subscriptions.subscribe(channel('hr'), {}, { name: 'Megan' });
  const hr = (await subscriptions.setRules(channel('hr').conversation.id, (s) => ({
    filter: s.filter,
    sensitive: true,
  })))!;
  const correlate = async (over: Partial<SecurityAlert> = {}) => {
    const at = clock.now() - HOUR;
    const d = makeAlert({ evidence: [userEvidence({ upn: 'megan@contoso.com' })], ...timesAt(at), ...over });
    const dlp = makeDlpAlert({
      evidence: [userEvidence({ upn: 'megan@contoso.com', roles: ['policyViolator'] })],
      ...timesAt(at + 60_000),
    });
    source.alerts.set(d.id, d);
    source.alerts.set(dlp.id, dlp);
    await poller.runCycle();
    await notifier.processOutbox();
    return d;
  };
  const cards = (sub: { ref: ConversationRef }) => transport.roots(sub.ref.conversation.id).length;
  return { correlate, cards, general, hr };
}

describe('routing in the notifier', () => {
  it('posts an ordinary correlation in the general channel only', async () => {
    const t = await setup();
    await t.correlate();
    expect([t.cards(t.general), t.cards(t.hr)]).toEqual([1, 0]);
  });

  it('posts a sensitive correlation, or one whose policy is undetermined, in the sensitive route only', async () => {
    for (const sensitivity of ['sensitive', 'undetermined'] as const) {
      const t = await setup({ sensitivity });
      await t.correlate();
      expect([t.cards(t.general), t.cards(t.hr)]).toEqual([0, 1]);
    }
  });

  it('cards an Insider Risk alert nowhere by default, and only in the sensitive route when turned on', async () => {
    const irm = { serviceSource: 'microsoftInsiderRiskManagement' as const };
    const off = await setup();
    await off.correlate(irm);
    expect([off.cards(off.general), off.cards(off.hr)]).toEqual([0, 0]);
    const on = await setup({ insiderRiskCards: true });
    await on.correlate(irm);
    expect([on.cards(on.general), on.cards(on.hr)]).toEqual([0, 1]);
  });
});
