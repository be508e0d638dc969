import { AlertReadModel, DlpPolicyClassifier } from '../../../src/alerts';
import type { DlpLookup } from '../../../src/alerts/dlpPolicies';
import type { AlertEvidence, SecurityAlert } from '../../../src/model';
import { Deliverer, DigestBook, Notifier, Pacer, type NotifyEvent } from '../../../src/notify';
import { Poller, type AlertSource } from '../../../src/poller';
import { MemoryStore } from '../../../src/store/memory';
import { SubscriptionRegistry, type AlertFilter, type ConversationRef } from '../../../src/subscriptions';
import {
  BASE_MS,
  deviceEvidence,
  mailboxEvidence,
  makeAlert,
  makeDlpAlert,
  timesAt,
  userEvidence,
} from '../../helpers/builders';
import { SteppingClock } from '../../helpers/clocks';
import { FakeTransport } from '../../helpers/fakeTransport';
import { capturingLogger } from '../graph/stubs';

/**
 * Routing rules in the notifier, with the real read model, classifier and poller: the workloads= rule,
 * the warning for a sensitive correlation with nowhere to go, and rules decided again on every update.
 */

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
const MEGAN = 'megan@contoso.com';

interface Setup {
  /** Conversations and their rules; `sensitive` makes one the sensitive route. */
  channels: Record<string, { filter?: AlertFilter; sensitive?: boolean }>;
  sensitivePolicies?: string[];
  /** Advanced hunting's answer per DLP alert id (undefined: nothing found). */
  hunting?: (dlpAlertId: string) => DlpLookup | undefined;
}

async function setup(o: Setup) {
  const store = new MemoryStore();
  const clock = new SteppingClock(BASE_MS + 30 * HOUR);
  const { logger, lines } = capturingLogger();
  const transport = new FakeTransport();
  const source = new ListSource();
  const events: NotifyEvent[] = [];
  const lookups: string[] = [];
  const subscriptions = new SubscriptionRegistry(store, clock, logger);
  const policies = new DlpPolicyClassifier({
    store,
    clock,
    logger,
    sensitivePolicies: o.sensitivePolicies ?? [],
    lookup: async (id) => {
      lookups.push(id);
      return o.hunting?.(id);
    },
  });
  const alerts = new AlertReadModel({
    store,
    features: () => ({}),
    dlpRouting: (dlps, opts) => policies.classify(dlps, opts),
    workloadRulesInUse: async () => (await subscriptions.list()).some((s) => s.filter.workloads?.length),
  });
  const notifier = new Notifier({
    store,
    subscriptions,
    transport,
    deliverer: new Deliverer(new Pacer(clock), clock, logger, { baseDelayMs: 100 }),
    cards: alerts,
    digests: new DigestBook(store, 20, () => clock.now()),
    routing: { insiderRiskCards: false },
    clock,
    logger,
    onEvent: (e) => events.push(e),
  });
  const poller = new Poller(
    { source, store, sink: notifier, clock, logger },
    { intervalMs: 60_000, initialLookbackMs: 48 * HOUR, windowMs: 30 * 60_000, retentionMs: 7 * 86_400_000 },
  );
  for (const [name, rules] of Object.entries(o.channels)) {
    await subscriptions.subscribe(channel(name), {}, { name: 'Megan' });
    await subscriptions.setRules(channel(name).conversation.id, () => ({
      filter: rules.filter ?? {},
      sensitive: rules.sensitive === true,
    }));
  }
  const cycle = async () => {
    await poller.runCycle();
    await notifier.processOutbox();
  };
  /** A Defender alert and a DLP alert of the same user, an hour ago. */
  const correlate = async (o2: { defender?: Partial<SecurityAlert>; dlpEvidence?: AlertEvidence[] } = {}) => {
    const at = clock.now() - HOUR;
    const d = makeAlert({ evidence: [userEvidence({ upn: MEGAN })], ...timesAt(at), ...o2.defender });
    const dlp = makeDlpAlert({
      evidence: [userEvidence({ upn: MEGAN, roles: ['policyViolator'] }), ...(o2.dlpEvidence ?? [])],
      ...timesAt(at + 60_000),
    });
    source.alerts.set(d.id, d);
    source.alerts.set(dlp.id, dlp);
    await cycle();
    return { d, dlp };
  };
  /** A newer version of a Defender alert (Graph moved lastUpdateDateTime). */
  const change = async (alert: SecurityAlert, over: Partial<SecurityAlert>) => {
    clock.advance(60_000);
    const next = { ...alert, ...over, lastUpdateDateTime: new Date(clock.now() - 1000).toISOString() };
    source.alerts.set(alert.id, next);
    await cycle();
    return next;
  };
  const roots = (name: string) => transport.roots(channel(name).conversation.id);
  const updates = (name: string) =>
    transport.ops.filter((op) => op.kind === 'update' && op.conversationId === channel(name).conversation.id);
  const factsOf = (name: string) => JSON.stringify(roots(name)[0]?.activity.card ?? {});
  return { correlate, change, cycle, roots, updates, factsOf, events, lines, lookups, clock };
}

