import { Writable } from 'node:stream';
import { conversationRefOf } from '../../../src/bot/context';
import { FakeClock } from '../../helpers/clocks';
import { loadConfig } from '../../../src/config';
import { createLogger, silentLogger } from '../../../src/log';
import { startService, type RunningService } from '../../../src/main';
import { SubscriptionRegistry } from '../../../src/subscriptions';
import { scheduleKey, type ScheduleRecord } from '../../../src/records';
import { startSimulator, type Simulator } from '../../../simulator';
import { openBlobStore } from '../../../src/store';
import { messageActivity } from '../../helpers/activities';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { eventually, startStack, TLS_DIR, type Stack } from '../../helpers/stack';
import { ALEX, cardOf, knowMembers, MEGAN, say, textOf } from '../bot/support';

/**
 * The shift report through the real service: `/report` through `/api/messages` (analyst and outsider:
 * the report is read-only and open to the conversation, like /alerts), and the scheduled report across
 * two replicas on one Azure Blob store (Azurite) and a restart: each slot reaches a channel once.
 */
describe('/report through /api/messages', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ scenario: 'demo', env: { SOC_ANALYSTS: MEGAN.userPrincipalName } });
    await knowMembers(stack, MEGAN, ALEX);
    await eventually(
      async () => (await stack.bot.services.alerts.listCorrelated({}, Date.now(), 1)).total > 0,
      30_000,
      'a correlated alert',
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    { who: 'an analyst', from: MEGAN, scope: 'channel' },
    { who: 'an analyst', from: MEGAN, scope: 'personal' },
    { who: 'someone who is not an analyst', from: ALEX, scope: 'channel' },
    { who: 'someone who is not an analyst', from: ALEX, scope: 'groupChat' },
  ] as const)('answers $who with the report card in $scope scope', async ({ from, scope }) => {
    const { status, replies, text } = await say(stack, '/report', { scope, from });
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(text).toMatch(/Shift report: \d+ correlated alerts?/);
    expect(text).toContain('To first action');
    expect(text).toContain('Most correlated users');
    const card = JSON.stringify(cardOf(replies[0]!));
    expect(card).toContain('"Chart.Donut"');
    expect(card).toContain('"Chart.VerticalBar"');
  });

  it('counts the correlated alerts the bot tracks for the period asked', async () => {
    const { total } = await stack.bot.services.alerts.listCorrelated(
      { sinceMs: 7 * 86_400_000 },
      Date.now(),
      1,
    );
    const { text } = await say(stack, '/report since=7d');
    expect(text).toContain(`Shift report: ${total} correlated alert`);
  });

  it('answers a bad period with the usage', async () => {
    const { replies, text } = await say(stack, '/report since=forever', { scope: 'channel' });
    expect(replies).toHaveLength(1);
    expect(text).toContain('Unknown duration "forever"');
    expect(text).toContain('Usage: /report [since=12h]');
  });

  it('answers an oversized argument with one clear message', async () => {
    const { status, replies, text } = await say(stack, `/report since=${'9'.repeat(4000)}h`);
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(text).toContain('Unknown duration');
    expect(text.length).toBeLessThan(3000); // the echo of the argument is cut
  });

  it('refuses a filter it does not take', async () => {
    const { text } = await say(stack, '/report severity>=high');
    expect(text).toContain('"severity>=high" is not a filter here');
  });

  it('is open to someone an analyst-only command refuses (the outsider above really is one)', async () => {
    const { text } = await say(stack, '/audit', { from: ALEX });
    expect(text).toContain('Not allowed');
  });

  it('is listed in /help', async () => {
    const { text } = await say(stack, '/help');
    expect(text).toContain('/report [since=12h]');
  });
});

describe('the scheduled report across replicas and a restart (Azure Blob on Azurite)', () => {
  let azurite: Azurite;
  let sim: Simulator;
  let connector: FakeConnector;
  const running: RunningService[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
    sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'demo', pageSize: 10 });
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await connector?.close();
    await sim?.close();
    await azurite?.stop();
  });

  const container = `report-${process.pid}`;
  const HOUR = 3_600_000;
  // A slot two hours ago, in a schedule that took effect three hours ago: no replica ran at the slot.
  const now = Date.now();
  const slot = new Date(now - 2 * HOUR);
  const schedule = `${String(slot.getUTCHours()).padStart(2, '0')}:${String(slot.getUTCMinutes()).padStart(2, '0')}`;

  async function replica(id: string): Promise<RunningService> {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => `${id} ${l}`),
        );
        cb();
      },
    });
    const config = loadConfig({
      PORT: '0',
      GRAPH_BASE_URL: sim.url,
      STORE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: container,
      POLL_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'debug',
      REPLICA_ID: id,
      REPORT_SCHEDULE: schedule,
      REPORT_TIME_ZONE: 'UTC',
    });
    const service = await startService(config, {
      host: '127.0.0.1',
      logger: createLogger({ level: 'debug', destination: sink }),
    });
    running.push(service);
    return service;
  }

  const reports = () =>
    connector.activities(
      (op) => (op.op === 'send' || op.op === 'reply') && textOf(op).includes('Scheduled shift report'),
    );

  it('is sent once, late and saying so, by the leader only; a restarted replica does not send it again', async () => {
    // A channel subscribed before the slot, and the schedule's start, as an earlier run left them.
    const store = await openBlobStore({ connectionString: azurite.connectionString, container });
    const ref = conversationRefOf(
      messageActivity({ serviceUrl: connector.url, scope: 'channel', text: '/subscribe' }) as never,
    );
    await new SubscriptionRegistry(store, new FakeClock(now - 4 * HOUR), silentLogger()).subscribe(
      ref,
      {},
      { name: MEGAN.name },
    );
    await store.put(scheduleKey('default'), {
      spec: `${schedule} UTC`,
      since: new Date(now - 3 * HOUR).toISOString(),
    } satisfies ScheduleRecord);
    await store.close();

    const [a, b] = await Promise.all([replica('replica-a'), replica('replica-b')]);
    await eventually(() => reports().length > 0, 30_000, 'the scheduled report');
    // Both replicas are up; only the lease holder runs the scheduler.
    const leaders = ['replica-a', 'replica-b'].filter((id) =>
      logs.some((l) => l.startsWith(`${id} `) && l.includes('this replica leads')),
    );
    expect(leaders).toHaveLength(1);
    await eventually(
      () => logs.some((l) => l.includes('scheduled report slot done')),
      30_000,
      'the slot to be marked done',
    );
    expect(reports()).toHaveLength(1);
    const text = textOf(reports()[0]!);
    expect(text).toContain('Sent late: this report was due at');
    expect(logs.filter((l) => l.includes('scheduled report slot claimed'))).toHaveLength(1);

    // Restart: both stop; a new replica takes the lease and finds the slot handled.
    await Promise.all([a.stop(), b.stop()]);
    await replica('replica-c');
    await eventually(
      () =>
        logs.some((l) => l.startsWith('replica-c') && l.includes('scheduled report slot already handled')),
      60_000,
      'the restarted replica to check the slot',
    );
    expect(reports()).toHaveLength(1);
  });
});
