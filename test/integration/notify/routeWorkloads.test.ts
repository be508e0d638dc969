/**
 * The workloads= routing rule end to end: `/route add workloads=…` through /api/messages (the real
 * service, the Graph simulator, the fake Bot Connector), then correlations planted in the simulator whose
 * DLP evidence tells the workload (mail = Exchange, a device = Endpoint) reach the channel or not.
 * SOC_ANALYSTS names Alex only; Megan (an outsider) changes nothing.
 */
import type { AlertEvidence } from '../../../src/model';
import {
  deviceEvidence,
  iso,
  mailboxEvidence,
  makeAlert,
  makeDlpAlert,
  userEvidence,
} from '../../helpers/builders';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID } from '../../helpers/teams/defaults';
import { ALEX, knowMembers, MEGAN, say } from '../bot/support';

const MINUTE = 60_000;
let stack: Stack;

const inChannel = { scope: 'channel' as const, channelId: DEFAULT_CHANNEL_ID };
const rootsAbout = (text: string) =>
  stack.connector
    .cardsIn(DEFAULT_CHANNEL_ID)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .filter((m) => JSON.stringify(m.card ?? {}).includes(text));

/** A Defender alert and a DLP alert of `upn` with `dlpEvidence`, planted in the simulator. */
function plant(upn: string, dlpEvidence: AlertEvidence[]) {
  const now = Date.now();
  const defender = makeAlert({
    title: `Suspicious activity by ${upn}`,
    evidence: [userEvidence({ upn })],
    firstActivityDateTime: iso(now - 20 * MINUTE),
    lastActivityDateTime: iso(now - 19 * MINUTE),
    lastUpdateDateTime: iso(now),
  });
  stack.sim.alerts.add(defender);
  stack.sim.alerts.add(
    makeDlpAlert({
      evidence: [userEvidence({ upn, roles: ['policyViolator'] }), ...dlpEvidence],
      firstActivityDateTime: iso(now - 17 * MINUTE),
      lastActivityDateTime: iso(now - 17 * MINUTE),
      lastUpdateDateTime: iso(now),
    }),
  );
  return defender;
}

beforeAll(async () => {
  stack = await startStack({ scenario: 'empty', env: { SOC_ANALYSTS: ALEX.userPrincipalName } });
  await knowMembers(stack, ALEX, MEGAN);
  expect((await say(stack, '/subscribe', { ...inChannel, from: ALEX })).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe('/route add workloads=…', () => {
  it('is refused to an outsider, who changes nothing', async () => {
    const answer = await say(stack, '/route add workloads=Exchange', { ...inChannel, from: MEGAN });
    expect(answer.text).toContain('Not allowed');
    const routes = await say(stack, '/routes', { ...inChannel, from: MEGAN });
    expect(routes.text).not.toContain('Workloads:');
  });

  it('refuses an unknown workload with the list of known ones, and changes nothing', async () => {
    const answer = await say(stack, '/route add workloads=Exchange,Yammer', { ...inChannel, from: ALEX });
    expect(answer.text).toContain('Rules unchanged');
    expect(answer.text).toContain('Unknown workload "Yammer"');
    expect(answer.text).toContain('Exchange, SharePoint, OneDrive, Teams, Endpoint');
    const routes = await say(stack, '/routes', { ...inChannel, from: ALEX });
    expect(routes.text).not.toContain('Workloads:');
  });

  it("stores the rule in Microsoft's spellings for an analyst, and /routes shows it", async () => {
    const answer = await say(stack, '/route add workloads=exchange,MicrosoftTeams', {
      ...inChannel,
      from: ALEX,
    });
    expect(answer.text).toContain('Routing rules changed');
    expect(answer.text).toContain('workloads=Exchange,Teams');
    const routes = await say(stack, '/routes', { ...inChannel, from: MEGAN });
    expect(routes.text).toContain('Workloads: Exchange, Teams');
  });

  it('posts a correlation whose DLP evidence is mail, and keeps one on a device out of the channel and its /alerts', async () => {
    const mail = plant('adele.vance@contoso.com', [
      mailboxEvidence({ primaryAddress: 'adele.vance@contoso.com' }),
    ]);
    const device = plant('lee.gu@contoso.com', [deviceEvidence({ mdeDeviceId: 'b'.repeat(40) })]);
    await eventually(() => rootsAbout(mail.id).length > 0, 45_000, 'the card of the mail correlation');
    const cycles = stack.bot.poller.status().cycles;
    await eventually(() => stack.bot.poller.status().cycles >= cycles + 2, 30_000, 'two more polls');
    expect(rootsAbout(device.id)).toEqual([]);
    expect(JSON.stringify(rootsAbout(mail.id)[0]?.card)).toContain('DLP workload');
    const list = await say(stack, '/alerts', { ...inChannel, from: ALEX });
    expect(list.text).toContain(mail.id);
    expect(list.text).not.toContain(device.id);
  });

  it('is removed with /route remove workloads', async () => {
    const answer = await say(stack, '/route remove workloads', { ...inChannel, from: ALEX });
    expect(answer.text).toContain('Routing rules changed');
    const routes = await say(stack, '/routes', { ...inChannel, from: ALEX });
    expect(routes.text).not.toContain('Workloads:');
  });
});
