import type { TrackedAlert } from '../../../src/correlation';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_MEMBERS } from '../../helpers/activities';
import { ALEX, graphWrites, knowMembers, MEGAN, press, say } from './support';

const ADELE = DEFAULT_MEMBERS[2]!;

/**
 * SOC_ANALYSTS names Alex only (by UPN, in another case than Teams reports it). Megan is a member of the
 * team but not an analyst: whatever she presses or types, nothing changes in Graph, and she is told why.
 */
let stack: Stack;
let alert: TrackedAlert;

beforeAll(async () => {
  stack = await startStack({ scenario: 'demo', env: { SOC_ANALYSTS: ALEX.userPrincipalName.toUpperCase() } });
  alert = await eventually(
    async () => (await stack.bot.services.alerts.listCorrelated({}, Date.now())).alerts[0],
    30_000,
    'a correlated alert',
  );
  // Alex is left unknown: the slow-roster tests below start from a cold roster cache.
  await knowMembers(stack, MEGAN);
});
afterAll(async () => {
  await stack?.stop();
});

const data = (extra: Record<string, unknown> = {}) => ({ alertId: alert.id, cardVersion: 1, ...extra });

describe('a non-analyst', () => {
  const presses: Array<[string, () => Record<string, unknown>]> = [
    ['alert.enrich', () => data()],
    ['alert.comment', () => data({ commentText: 'I should not be able to say this' })],
    ['alert.assignToMe', () => data()],
    ['alert.setStatus', () => data({ status: 'resolved' })],
    ['alert.classify', () => data({ classification: 'falsePositive' })],
  ];

  it.each(presses)('pressing %s is told "Not allowed" and changes nothing in Graph', async (verb, body) => {
    const answer = await press(stack, verb, body(), { from: MEGAN });
    expect(answer.body.statusCode).toBe(200);
    expect(answer.text).toContain('Not allowed');
    expect(answer.text).toContain(`${MEGAN.name} is not a SOC analyst`);
    expect(graphWrites(stack)).toEqual([]);
  });

  it.each(['/enrich ALERT', '/comment ALERT hello', '/subscribe', '/unsubscribe', '/audit'])(
    'typing %s is refused the same way',
    async (typed) => {
      const { text } = await say(stack, typed.replace('ALERT', alert.id), { from: MEGAN });
      expect(text).toContain('Not allowed');
      expect(graphWrites(stack)).toEqual([]);
    },
  );

  it('may still read: /alerts, /alert and the sensitive info types', async () => {
    expect((await say(stack, '/alerts', { from: MEGAN })).text).toContain('Correlated alerts');
    expect((await say(stack, `/alert ${alert.id}`, { from: MEGAN })).text).toContain(alert.id);
    expect((await press(stack, 'alert.sit', data(), { from: MEGAN })).text).toContain('Sensitive info types');
  });

  it('is audited as refused, with who tried', async () => {
    const refused = (await stack.bot.services.audit.recent(undefined, 100)).filter(
      (e) => e.result === 'refused',
    );
    expect(refused.length).toBe(10);
    expect(refused[0]!.actor).toMatchObject({ name: MEGAN.name, upn: MEGAN.userPrincipalName });
  });
});

describe('an analyst listed by UPN (any case)', () => {
  const rosterReadsOf = (who: typeof ALEX) =>
    stack.connector
      .reads({ kind: 'member' })
      .filter((r) => r.memberId === who.id || r.memberId === who.aadObjectId);

  it('is let in by a slash command though the roster answers after the turn’s lookup budget', async () => {
    // Held three times the 500 ms a turn gives the lookup, well within the 5 s a command waits for it.
    const stall = stack.connector.stall({ ops: ['member'], delayMs: 1500, count: 1 });
    const { text } = await say(stack, '/subscribe', { scope: 'channel', from: ALEX });
    expect(stall.hits).toBe(1);
    expect(text).toContain('Subscribed');
    expect(rosterReadsOf(ALEX)).toHaveLength(1);
  });

  it('may act', async () => {
    const answer = await press(stack, 'alert.setStatus', data({ status: 'inProgress' }), { from: ALEX });
    expect(answer.text).toContain('set the status to In progress.');
    expect(graphWrites(stack).map((r) => r.body)).toEqual([{ status: 'inProgress' }]);
  });
});

describe('someone whose UPN the roster has not told yet', () => {
  it('is told the bot could not confirm them, not that they are no analyst, and the retry is judged', async () => {
    // Held far longer than a card action's 2 s deadline: the check cannot wait for it.
    const stall = stack.connector.stall({ ops: ['member'], delayMs: 6000, count: 1 });
    const before = graphWrites(stack).length;
    const first = await press(stack, 'alert.setStatus', data({ status: 'resolved' }), { from: ADELE });
    expect(stall.hits).toBe(1);
    expect(first.text).toContain('Not allowed');
    expect(first.text).toContain(`Could not confirm that ${ADELE.name} is a SOC analyst`);
    expect(first.text).toContain('try again in a moment');
    expect(first.text).not.toContain('is not a SOC analyst');
    // The held read ends and fills the cache: the retry knows her UPN, and she is not on the list.
    await eventually(
      async () => (await stack.bot.services.actors.user(ADELE.aadObjectId!))?.upn,
      15_000,
      'the held roster read to finish',
    );
    const retry = await press(stack, 'alert.setStatus', data({ status: 'resolved' }), { from: ADELE });
    expect(retry.text).toContain(`${ADELE.name} is not a SOC analyst`);
    expect(graphWrites(stack)).toHaveLength(before);
  });
});
