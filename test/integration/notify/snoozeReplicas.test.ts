/**
 * A snooze is stored, not remembered: two replicas of the real bot (child processes) on one Azurite
 * container. The snooze is set through the follower; the leader (the one notifier) holds the user's new
 * cards. The leader is then stopped and a new process started on the same store: the snooze still holds,
 * `/snoozes` on the new process lists it, and lifting it posts the summary once.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../../simulator';
import { invokeActivity, messageActivity } from '../../helpers/activities';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { startBotProcess, type BotProcess } from '../../helpers/botProcess';
import { iso, makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { mirrorToGraph } from '../../helpers/graphMirror';
import { eventually, TLS_DIR } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID } from '../../helpers/teams/defaults';
import { ALEX, textOf } from '../bot/support';

const MINUTE = 60_000;
const UPN = 'diego.siciliani@contoso.com';
let azurite: Azurite;
let sim: Simulator;
let connector: FakeConnector;
const bots: BotProcess[] = [];

interface Status {
  replicaId: string;
  leader: { isLeader: boolean; leaderId: string | null };
}

beforeAll(async () => {
  azurite = await startAzurite();
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'empty', pageSize: 10, throttle: false });
  connector = await startFakeConnector({ onMessage: mirrorToGraph(sim) });
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.kill9()));
  await connector?.close();
  await sim?.close();
  await azurite?.stop();
});

function plantPair(severity = 'medium') {
  const now = Date.now();
  const defender = makeAlert({
    severity,
    title: `Activity by ${UPN}`,
    evidence: [userEvidence({ upn: UPN })],
    firstActivityDateTime: iso(now - 20 * MINUTE),
    lastActivityDateTime: iso(now - 19 * MINUTE),
    createdDateTime: iso(now - 18 * MINUTE),
    lastUpdateDateTime: iso(now),
  });
  sim.alerts.add(defender);
  sim.alerts.add(
    makeDlpAlert({
      evidence: [userEvidence({ upn: UPN, roles: ['policyViolator'] })],
      firstActivityDateTime: iso(now - 17 * MINUTE),
      lastActivityDateTime: iso(now - 17 * MINUTE),
      createdDateTime: iso(now - 10 * MINUTE),
      lastUpdateDateTime: iso(now),
    }),
  );
  return defender;
}

const rootsAbout = (text: string) =>
  connector
    .cardsIn(DEFAULT_CHANNEL_ID)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .filter((m) => JSON.stringify(m.card ?? {}).includes(text));

/** Two more polls of Graph after now, then a notifier round: a card that should not come would have. */
async function twoPolls(): Promise<void> {
  const after = Date.now();
  await eventually(
    () => sim.requests().filter((r) => r.path.endsWith('/alerts_v2') && r.at > after).length >= 2,
    60_000,
    'two polls',
  );
  await new Promise((r) => setTimeout(r, 2000));
}

async function agreedLeader(running: BotProcess[]): Promise<BotProcess> {
  const id = await eventually(
    async () => {
      const all = await Promise.all(running.map(async (b) => (await b.getJson<Status>('/status')).body));
      const leaders = all.filter((s) => s.leader.isLeader);
      return leaders.length === 1 && all.every((s) => s.leader.leaderId === leaders[0]!.replicaId)
        ? leaders[0]!.replicaId
        : undefined;
    },
    90_000,
    'one leader',
  );
  return running.find((b) => b.logs().some((l) => l.replicaId === id))!;
}

async function say(bot: BotProcess, text: string): Promise<string> {
  const activity = messageActivity({
    serviceUrl: connector.url,
    scope: 'channel',
    channelId: DEFAULT_CHANNEL_ID,
    text,
    from: ALEX,
  });
  expect((await bot.post(activity)).status).toBe(200);
  return connector
    .activities((op) => op.op === 'reply' && op.replyToId === activity.id)
    .map(textOf)
    .join('\n');
}

it('holds across replicas and a restart, and is lifted once', async () => {
  const container = `snooze-${randomBytes(4).toString('hex')}`;
  const env = (replica: string) => ({
    GRAPH_BASE_URL: sim.url,
    STORE: 'azure-blob',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: container,
    LEADER_LEASE_SECONDS: '15',
    POLL_INTERVAL_SECONDS: '1',
    SOC_ANALYSTS: ALEX.userPrincipalName,
    LOG_LEVEL: 'info',
    REPLICA_ID: replica,
  });
  const [a, b] = await Promise.all(['replica-a', 'replica-b'].map((r) => startBotProcess({ env: env(r) })));
  bots.push(a!, b!);
  const leader = await agreedLeader([a!, b!]);
  const follower = leader === a ? b! : a!;
  expect(await say(follower, '/subscribe')).toContain('Subscribed');

  const first = plantPair();
  await eventually(() => rootsAbout(first.id).length > 0, 60_000, 'the first card');
  const press = invokeActivity({
    serviceUrl: connector.url,
    verb: 'alert.snooze',
    data: { alertId: first.id, cardVersion: 1, snoozeTarget: 'user', snoozeFor: '24h', snoozeHigh: 'true' },
    from: ALEX,
  });
  const answer = await follower.post(press);
  expect(JSON.stringify(answer.body)).toContain('Snoozed user');

  const held = plantPair();
  await twoPolls();
  expect(rootsAbout(held.id)).toEqual([]);

  // The leader goes away cleanly; a new process on the same store takes its place.
  await leader.stop();
  const c = await startBotProcess({ env: env('replica-c') });
  bots.push(c);
  await agreedLeader([follower, c]);
  const later = plantPair();
  await twoPolls();
  expect(rootsAbout(later.id)).toEqual([]);
  const listed = await say(c, '/snoozes');
  expect(listed).toContain('Snoozes here (1)');
  expect(listed).toContain('2 held');

  expect(await say(c, '/snoozes lift all')).toContain('Snooze lifted');
  await eventually(() => rootsAbout('Snooze lifted by').length > 0, 60_000, 'the summary');
  await twoPolls();
  const summaries = rootsAbout('Snooze lifted by');
  expect(summaries).toHaveLength(1);
  // Both held alerts are named in the summary; neither ever got a card of its own.
  expect(String(summaries[0]!.card?.fallbackText)).toContain(`2 alerts for user ${UPN}`);
  // Cards neutralise addresses with a zero-width joiner (no autolinks): compare without it.
  const aboutUser = rootsAbout('').filter((m) =>
    String(m.card?.fallbackText)
      .replace(/\u200D/g, '')
      .includes(`Activity by ${UPN}`),
  );
  expect(aboutUser).toHaveLength(2); // the first alert's card and the summary
});
