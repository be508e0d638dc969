/**
 * Routing rules end to end: the real service, the Graph simulator and the fake Bot Connector. With a DLP
 * policy marked sensitive and no hunting row for the planted DLP alert, its policy cannot be determined:
 * the correlation must reach the sensitive route only, never the general channel, nor its /alerts.
 * SOC_ANALYSTS names Alex only; Megan (an outsider) changes nothing.
 */
import { messageActivity } from '../../helpers/activities';
import { iso, makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID, DEFAULT_TEAM } from '../../helpers/teams/defaults';
import { ALEX, MEGAN, knowMembers, say } from '../bot/support';

const MINUTE = 60_000;
const HR_CHANNEL = DEFAULT_TEAM.channels[0]!.id;
let stack: Stack;

const rootsAbout = (channelId: string, text: string) =>
  stack.connector
    .cardsIn(channelId)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .filter((m) => JSON.stringify(m.card ?? {}).includes(text));

beforeAll(async () => {
  stack = await startStack({
    scenario: 'empty',
    env: { SOC_ANALYSTS: ALEX.userPrincipalName, SENSITIVE_DLP_POLICIES: 'HR - Employee Relations' },
  });
  await knowMembers(stack, ALEX, MEGAN);
  for (const channelId of [DEFAULT_CHANNEL_ID, HR_CHANNEL]) {
    const sub = messageActivity({
      serviceUrl: stack.connector.url,
      scope: 'channel',
      channelId,
      text: '/subscribe',
      from: ALEX,
    });
    expect((await stack.post(sub)).status).toBe(200);
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe('/route and the sensitive route', () => {
  it('is refused to an outsider, who changes nothing', async () => {
    const answer = await say(stack, '/route add sensitive', {
      scope: 'channel',
      channelId: HR_CHANNEL,
      from: MEGAN,
    });
    expect(answer.text).toContain('Not allowed');
    const routes = await say(stack, '/routes', { scope: 'channel', channelId: HR_CHANNEL, from: MEGAN });
    expect(routes.text).toContain('Sensitive route: no');
  });

  it('makes a channel the sensitive route for an analyst, and /routes shows it', async () => {
    const answer = await say(stack, '/route add sensitive', {
      scope: 'channel',
      channelId: HR_CHANNEL,
      from: ALEX,
    });
    expect(answer.text).toContain('Routing rules changed');
    const routes = await say(stack, '/routes', { scope: 'channel', channelId: HR_CHANNEL, from: MEGAN });
    expect(routes.text).toContain('Sensitive route: yes');
  });

  it('sends a correlation whose DLP policy is undetermined to the sensitive route only (fail safe)', async () => {
    const now = Date.now();
    const defender = makeAlert({
      title: 'Unusual file access by an HR case subject',
      evidence: [userEvidence({ upn: 'nestor.wilke@contoso.com' })],
      firstActivityDateTime: iso(now - 20 * MINUTE),
      lastActivityDateTime: iso(now - 19 * MINUTE),
      lastUpdateDateTime: iso(now),
    });
    stack.sim.alerts.add(defender);
    stack.sim.alerts.add(
      makeDlpAlert({
        evidence: [userEvidence({ upn: 'nestor.wilke@contoso.com', roles: ['policyViolator'] })],
        firstActivityDateTime: iso(now - 17 * MINUTE),
        lastActivityDateTime: iso(now - 17 * MINUTE),
        lastUpdateDateTime: iso(now),
      }),
    );
    await eventually(
      () => rootsAbout(HR_CHANNEL, defender.id).length > 0,
      45_000,
      'the card in the HR channel',
    );
    const cycles = stack.bot.poller.status().cycles;
    await eventually(() => stack.bot.poller.status().cycles >= cycles + 2, 30_000, 'two more polls');
    expect(rootsAbout(DEFAULT_CHANNEL_ID, defender.id)).toEqual([]);
    const general = await say(stack, '/alerts', {
      scope: 'channel',
      channelId: DEFAULT_CHANNEL_ID,
      from: ALEX,
    });
    expect(general.text).not.toContain(defender.id);
    const one = await say(stack, `/alert ${defender.id}`, {
      scope: 'channel',
      channelId: DEFAULT_CHANNEL_ID,
      from: ALEX,
    });
    expect(one.text).toContain('Unknown alert');
    const hr = await say(stack, '/alerts', { scope: 'channel', channelId: HR_CHANNEL, from: ALEX });
    expect(hr.text).toContain(defender.id);
  });
});
