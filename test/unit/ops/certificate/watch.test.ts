import { silentLogger } from '../../../../src/log';
import { Deliverer, Pacer } from '../../../../src/notify';
import { SubscriptionRegistry, type ConversationRef } from '../../../../src/subscriptions';
import { CertificateWatch, readCertificate, type CertificateInfo } from '../../../../src/ops/certificate';
import { MemoryStore } from '../../../../src/store/memory';
import { FakeClock } from '../../../helpers/clocks';
import { SteppingClock } from '../../../helpers/clocks';
import { FakeTransport } from '../../../helpers/fakeTransport';
import { makeCertificate } from '../certFixture';
import { capturedLogger } from '../logCapture';

const DAY = 86_400_000;

function channel(name: string): ConversationRef {
  return {
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    conversation: { id: `19:${name}@thread.tacv2`, conversationType: 'channel', tenantId: 't' },
  };
}

let certificate: CertificateInfo;
let renewed: CertificateInfo;
beforeAll(() => {
  const five = makeCertificate(5);
  const sixty = makeCertificate(60);
  certificate = readCertificate(five.path);
  renewed = readCertificate(sixty.path);
  five.remove();
  sixty.remove();
});

async function setup(o: { daysLeft: number; store?: MemoryStore; transport?: FakeTransport }) {
  const store = o.store ?? new MemoryStore();
  const clock = new SteppingClock(certificate.notAfter - o.daysLeft * DAY);
  const { logger, lines } = capturedLogger();
  const transport = o.transport ?? new FakeTransport();
  const subscriptions = new SubscriptionRegistry(store, clock, silentLogger());
  const deliverer = new Deliverer(new Pacer(clock), clock, silentLogger(), {
    baseDelayMs: 10,
    maxAttempts: 2,
  });
  const watch = (cert = certificate) =>
    new CertificateWatch({ certificate: cert, store, subscriptions, transport, deliverer, clock, logger });
  return { store, clock, transport, subscriptions, lines, watch };
}

const noticeText = (op: { activity: { card?: Record<string, unknown> } }): string =>
  JSON.stringify(op.activity.card);

describe('the certificate expiry watch', () => {
  it('warns in the log and posts one notice to every subscribed channel 5 days before expiry', async () => {
    const s = await setup({ daysLeft: 5 });
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    await s.subscriptions.subscribe(channel('dlp'), {}, { name: 'Megan' });
    const w = s.watch();
    w.logExpiry();
    expect(s.lines().find((l) => l.level === 40)?.msg).toBe(
      'the Graph client certificate expires in 5 days: renew it',
    );
    expect(await w.checkOnce()).toBe(7);
    const roots = s.transport.roots();
    expect(roots.map((r) => r.conversationId).sort()).toEqual(['19:dlp@thread.tacv2', '19:soc@thread.tacv2']);
    expect(noticeText(roots[0]!)).toContain("The bot's Microsoft Graph certificate expires in 5 days");
    expect(roots[0]!.activity.card?.fallbackText).toContain(
      'The client certificate the bot uses for Microsoft Graph',
    );
    expect(noticeText(roots[0]!)).toContain(
      'replace the PEM file at AZURE\\\\_CLIENT\\\\_CERTIFICATE\\\\_PATH',
    );
    expect(roots[0]!.activity.summary).toBe("The bot's Microsoft Graph certificate expires in 5 days");
    expect(w.status().daysLeft).toBe(5);
  });

  it('posts nothing while the expiry is further away than the first threshold', async () => {
    const s = await setup({ daysLeft: 45 });
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    expect(await s.watch().checkOnce()).toBeUndefined();
    expect(s.transport.ops).toHaveLength(0);
  });

  it('does not repeat a notice after a restart, and posts the next threshold when it comes', async () => {
    const s = await setup({ daysLeft: 5 });
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    await s.watch().checkOnce();
    expect(await s.watch().checkOnce()).toBeUndefined();
    expect(s.transport.roots()).toHaveLength(1);
    s.clock.advance(4.5 * DAY);
    expect(await s.watch().checkOnce()).toBe(1);
    expect(noticeText(s.transport.roots()[1]!)).toContain('expires in less than a day');
    s.clock.advance(DAY);
    expect(await s.watch().checkOnce()).toBeUndefined();
    expect(s.transport.roots()).toHaveLength(2);
  });

  it('keeps the notice for the first channel that subscribes when none is subscribed yet', async () => {
    const s = await setup({ daysLeft: 5 });
    expect(await s.watch().checkOnce()).toBeUndefined();
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    expect(await s.watch().checkOnce()).toBe(7);
    expect(s.transport.roots()).toHaveLength(1);
  });

  it('posts once when two replicas check at the same moment (the store claim decides)', async () => {
    const s = await setup({ daysLeft: 5 });
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    const results = await Promise.all([s.watch().checkOnce(), s.watch().checkOnce()]);
    expect(results.filter((r) => r === 7)).toHaveLength(1);
    expect(s.transport.roots()).toHaveLength(1);
  });

  it('announces a renewed certificate afresh (the record is per certificate)', async () => {
    const s = await setup({ daysLeft: 5 });
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    await s.watch().checkOnce();
    s.clock.advance(renewed.notAfter - 20 * DAY - s.clock.now());
    expect(await s.watch(renewed).checkOnce()).toBe(30);
    expect(s.transport.roots()).toHaveLength(2);
  });

  it('tries again at the next check when no channel could be reached', async () => {
    const transport = new FakeTransport();
    const s = await setup({ daysLeft: 5, transport });
    await s.subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    transport.fail(503, { count: 2 });
    expect(await s.watch().checkOnce()).toBeUndefined();
    expect(s.lines().some((l) => l.msg === 'certificate notice not delivered')).toBe(true);
    expect(await s.watch().checkOnce()).toBe(7);
    expect(transport.roots()).toHaveLength(1);
  });

  it('logs an error, not a warning, once the certificate has expired', async () => {
    const s = await setup({ daysLeft: -1 });
    s.watch().logExpiry();
    const line = s.lines().find((l) => l.level === 50);
    expect(line?.msg).toBe('the Graph client certificate has expired: renew it now');
    expect(line?.daysLeft).toBe(-1);
  });

  it('once started, checks at once and again every hour (7.5 days: the 30-day notice, 12 h later the 7-day one) until stopped', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock(certificate.notAfter - 7.5 * DAY);
    const transport = new FakeTransport();
    const subscriptions = new SubscriptionRegistry(store, clock, silentLogger());
    await subscriptions.subscribe(channel('soc'), {}, { name: 'Megan' });
    const deliverer = new Deliverer(new Pacer(clock), clock, silentLogger());
    const w = new CertificateWatch({
      certificate,
      store,
      subscriptions,
      transport,
      deliverer,
      clock,
      logger: silentLogger(),
    });
    w.start();
    await until(() => transport.roots().length === 1);
    expect(noticeText(transport.roots()[0]!)).toContain('expires in 8 days');
    clock.advance(3600_000 * 12);
    await until(() => transport.roots().length === 2);
    expect(noticeText(transport.roots()[1]!)).toContain('expires in 7 days');
    await w.stop();
    clock.advance(7 * DAY);
    await new Promise((r) => setTimeout(r, 20));
    expect(transport.roots()).toHaveLength(2);
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}
