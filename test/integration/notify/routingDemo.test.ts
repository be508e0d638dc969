/**
 * Routing with DLP policy names read from advanced hunting: the demo tenant (its DLP alerts match "U.S.
 * Financial Data" or "U.S. PII Data", some with no hunting row at all), "U.S. Financial Data" marked
 * sensitive. `/subscribe sensitive` makes the HR channel the sensitive route before its backfill; the
 * general channel subscribes after. No correlated alert may show in both; each channel gets some.
 */
import { messageActivity } from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID, DEFAULT_TEAM } from '../../helpers/teams/defaults';
import { ALEX, knowMembers, textOf } from '../bot/support';

const HR_CHANNEL = DEFAULT_TEAM.channels[0]!.id;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    scenario: 'demo',
    env: {
      SOC_ANALYSTS: ALEX.userPrincipalName,
      SENSITIVE_DLP_POLICIES: 'U.S. Financial Data',
      MAX_NEW_CARDS_PER_MINUTE: '1000',
    },
  });
  await knowMembers(stack, ALEX);
  await eventually(
    async () => (await stack.bot.services.alerts.listCorrelated({}, Date.now())).total > 0,
    60_000,
    'the demo correlations',
  );
});
afterAll(async () => {
  await stack?.stop();
});

async function subscribe(channelId: string, args: string): Promise<string> {
  const activity = messageActivity({
    serviceUrl: stack.connector.url,
    scope: 'channel',
    channelId,
    text: `/subscribe ${args}`.trim(),
    from: ALEX,
  });
  expect((await stack.post(activity)).status).toBe(200);
  return stack.connector
    .activities((op) => op.op === 'reply' && op.replyToId === activity.id)
    .map(textOf)
    .join('\n');
}

const cardedIds = (channelId: string): string[] =>
  stack.connector
    .cardsIn(channelId)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .map(
      (m) =>
        (m.card?.refresh as { action?: { data?: { alertId?: string } } } | undefined)?.action?.data?.alertId,
    )
    .filter((id): id is string => typeof id === 'string');

it('shows each correlation in the sensitive route or the general channel, never both', async () => {
  const hrAnswer = await subscribe(HR_CHANNEL, 'sensitive');
  expect(hrAnswer).toContain('Sensitive correlated');
  const generalAnswer = await subscribe(DEFAULT_CHANNEL_ID, '');
  const count = (text: string) => Number(/(\d+) open correlated alert/.exec(text)?.[1] ?? 0);
  const expected = count(hrAnswer) + count(generalAnswer);
  expect(count(hrAnswer)).toBeGreaterThan(0);
  expect(count(generalAnswer)).toBeGreaterThan(0);
  await eventually(
    () => cardedIds(HR_CHANNEL).length + cardedIds(DEFAULT_CHANNEL_ID).length >= expected,
    90_000,
    'the backfilled cards',
  );
  const hr = new Set(cardedIds(HR_CHANNEL));
  expect(cardedIds(DEFAULT_CHANNEL_ID).filter((id) => hr.has(id))).toEqual([]);
});
