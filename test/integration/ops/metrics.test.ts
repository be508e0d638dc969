import { generateAlerts } from '../../../simulator';
import { DEFAULT_CHANNEL_ID } from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { press, say } from '../bot/support';

/**
 * `GET /metrics` after a real run against the simulator: a channel subscribes, the demo alerts arrive,
 * the bot correlates them and posts cards, an analyst presses a button. Then the loops are stopped and
 * every counter is compared with what the simulator and the fake Bot Connector recorded.
 */
let stack: Stack;
let body: string;
let contentType: string | null;
let correlatedIds: string[];
/** (Defender, DLP) pairs the bot holds at the end. */
let pairs = 0;

/** The value of one series (0 when the series is absent). */
function value(series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** The sum over every series of a metric whose labels include `match`. */
function sum(metric: string, match: Record<string, string> = {}): number {
  const wanted = Object.entries(match).map(([k, v]) => `${k}="${v}"`);
  return body
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`) && wanted.every((w) => l.includes(w)))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

beforeAll(async () => {
  stack = await startStack({
    scenario: 'empty',
    simulator: { throttle: false },
    env: { MAX_NEW_CARDS_PER_MINUTE: '1000' },
  });
  expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
  for (const alert of generateAlerts('demo', 42, Date.now()).alerts) stack.sim.alerts.add(alert);
  correlatedIds = await eventually(
    async () => {
      const { alerts } = await stack.bot.services.alerts.listCorrelated({}, Date.now(), 1000);
      const posted = stack.connector.cardsIn(DEFAULT_CHANNEL_ID).length;
      const idle = stack.bot.notifier.status().pending === 0;
      return alerts.length > 0 && posted === alerts.length && idle ? alerts.map((a) => a.id) : undefined;
    },
    45_000,
    'one card per correlated alert in the channel',
  );
  await changeInGraph(correlatedIds[0]!);
  const refresh = await press(stack, 'alert.refresh', { alertId: correlatedIds[0]!, cardVersion: 1 });
  expect(refresh.status).toBe(200);
  await eventually(() => stack.bot.notifier.status().pending === 0, 15_000, 'the refresh delivered');
  await stack.bot.poller.stop();
  await stack.bot.notifier.stop();
  for (const id of correlatedIds)
    pairs += (await stack.bot.services.alerts.tracked(id))?.matches?.length ?? 0;
  const res = await fetch(`${stack.bot.url}/metrics`);
  expect(res.status).toBe(200);
  contentType = res.headers.get('content-type');
  body = await res.text();
}, 90_000);
/**
 * Makes the notifier update a card in place (a status change in Graph) and reply in its thread (a late
 * DLP alert of the same user), and waits until the Bot Connector has both.
 */
async function changeInGraph(alertId: string): Promise<void> {
  const tracked = await stack.bot.services.alerts.tracked(alertId);
  const dlp = stack.sim.alerts.get(tracked!.matches![0]!.dlpAlertId)!;
  stack.sim.alerts.update(alertId, { status: 'inProgress' });
  stack.sim.alerts.add({ ...dlp, id: `${dlp.id}-late`, lastUpdateDateTime: new Date().toISOString() });
  const channelOps = () =>
    stack.connector.activities().filter((o) => o.conversationId === DEFAULT_CHANNEL_ID);
  await eventually(
    () =>
      channelOps().some((o) => o.op === 'update') &&
      channelOps().some((o) => o.threadRootId && o.op !== 'update'),
    20_000,
    'an in-place update and a thread reply',
  );
}

afterAll(async () => {
  await stack?.stop();
});

describe('GET /metrics after an integration run', () => {
  it('answers in the Prometheus text format', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE dlpbot_cards_total counter');
  });

  it('counts as many cards posted as root cards the Bot Connector received', () => {
    const roots = stack.connector.cardsIn(DEFAULT_CHANNEL_ID).length;
    expect(roots).toBe(correlatedIds.length);
    expect(value('dlpbot_cards_total{event="posted"}')).toBe(roots);
    expect(value('dlpbot_teams_sends_total{kind="send",status="200"}')).toBe(roots);
  });

  it('counts the thread replies and in-place updates the Bot Connector received', () => {
    const posts = stack.connector.activities().filter((o) => o.conversationId === DEFAULT_CHANNEL_ID);
    const threadPosts = posts.filter((o) => o.op !== 'update' && o.threadRootId !== undefined);
    const notifierReplies = threadPosts.filter((o) =>
      stack.connector.cardsIn(DEFAULT_CHANNEL_ID).some((m) => m.activityId === o.threadRootId),
    );
    expect(notifierReplies.length).toBeGreaterThan(0);
    expect(value('dlpbot_cards_total{event="replied"}')).toBe(notifierReplies.length);
    expect(value('dlpbot_teams_sends_total{kind="reply",status="200"}')).toBe(notifierReplies.length);
    const updates = posts.filter((o) => o.op === 'update').length;
    expect(updates).toBeGreaterThan(0);
    expect(value('dlpbot_cards_total{event="updated"}')).toBe(updates);
    expect(value('dlpbot_teams_sends_total{kind="update",status="200"}')).toBe(updates);
  });

  it('counts one first correlation per Defender alert that got a card', () => {
    expect(value('dlpbot_correlated_alerts_total')).toBe(correlatedIds.length);
    // Every pair: each correlated Defender alert's DLP matches, the late one included.
    expect(value('dlpbot_correlations_total')).toBe(pairs);
  });

  it('counts every poll cycle, all successful, and the alerts they read', () => {
    const poller = stack.bot.poller.status();
    expect(value('dlpbot_poll_cycles_total{result="ok"}')).toBe(poller.cycles);
    expect(value('dlpbot_poll_cycles_total{result="failed"}')).toBe(0);
    expect(value('dlpbot_poll_cycle_duration_seconds_count{result="ok"}')).toBe(poller.cycles);
    expect(value('dlpbot_alerts_read_total')).toBeGreaterThanOrEqual(stack.sim.alerts.all().length);
  });

  it('counts as many Graph requests per operation as the simulator received', () => {
    const requests = stack.sim.requests();
    const lists = requests.filter((r) => r.method === 'GET' && r.path === '/v1.0/security/alerts_v2');
    const gets = requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1.0/security/alerts_v2/'));
    expect(sum('dlpbot_graph_requests_total', { operation: 'listAlerts' })).toBe(lists.length);
    expect(value('dlpbot_graph_requests_total{operation="listAlerts",status="200"}')).toBe(lists.length);
    expect(value('dlpbot_graph_requests_total{operation="getAlert",status="200"}')).toBe(gets.length);
    expect(value('dlpbot_graph_request_duration_seconds_count{operation="listAlerts"}')).toBe(lists.length);
    expect(sum('dlpbot_graph_throttled_total')).toBe(0);
  });

  it("counts the analyst's action by verb and result", () => {
    expect(value('dlpbot_actions_total{action="alert.refresh",result="ok"}')).toBe(1);
  });

  it('reports this replica as the leader with every feature ready and nothing pending', () => {
    expect(value('dlpbot_leader')).toBe(1);
    expect(value('dlpbot_feature_ready{feature="alerts"}')).toBe(1);
    expect(value('dlpbot_feature_ready{feature="sensitiveInfo"}')).toBe(1);
    expect(value('dlpbot_outbox_pending')).toBe(0);
    expect(value('dlpbot_tracked_alerts')).toBe(stack.bot.poller.status().trackedAlerts);
    expect(value('dlpbot_poll_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(body).not.toContain('dlpbot_certificate_not_after_seconds ');
  });
});
