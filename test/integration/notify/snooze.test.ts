/**
 * Snooze and the backfill on /subscribe, end to end: the real service polls the Graph simulator and posts
 * to the fake Bot Connector; analysts and an outsider press the card's snooze buttons and type /snoozes
 * through /api/messages, as Teams sends them. SOC_ANALYSTS names Alex only.
 */
import { messageActivity } from '../../helpers/activities';
import { iso, makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID, DEFAULT_TEAM } from '../../helpers/teams/defaults';
import { ALEX, knowMembers, MEGAN, press, say, textOf } from '../bot/support';

const MINUTE = 60_000;
const OTHER_CHANNEL = DEFAULT_TEAM.channels[0]!.id;
let stack: Stack;

/** A correlated pair for `upn`, both updated now. */
function plantPair(upn: string, severity = 'medium') {
  const now = Date.now();
  const defender = makeAlert({
    severity,
    title: `Activity by ${upn} (${severity})`,
    evidence: [userEvidence({ upn })],
    firstActivityDateTime: iso(now - 20 * MINUTE),
    lastActivityDateTime: iso(now - 19 * MINUTE),
    createdDateTime: iso(now - 18 * MINUTE),
    lastUpdateDateTime: iso(now),
  });
  const dlp = makeDlpAlert({
    evidence: [userEvidence({ upn, roles: ['policyViolator'] })],
    firstActivityDateTime: iso(now - 17 * MINUTE),
    lastActivityDateTime: iso(now - 17 * MINUTE),
    createdDateTime: iso(now - 10 * MINUTE),
    lastUpdateDateTime: iso(now),
  });
  stack.sim.alerts.add(defender);
  stack.sim.alerts.add(dlp);
  return defender;
}

const rootsIn = (channelId: string) =>
  stack.connector.cardsIn(channelId).filter((m) => !m.threadRootId || m.threadRootId === m.activityId);
const rootsAbout = (channelId: string, text: string) =>
  rootsIn(channelId).filter((m) => JSON.stringify(m.card ?? {}).includes(text));

/** Waits for `n` more poll cycles, so a card that should not come would have come. */
async function cycles(n: number): Promise<void> {
  const start = stack.bot.poller.status().cycles;
  await eventually(() => stack.bot.poller.status().cycles >= start + n, 30_000, `${n} poll cycles`);
  await new Promise((r) => setTimeout(r, 1500)); // the notifier's round after the last cycle
}

const snoozeData = (alertId: string, extra: Record<string, unknown> = {}) => ({
  alertId,
  cardVersion: 1,
  snoozeTarget: 'user',
  snoozeFor: '4h',
  snoozeHigh: 'true',
  ...extra,
});

beforeAll(async () => {
  stack = await startStack({ scenario: 'empty', env: { SOC_ANALYSTS: ALEX.userPrincipalName } });
  await knowMembers(stack, ALEX, MEGAN);
  const sub = messageActivity({
    serviceUrl: stack.connector.url,
    scope: 'channel',
    channelId: DEFAULT_CHANNEL_ID,
    text: '/subscribe',
    from: ALEX,
  });
  expect((await stack.post(sub)).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe('snoozing a user from the card', () => {
  const upn = 'lee.gu@contoso.com';
  let first: ReturnType<typeof makeAlert>;

  beforeAll(async () => {
    first = plantPair(upn);
    await eventually(() => rootsAbout(DEFAULT_CHANNEL_ID, first.id).length > 0, 45_000, 'the first card');
  });

  it('is refused to an outsider, who changes nothing', async () => {
    const answer = await press(stack, 'alert.snooze', snoozeData(first.id), { from: MEGAN });
    expect(answer.text).toContain('Not allowed');
    expect((await say(stack, '/snoozes', { scope: 'channel', from: MEGAN })).text).toContain(
      'Nothing is snoozed',
    );
  });

  it('refuses forged data before anything runs', async () => {
    const answer = await press(stack, 'alert.snooze', snoozeData(first.id, { snoozeFor: '10y' }), {
      from: ALEX,
    });
    expect(answer.body.statusCode).toBe(400);
    expect(answer.text).toContain('Pick how long to snooze');
    const unknown = await press(stack, 'alert.snooze', snoozeData('da000000000000000000_1'), { from: ALEX });
    expect(unknown.text).toContain('is not tracked');
  });

  it('holds new cards for that user in the channel, lets high severity through, and /snoozes lists it', async () => {
    const answer = await press(stack, 'alert.snooze', snoozeData(first.id), { from: ALEX });
    expect(answer.text).toContain('Snoozed user');
    const held = plantPair(upn);
    const high = plantPair(upn, 'high');
    await eventually(() => rootsAbout(DEFAULT_CHANNEL_ID, high.id).length > 0, 45_000, 'the high card');
    await cycles(2);
    expect(rootsAbout(DEFAULT_CHANNEL_ID, held.id)).toEqual([]);
    const listed = await say(stack, '/snoozes', { scope: 'channel', from: MEGAN });
    expect(listed.text).toContain('Snoozes here (1)');
    expect(listed.text).toContain('1 held');
    const audit = await stack.bot.services.audit.recent(first.id, 10);
    expect(audit.map((e) => `${e.action} ${e.result}`)).toEqual(
      expect.arrayContaining(['alert.snooze ok', 'alert.snooze refused']),
    );
  });

  it('is lifted by an analyst only, and the held alerts follow in one summary', async () => {
    const refused = await say(stack, '/snoozes lift 1', { scope: 'channel', from: MEGAN });
    expect(refused.text).toContain('Not allowed');
    const before = rootsIn(DEFAULT_CHANNEL_ID).length;
    const lifted = await say(stack, '/snoozes lift 1', { scope: 'channel', from: ALEX });
    expect(lifted.text).toContain('Snooze lifted');
    const summary = await eventually(
      () => rootsAbout(DEFAULT_CHANNEL_ID, 'Snooze lifted by')[0],
      30_000,
      'the snooze summary',
    );
    expect(String(summary.card?.fallbackText)).toContain(
      `Snooze lifted by ${ALEX.name}: 1 alert for user ${upn}`,
    );
    await cycles(1);
    expect(rootsIn(DEFAULT_CHANNEL_ID).length).toBe(before + 1);
    const audit = (await stack.bot.services.audit.recent(undefined, 50)).map(
      (e) => `${e.action} ${e.result}`,
    );
    expect(audit).toEqual(
      expect.arrayContaining(['/snoozes lift ok', '/snoozes lift refused', 'snooze.ended ok']),
    );
  });
});

describe('the backfill on /subscribe', () => {
  it('shows a new channel the open correlated alerts, says how many, and posts nothing twice', async () => {
    const open = (await stack.bot.services.alerts.listCorrelated({}, Date.now())).alerts.filter(
      (a) => a.status !== 'resolved',
    );
    expect(open.length).toBeGreaterThan(0);
    const first = await say(stack, '/subscribe', { scope: 'channel', from: ALEX, channelId: OTHER_CHANNEL });
    expect(first.text).toContain(`${open.length} open correlated alert`);
    await eventually(() => rootsIn(OTHER_CHANNEL).length >= open.length, 45_000, 'the backfilled cards');
    const again = await say(stack, '/subscribe', { scope: 'channel', from: ALEX, channelId: OTHER_CHANNEL });
    expect(again.text).toContain('No open correlated alerts');
    await cycles(1);
    expect(rootsIn(OTHER_CHANNEL).length).toBe(open.length);
    expect(textOf(first.replies[0]!)).toContain('Subscribed');
  });
});
