import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config';
import type { TrackedAlert } from '../../../src/correlation';
import { createLogger } from '../../../src/log';
import { startService } from '../../../src/main';
import { DEFAULT_ROLES } from '../../../simulator';
import { DEFAULT_CHANNEL_ID, postActivity } from '../../helpers/activities';
import type { ConnectorMessage } from '../../helpers/fakeConnector';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { ALEX, graphWrites, knowMembers, MEGAN, press, say, visibleText, type InvokeAnswer } from './support';

/**
 * Resolve with a reason, Reopen and Assign to… through the real `/api/messages` and the fake Bot
 * Connector, against the simulator (which, like Graph, stores a mismatched classification/determination
 * pair without a word). Alex and Megan are analysts; Adele is not. The store is SQLite on disk, so the
 * bot is restarted in the middle and the card's resolution must survive it.
 */
const ADELE_UPN = 'adelev@contoso.onmicrosoft.com';
let dir: string;
let stack: Stack;
let alert: TrackedAlert;
let card: ConnectorMessage;

function env(): Record<string, string> {
  return {
    STORE: `sqlite:${join(dir, 'bot.db')}`,
    SOC_ANALYSTS: [MEGAN.userPrincipalName, ALEX.userPrincipalName].join(','),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-forms-'));
  // No User.Read.All: the directory fallback of Assign to… must degrade with a clear answer.
  stack = await startStack({
    scenario: 'demo',
    env: env(),
    simulator: { roles: DEFAULT_ROLES.filter((r) => r !== 'User.Read.All') },
  });
  await knowMembers(stack, MEGAN, ALEX);
  alert = await eventually(
    async () => (await stack.bot.services.alerts.listCorrelated({}, Date.now(), 100)).alerts[0],
    30_000,
    'a correlated alert',
  );
  expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
  const find = () =>
    stack.connector.cardsIn(DEFAULT_CHANNEL_ID).find((m) => JSON.stringify(m.card).includes(alert.id));
  if (!find()) await press(stack, 'alert.refresh', data());
  card = await eventually(find, 15_000, 'the alert card in the channel');
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const data = (extra: Record<string, unknown> = {}) => ({ alertId: alert.id, cardVersion: 1, ...extra });
const on = (verb: string, body: Record<string, unknown>, from = MEGAN): Promise<InvokeAnswer> =>
  press(stack, verb, body, { replyToId: card.activityId, from });
const patches = () =>
  graphWrites(stack).filter((r) => r.method === 'PATCH' && r.path.endsWith(`/alerts_v2/${alert.id}`));
const comments = () =>
  graphWrites(stack).filter((r) => r.method === 'POST' && r.path.endsWith(`/alerts_v2/${alert.id}/comments`));

async function channelCardShows(text: string): Promise<void> {
  await eventually(
    () =>
      stack.connector
        .activities({ op: 'update', activityId: card.activityId })
        .some((o) => visibleText(o.activity.attachments?.[0]?.content).includes(text)),
    15_000,
    `the channel card showing "${text}"`,
  );
}

/** Restarts the bot on the same SQLite file, simulator and connector (a deploy, a crash). */
async function restartBot(): Promise<void> {
  await stack.bot.stop();
  const config = loadConfig({
    PORT: '0',
    GRAPH_BASE_URL: stack.sim.url,
    POLL_INTERVAL_SECONDS: '1',
    LOG_LEVEL: 'info',
    REPLICA_ID: 'test-replica-2',
    ...env(),
  });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const bot = await startService(config, {
    host: '127.0.0.1',
    logger: createLogger({ level: 'info', destination: sink }),
  });
  const first = stack;
  // The original stop() closes the first bot (already stopped, harmless), then connector and simulator.
  stack = {
    ...first,
    bot,
    post: (activity, po) => postActivity(`${bot.url}/api/messages`, activity, po),
    async stop() {
      await bot.stop();
      await first.stop();
    },
  };
}

describe('an outsider', () => {
  const adele = {
    ...MEGAN,
    id: '29:1adele-outsider',
    name: 'Adele Vance',
    aadObjectId: '3f1b7a52-0000-4000-8000-00000000ad01',
    userPrincipalName: ADELE_UPN,
    email: ADELE_UPN,
  };
  it.each([
    [
      'alert.resolve',
      () => data({ classification: 'falsePositive', determination: 'notMalicious', reason: 'x' }),
    ],
    ['alert.reopen', () => data()],
    ['alert.assignTo', () => data({ assigneeUpn: ALEX.userPrincipalName })],
  ])('pressing %s is told "Not allowed" and changes nothing in Graph', async (verb, body) => {
    const before = graphWrites(stack).length;
    const answer = await on(verb, body(), adele as typeof MEGAN);
    expect(answer.text).toContain('Not allowed');
    expect(graphWrites(stack)).toHaveLength(before);
  });
});

describe('Resolve with a reason', () => {
  it('refuses a determination that does not go with the classification, naming those that do, before Graph', async () => {
    const before = graphWrites(stack).length;
    const answer = await on(
      'alert.resolve',
      data({ classification: 'falsePositive', determination: 'malware', reason: 'Looks fine.' }),
    );
    expect(answer.body.statusCode).toBe(200);
    expect(answer.text).toContain('"Malware" does not go with False positive.');
    expect(answer.text).toContain('Pick one of: Not malicious, Not enough data to validate, Other.');
    expect(graphWrites(stack)).toHaveLength(before);
  });

  it('the simulator, like Graph, would have stored that pair: only the product refuses it', async () => {
    const { validateAlertPatch } = await import('../../../simulator/routes/alertWrite');
    expect(validateAlertPatch({ classification: 'falsePositive', determination: 'malware' })).toEqual({
      classification: 'falsePositive',
      determination: 'malware',
    });
  });

  it('PATCHes once, posts the reason naming the analyst once, and collapses the card for everyone', async () => {
    const answer = await on(
      'alert.resolve',
      data({
        classification: 'falsePositive',
        determination: 'notMalicious',
        reason: 'Sanctioned backup job.',
      }),
    );
    expect(answer.text).toContain('resolved the alert as False positive.');
    expect(patches().map((r) => r.body)).toEqual([
      { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' },
    ]);
    expect(comments().map((r) => (r.body as { comment: string }).comment)).toEqual([
      `Resolved as False positive · Not malicious. Reason: Sanctioned backup job.\n\n— ${MEGAN.name} (${MEGAN.userPrincipalName}) via defender-dlp-bot`,
    ]);
    expect(stack.sim.alerts.get(alert.id)!.status).toBe('resolved');
    expect(answer.text).toContain('Reopen');
    expect(answer.text).not.toContain('Assign to me');
    await channelCardShows('Reason: Sanctioned backup job.');
  });

  it('still shows who resolved it and why after a restart, and Reopen works from the old card', async () => {
    await restartBot();
    const refreshed = await on('alert.refresh', data());
    expect(refreshed.text).toContain(`Resolved as False positive · Not malicious by ${MEGAN.name}`);
    expect(refreshed.text).toContain('Reason: Sanctioned backup job.');
    const answer = await on('alert.reopen', data(), ALEX);
    expect(answer.text).toContain('reopened the alert (In progress).');
    expect(patches().at(-1)!.body).toEqual({ status: 'inProgress' });
    expect(answer.text).toContain('Resolve / classify');
    // The reason stays in Defender's comments (the card's last comment); the outcome line is gone.
    expect(answer.text).not.toContain(`Not malicious by ${MEGAN.name}`);
  });

  it('expands the card again when the alert is reopened in Defender itself', async () => {
    await on(
      'alert.resolve',
      data({ classification: 'truePositive', determination: 'other', reason: 'Real.' }),
    );
    stack.sim.alerts.update(alert.id, { status: 'new' });
    await eventually(
      async () => (await stack.bot.services.alerts.tracked(alert.id))?.status === 'new',
      15_000,
      'the poller to see the reopened alert',
    );
    const answer = await on('alert.refresh', data({}), MEGAN);
    expect(answer.text).toContain('Resolve / classify');
  });
});

describe('Assign to anyone', () => {
  const mentions = () =>
    stack.connector.activities(
      (o) =>
        o.op === 'reply' &&
        ((o.activity.entities ?? []) as Array<{ type?: string }>).some((e) => e.type === 'mention'),
    );

  it('resolves the picker’s object id through the roster, PATCHes the UPN and mentions them in the card’s thread', async () => {
    const before = mentions().length;
    const answer = await on(
      'alert.assignTo',
      data({ assigneeId: ALEX.aadObjectId.toUpperCase(), assigneeUpn: '' }),
    );
    expect(answer.text).toContain(`assigned the alert to ${ALEX.name} (${ALEX.userPrincipalName}).`);
    expect(patches().at(-1)!.body).toEqual({ assignedTo: ALEX.userPrincipalName });
    const sent = mentions().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.threadRootId).toBe(card.activityId);
    expect(sent[0]!.activity.text).toContain(`<at>${ALEX.name}</at>`);
    expect(sent[0]!.activity.entities).toEqual([
      { type: 'mention', text: `<at>${ALEX.name}</at>`, mentioned: { id: ALEX.id, name: ALEX.name } },
    ]);
  });

  it('takes a typed UPN that is in the roster (any case)', async () => {
    await on('alert.assignTo', data({ assigneeUpn: MEGAN.userPrincipalName.toUpperCase() }));
    expect(patches().at(-1)!.body).toEqual({ assignedTo: MEGAN.userPrincipalName });
  });

  it('refuses a typed UPN outside the conversation and writes nothing', async () => {
    const before = graphWrites(stack).length;
    const answer = await on('alert.assignTo', data({ assigneeUpn: 'mallory@evil.example' }));
    expect(answer.text).toContain('mallory@evil.example is not a member of this conversation');
    expect(graphWrites(stack)).toHaveLength(before);
  });

  it('without User.ReadBasic.All, a picked id outside the roster is refused with what to do', async () => {
    const before = graphWrites(stack).length;
    const answer = await on('alert.assignTo', data({ assigneeId: '3f1b7a52-0000-4000-8000-00000000ad01' }));
    expect(answer.text).toMatch(/not a member of this conversation: type their user principal name instead/);
    expect(answer.text).toMatch(/User\.ReadBasic\.All/);
    expect(graphWrites(stack)).toHaveLength(before);
  });

  it('refuses forged picker data before any handler runs', async () => {
    const answer = await on('alert.assignTo', data({ assigneeId: '../../users/x' }));
    expect(answer.text).toMatch(/not an Entra user id/);
  });
});