describe('the workloads= rule in the notifier', () => {
  const exchangeOnly = { filter: { workloads: ['Exchange' as const] } };

  it('posts a correlation whose DLP evidence is mail in an Exchange channel, without a hunting query', async () => {
    const t = await setup({ channels: { mail: exchangeOnly } });
    await t.correlate({ dlpEvidence: [mailboxEvidence({ primaryAddress: MEGAN })] });
    expect(t.roots('mail')).toHaveLength(1);
    expect(t.factsOf('mail')).toContain('DLP workload');
    expect(t.factsOf('mail')).toContain('Exchange');
    expect(t.lookups).toEqual([]);
  });

  it('keeps a correlation in another workload out of the channel', async () => {
    const t = await setup({ channels: { mail: exchangeOnly, all: {} } });
    await t.correlate({ dlpEvidence: [deviceEvidence({ mdeDeviceId: 'a'.repeat(40) })] });
    expect([t.roots('mail').length, t.roots('all').length]).toEqual([0, 1]);
  });

  it('asks advanced hunting when the evidence does not tell, and routes by its answer', async () => {
    const t = await setup({ channels: { mail: exchangeOnly }, hunting: () => ({ workloads: ['Teams'] }) });
    await t.correlate();
    expect(t.roots('mail')).toHaveLength(0);
    expect(t.lookups).toHaveLength(1);
  });

  it('shows a correlation whose workload cannot be determined, and its card says the workload is unknown', async () => {
    const t = await setup({ channels: { mail: exchangeOnly }, hunting: () => undefined });
    await t.correlate();
    expect(t.roots('mail')).toHaveLength(1);
    expect(t.factsOf('mail')).toContain('Unknown (not determined yet)');
  });
});

describe('a sensitive correlation with no sensitive route', () => {
  it('is logged at warn and counted once per alert, not on every update', async () => {
    const t = await setup({
      channels: { general: {} },
      sensitivePolicies: ['HR Cases'],
      hunting: () => undefined,
    });
    const { d } = await t.correlate();
    const next = await t.change(d, { status: 'inProgress' });
    await t.change(next, { assignedTo: 'megan@contoso.com' });
    expect(t.roots('general')).toHaveLength(0);
    expect(t.events.filter((e) => e === 'unrouted')).toHaveLength(1);
    const warnings = t.lines.filter((l) => l.level === 40 && String(l.msg).includes('no sensitive route'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ alertId: d.id, sensitivity: 'undetermined' });
  });

  it('is not warned of while a sensitive route exists (it goes there)', async () => {
    const t = await setup({
      channels: { general: {}, hr: { sensitive: true } },
      sensitivePolicies: ['HR Cases'],
      hunting: () => ({ names: ['HR Cases'] }),
    });
    await t.correlate();
    expect([t.roots('general').length, t.roots('hr').length]).toEqual([0, 1]);
    expect(t.events).not.toContain('unrouted');
  });
});

describe('routing decided again on every update', () => {
  it('posts the card in a channel that newly matches, once the severity rose above its floor', async () => {
    const t = await setup({ channels: { high: { filter: { minSeverity: 'high' } } } });
    const { d } = await t.correlate({ defender: { severity: 'medium' } });
    expect(t.roots('high')).toHaveLength(0);
    await t.change(d, { severity: 'high' });
    expect(t.roots('high')).toHaveLength(1);
  });

  it('keeps updating the card of a channel that no longer matches (a card analysts work on stays)', async () => {
    const t = await setup({ channels: { high: { filter: { minSeverity: 'high' } } } });
    const { d } = await t.correlate({ defender: { severity: 'high' } });
    expect(t.roots('high')).toHaveLength(1);
    const lowered = await t.change(d, { severity: 'medium' });
    await t.change(lowered, { status: 'inProgress' });
    expect(t.roots('high')).toHaveLength(1);
    expect(t.updates('high')).toHaveLength(2);
  });

  it('shows an unknown workload in every workload channel; once known, the other channel keeps its card updating', async () => {
    const hunted: { answer?: DlpLookup } = {};
    const t = await setup({
      channels: {
        teams: { filter: { workloads: ['Teams'] } },
        mail: { filter: { workloads: ['Exchange'] } },
      },
      hunting: () => hunted.answer,
    });
    const { d } = await t.correlate();
    expect([t.roots('teams').length, t.roots('mail').length]).toEqual([1, 1]);
    hunted.answer = { workloads: ['Teams'] };
    t.clock.advance(11 * 60_000); // past the classifier's retry delay
    await t.change(d, { status: 'inProgress' });
    expect([t.roots('teams').length, t.roots('mail').length]).toEqual([1, 1]);
    expect([t.updates('teams').length, t.updates('mail').length]).toEqual([1, 1]);
    expect(JSON.stringify(t.updates('mail')[0]?.activity.card)).not.toContain('Unknown (not determined yet)');
  });
});
