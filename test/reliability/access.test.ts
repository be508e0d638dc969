/**
 * Access: with BOT_ID set, a request without a valid Bot Framework token gets 401 and runs nothing, even
 * when it carries a card action or /subscribe; with SOC_ANALYSTS set, a non-analyst's card actions are
 * refused without any Graph write, and putting an analyst's id or UPN into the card data (or only the
 * analyst's display name into the activity) changes nothing: the identity comes from the activity.
 */
import { DEFAULT_BOT, invokeActivity, messageActivity } from '../helpers/activities';
import { expiredBotToken, forgedBotToken } from '../helpers/botAuth';
import { eventually, startStack, type Stack } from '../helpers/stack';
import { correlatedPair } from './support/alerts';
import { cardText } from './support/cards';
import { table, writeSection } from './support/report';
import { ALEX, graphWrites, MEGAN } from './support/teams';

const rows: unknown[][] = [];
const t0 = Date.now();
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('with BOT_ID set, unauthenticated requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { BOT_ID: DEFAULT_BOT.id, BOT_PASSWORD: 'not-a-real-secret' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const serviceUrl = 'https://smba.trafficmanager.net/teams/';
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: DEFAULT_BOT.id, nbf: now - 60, exp: now + 3600, serviceurl: serviceUrl })}.`; // prettier-ignore
  const tokens: Array<[string, string | undefined]> = [
    ['no Authorization header', undefined],
    ['a token signed by an unpublished key', `Bearer ${forgedBotToken({ appId: DEFAULT_BOT.id })}`],
    ['an expired token', `Bearer ${expiredBotToken({ appId: DEFAULT_BOT.id })}`],
    [
      'a token for another bot',
      `Bearer ${forgedBotToken({ appId: '00000000-0000-4000-8000-000000000bad' })}`,
    ],
    ['an unsigned token (alg: none)', `Bearer ${unsigned}`],
    ['garbage', 'Bearer not.a.jwt'],
    ['Basic credentials', 'Basic dXNlcjpwYXNz'],
  ];
  const requests: Array<[string, () => object]> = [
    ['/subscribe', () => messageActivity({ serviceUrl, scope: 'channel', text: '/subscribe', from: MEGAN })],
    ['alert.setStatus', () => invokeActivity({ serviceUrl, verb: 'alert.setStatus', data: { alertId: 'da1', cardVersion: 1, status: 'resolved' }, from: MEGAN })], // prettier-ignore
  ];

  it.each(tokens.flatMap(([t, auth]) => requests.map(([r, a]) => [r, t, auth, a] as const)))(
    '%s with %s gets 401',
    async (request, token, authorization, activity) => {
      const res = await stack.post(activity(), authorization === undefined ? {} : { authorization });
      rows.push([`${request} with ${token} (BOT_ID set)`, res.status, 'no turn ran']);
      expect(res.status).toBe(401);
    },
  );

  it('ran no turn: nothing reached Teams, no subscription, no Graph write', async () => {
    expect(stack.connector.activities()).toEqual([]);
    expect(await stack.bot.services.subscriptions.list()).toEqual([]);
    expect(graphWrites(stack.sim.requests())).toEqual([]);
  });
});

describe('with SOC_ANALYSTS naming Alex only', () => {
  let stack: Stack;
  let alertId: string;
  beforeAll(async () => {
    stack = await startStack({ env: { SOC_ANALYSTS: ALEX.userPrincipalName } });
    const pair = correlatedPair('access', 0);
    stack.sim.alerts.add(pair.dlp);
    stack.sim.alerts.add(pair.defender);
    alertId = pair.defender.id;
    await eventually(() => stack.bot.services.alerts.tracked(alertId), 60_000, 'the pair to be tracked');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Alex's identity in every shape a forger might try inside the card data. */
  const alexInData = () => ({
    upn: ALEX.userPrincipalName,
    userPrincipalName: ALEX.userPrincipalName,
    aadObjectId: ALEX.aadObjectId,
    from: { id: ALEX.id, name: ALEX.name, aadObjectId: ALEX.aadObjectId },
    actor: { name: ALEX.name, upn: ALEX.userPrincipalName, aadObjectId: ALEX.aadObjectId },
  });
  const presses: Array<[string, Record<string, unknown>]> = [
    ['alert.enrich', {}],
    ['alert.comment', { commentText: 'closing this as Alex' }],
    ['alert.assignToMe', {}],
    ['alert.setStatus', { status: 'resolved' }],
    ['alert.classify', { classification: 'falsePositive', determination: 'notMalicious' }],
    ['alert.resolve', { classification: 'falsePositive', determination: 'notMalicious', reason: 'as Alex' }],
    ['alert.reopen', {}],
    ['alert.assignTo', { assigneeUpn: ALEX.userPrincipalName }],
  ];

  async function press(verb: string, data: Record<string, unknown>, from: object) {
    const activity = invokeActivity({ serviceUrl: stack.connector.url, verb, data: { alertId, cardVersion: 1, ...data }, from: from as typeof MEGAN }); // prettier-ignore
    const res = await stack.post(activity);
    return cardText((res.body as { value?: unknown } | undefined)?.value);
  }

  it.each(presses)(
    'Megan pressing %s with Alex in the card data is refused, nothing written',
    async (verb, data) => {
      const text = await press(verb, { ...data, ...alexInData() }, MEGAN);
      rows.push([
        `${verb} by a non-analyst, an analyst's id and UPN in the card data`,
        200,
        text.slice(0, 100),
      ]);
      expect(text).toContain('Not allowed');
      expect(text).toContain(`${MEGAN.name} is not a SOC analyst`);
      expect(graphWrites(stack.sim.requests())).toEqual([]);
    },
  );

  it("Megan sending Alex's display name in the activity is still Megan", async () => {
    const text = await press('alert.setStatus', { status: 'resolved' }, { id: MEGAN.id, name: ALEX.name });
    rows.push(["setStatus by a non-analyst using the analyst's display name", 200, text.slice(0, 100)]);
    expect(text).toContain('Not allowed');
    expect(graphWrites(stack.sim.requests())).toEqual([]);
  });

  it('Megan typing /subscribe in a channel is refused: no subscription', async () => {
    const activity = messageActivity({ serviceUrl: stack.connector.url, scope: 'channel', text: '/subscribe', from: MEGAN }); // prettier-ignore
    const res = await stack.post(activity);
    const reply = stack.connector.activities((op) => op.replyToId === activity.id)[0];
    const text = cardText(reply?.activity.attachments?.[0]?.content);
    rows.push(['/subscribe typed by a non-analyst', res.status, text.slice(0, 100)]);
    expect(text).toContain('Not allowed');
    expect(await stack.bot.services.subscriptions.list()).toEqual([]);
  });

  it('Alex, the analyst, may act: exactly one Graph write', async () => {
    const text = await press('alert.setStatus', { status: 'inProgress' }, ALEX);
    rows.push(['setStatus by the analyst (control)', 200, text.slice(0, 100)]);
    expect(graphWrites(stack.sim.requests()).map((r) => r.body)).toEqual([{ status: 'inProgress' }]);
  });
});

afterAll(async () => {
  await writeSection(
    'access',
    `Two in-process services. With \`BOT_ID\` set (the Bot Framework's signing keys cannot be fetched offline,
so nothing verifies), every state-changing request with a missing or bad token gets 401 and no turn runs.
With \`SOC_ANALYSTS\` naming one analyst (local mode), another member's card actions are refused and audited,
whatever identity the card data claims; the analyst's own action is the control.

${table(['request', 'HTTP', 'outcome'], rows)}`,
    Date.now() - t0,
  );
});
