import type { TrackedAlert } from '../../../src/correlation';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { ALEX, graphWrites, MEGAN, press, say } from './support';

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
  it('may act', async () => {
    const answer = await press(stack, 'alert.setStatus', data({ status: 'inProgress' }), { from: ALEX });
    expect(answer.text).toContain('set the status to In progress.');
    expect(graphWrites(stack).map((r) => r.body)).toEqual([{ status: 'inProgress' }]);
  });
});
