import type { TrackedAlert } from '../../../src/correlation';
import type { TeamsScope } from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { MEGAN, say } from './support';

/**
 * Every slash command through the real `/api/messages`, in personal chat, group chat and a channel, with
 * and without the @mention (Teams' command menu also sends the bare word: `help`). Local mode with no
 * analysts configured: everyone may act.
 */
let stack: Stack;
let alert: TrackedAlert;
let upn: string;

beforeAll(async () => {
  stack = await startStack({ scenario: 'demo' });
  const withUpn = await eventually(
    async () => {
      const { alerts } = await stack.bot.services.alerts.listCorrelated({}, Date.now(), 100);
      return alerts.find((a) => a.identities.some((i) => i.kind === 'upn'));
    },
    30_000,
    'a correlated alert naming a UPN',
  );
  alert = withUpn;
  upn = withUpn.identities.find((i) => i.kind === 'upn')!.display;
});
afterAll(async () => {
  await stack?.stop();
});

const WAYS: Array<{ scope: TeamsScope; mention: boolean }> = [
  { scope: 'personal', mention: false },
  { scope: 'groupChat', mention: true },
  { scope: 'groupChat', mention: false },
  { scope: 'channel', mention: true },
  { scope: 'channel', mention: false },
];

type Expected = string | RegExp | (() => string);

/** [what is typed, what the answer must say]; run in this order in every conversation. */
const COMMANDS: Array<[string, () => string, Expected[]]> = [
  ['/help', () => '/help', ['Commands', '/subscribe [severity>=…] [sources=…]', '/comment']],
  ['help (no slash, as the command menu sends it)', () => 'help', ['Commands', '/alerts']],
  ['/status', () => '/status', ['Healthy', 'Poller', 'Watermark']],
  ['/subscribe', () => '/subscribe', ['Subscribed', /will be posted in this (chat|channel)/]],
  [
    '/subscribe with filters',
    () => '/subscribe severity>=high sources=endpoint',
    ['Subscribed', 'severity>=high sources=microsoftDefenderForEndpoint'],
  ],
  [
    '/subscribe with a bad filter',
    () => '/subscribe severity>=banana',
    ['Not subscribed', 'Unknown severity "banana"', 'Usage: /subscribe'],
  ],
  ['/unsubscribe', () => '/unsubscribe', ['Alerts will no longer be posted here.']],
  ['/unsubscribe again', () => '/unsubscribe', ['This conversation was not subscribed.']],
  [
    '/alerts with filters',
    () => '/alerts severity>=medium status=new since=7d',
    ['Correlated alerts (', 'Filter: severity>=medium status=new'],
  ],
  [
    '/alerts with a bad filter',
    () => '/alerts since=forever',
    ['Unknown duration "forever"', 'Usage: /alerts'],
  ],
  ['/alert <known id>', () => `/alert ${alert.id}`, [() => alert.title!, () => `Alert ${alert.id}`]],
  [
    '/alert <unknown id>',
    () => '/alert da-nope',
    ['Alert da-nope is not a correlated alert this bot tracks'],
  ],
  ['/alert without an id', () => '/alert', ['Which alert? Usage: /alert <alert-id>']],
  ['/dlp <upn>', () => `/dlp ${upn}`, [/DLP alerts for /, /correlated with Defender alerts/]],
  ['/dlp with a bad argument', () => '/dlp nobody', ['Usage: /dlp <upn> [since=7d]']],
  ['/sit <id>', () => `/sit ${alert.id}`, ['Sensitive info types', 'detected values are never shown']],
  [
    '/enrich <id>',
    () => `/enrich ${alert.id}`,
    [/Enrichment comment added to alert|Nothing to add to alert/],
  ],
  [
    '/comment <id> <text>',
    () => `/comment ${alert.id} Checked with the user.`,
    ['Your comment was added to alert'],
  ],
  [
    '/comment without text',
    () => `/comment ${alert.id}`,
    ['Type a comment before sending. Usage: /comment <alert-id> [tenant=<name>] <text>'],
  ],
  ['/audit', () => '/audit', ['Audit log', '/enrich', '/comment']],
  ['an unknown command', () => '/frobnicate', ["I don't know /frobnicate. Type /help for the list."]],
];

describe.each(WAYS)('in $scope scope (mention: $mention)', ({ scope, mention }) => {
  it.each(COMMANDS)('%s gets one answer that says what it should', async (_name, typed, expected) => {
    const { status, replies, text } = await say(stack, typed(), {
      scope,
      mention: scope === 'personal' ? undefined : mention,
    });
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    for (const e of expected) {
      const want = typeof e === 'function' ? e() : e;
      if (typeof want === 'string') expect(text).toContain(want);
      else expect(text).toMatch(want);
    }
  });
});

describe('what the commands did', () => {
  it('answers a channel message in its own thread', async () => {
    const { replies } = await say(stack, '/help', { scope: 'channel' });
    expect(replies[0]!.threadRootId).toBeDefined();
  });

  it('posted ONE enrichment comment however many times /enrich ran, naming the analyst', () => {
    const enrichments = stack.sim
      .comments(alert.id)
      .filter((c) => c.comment.startsWith('[defender-dlp-bot]'));
    expect(enrichments).toHaveLength(1);
    expect(enrichments[0]!.comment).toContain(`${MEGAN.name} (${MEGAN.userPrincipalName})`);
  });

  it('posted each /comment once, attributed to the analyst', () => {
    const comments = stack.sim
      .comments(alert.id)
      .filter((c) => c.comment.startsWith('Checked with the user.'));
    expect(comments).toHaveLength(WAYS.length);
    expect(comments[0]!.comment).toContain(
      `— ${MEGAN.name} (${MEGAN.userPrincipalName}) via defender-dlp-bot`,
    );
  });

  it('audited every change made by command, with who made it', async () => {
    const entries = await stack.bot.services.audit.recent(undefined, 200);
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['/enrich', '/comment', '/subscribe', '/unsubscribe']) expect(actions).toContain(a);
    const enrich = entries.find((e) => e.action === '/enrich' && e.result === 'ok')!;
    expect(enrich).toMatchObject({
      alertId: alert.id,
      actor: { name: MEGAN.name, upn: MEGAN.userPrincipalName },
    });
  });
});

describe('when Teams refuses the answer', () => {
  it('a /comment still posts once and is audited as done, not as failed', async () => {
    const fault = stack.connector.inject({
      status: 403,
      code: 'ConversationBlockedByUser',
      match: /^a:/,
      count: 10,
    });
    try {
      const before = stack.sim.comments(alert.id).length;
      const { status } = await say(stack, `/comment ${alert.id} Blocked chat test.`);
      expect(status).toBe(200);
      expect(fault.hits).toBe(1);
      expect(stack.sim.comments(alert.id)).toHaveLength(before + 1);
      const entries = (await stack.bot.services.audit.recent(undefined, 5)).filter(
        (e) => e.action === '/comment',
      );
      expect(entries[0]).toMatchObject({ result: 'ok', alertId: alert.id });
      expect(entries.filter((e) => e.result === 'failed')).toEqual([]);
    } finally {
      fault.cancel();
    }
  });
});
