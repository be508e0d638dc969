import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  conversationUpdateActivity,
  DEFAULT_CHANNEL_ID,
  DEFAULT_TEAM,
  installationUpdateActivity,
  messageActivity,
} from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { cardOf, say, textOf } from './support';

const VERSION = (
  JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }
).version;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ scenario: 'empty' });
});
afterAll(async () => {
  await stack?.stop();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack.bot.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('operational endpoints', () => {
  it('/healthz answers 200', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz answers 200 once the store answers and the last poll succeeded', async () => {
    await eventually(
      () => stack.bot.poller.status().lastCycleCompletedAt ?? undefined,
      15_000,
      'a poll cycle',
    );
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('/readyz answers 503 with the reason while polling fails, and 200 again once it recovers', async () => {
    const failed = stack.bot.poller.status().consecutiveFailures;
    stack.sim.faults.inject({ kind: 'status', status: 403, match: '/security/alerts_v2$', count: 2 });
    await eventually(() => stack.bot.poller.status().consecutiveFailures > failed, 15_000, 'a failed poll');
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({
      status: 'not ready',
      reason: expect.stringContaining('the last poll failed'),
    });
    await eventually(async () => (await get('/readyz')).status === 200, 20_000, 'recovery');
  });

  it('/status reports the version, uptime and the poller', async () => {
    await eventually(
      () => stack.bot.poller.status().lastCycleCompletedAt ?? undefined,
      15_000,
      'a poll cycle',
    );
    const { status, body } = await get('/status');
    expect(status).toBe(200);
    expect(body.version).toBe(VERSION);
    expect(typeof body.uptimeSeconds).toBe('number');
    const poller = body.poller as Record<string, unknown>;
    expect(poller).toMatchObject({
      lastCycleStartedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastCycleCompletedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastCycleAlerts: 0,
      lastCycleDurationMs: expect.any(Number),
      lastError: null,
      watermark: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });
});

describe('/api/messages rejects malformed requests with a clear status', () => {
  const help = () => messageActivity({ serviceUrl: stack.connector.url, scope: 'personal', text: '/help' });

  it('400 for a body that is not JSON', async () => {
    const res = await stack.post(help(), { rawBody: '{"type": "message", ' });
    expect(res.status).toBe(400);
  });

  it('400 for JSON that is not an activity, naming the problem', async () => {
    const res = await stack.post({ hello: 'world' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { code: 'BadRequest', message: expect.stringContaining('Invalid activity') },
    });
  });

  it('415 for another content type', async () => {
    const res = await stack.post(help(), { contentType: 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('413 for a body over 256 KiB', async () => {
    const big = { ...help(), text: 'x'.repeat(300 * 1024) };
    const res = await stack.post(big);
    expect(res.status).toBe(413);
  });

  it('400 for a serviceUrl off loopback in local mode (replies must not go to another host)', async () => {
    const res = await stack.post({ ...help(), serviceUrl: 'https://attacker.example/' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { message: expect.stringContaining('loopback') } });
  });

  it('sent nothing to Teams for any of them', () => {
    expect(stack.connector.activities()).toEqual([]);
  });
});

describe('local mode (no BOT_ID)', () => {
  it('handles a POST without Authorization: the /help reply reaches the Bot Connector', async () => {
    const { status, replies, text } = await say(stack, '/help');
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(text).toContain('/subscribe');
    expect(text).toContain('/alerts');
  });
});

describe('installation', () => {
  it('welcomes a team once, whether Teams says so by conversationUpdate or installationUpdate', async () => {
    stack.connector.clear();
    const serviceUrl = stack.connector.url;
    const added = conversationUpdateActivity({ serviceUrl, event: 'teamMemberAdded' });
    expect((await stack.post(added)).status).toBe(200);
    expect(
      (await stack.post(installationUpdateActivity({ serviceUrl, action: 'add', scope: 'channel' }))).status,
    ).toBe(200);
    expect(
      (await stack.post(conversationUpdateActivity({ serviceUrl, event: 'teamMemberAdded' }))).status,
    ).toBe(200);
    const welcomes = stack.connector.activities().filter((op) => textOf(op).includes('Thanks for adding'));
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]!.conversationId).toBe(DEFAULT_TEAM.id);
    expect(cardOf(welcomes[0]!)).toBeDefined();
    expect(textOf(welcomes[0]!)).toContain('/subscribe');
  });

  it('welcomes a personal chat once, though Teams sends conversationUpdate and installationUpdate (and the Playground re-sends them)', async () => {
    stack.connector.clear();
    const install = installationUpdateActivity({
      serviceUrl: stack.connector.url,
      action: 'add',
      scope: 'personal',
    });
    const { action: _action, ...rest } = install;
    const botJoined = { ...rest, type: 'conversationUpdate', membersAdded: [{ id: install.recipient.id }] };
    for (const activity of [botJoined, install, botJoined, install])
      expect((await stack.post({ ...activity, id: `${activity.id}-${Math.random()}` })).status).toBe(200);
    const welcomes = stack.connector.activities().filter((op) => textOf(op).includes('Thanks for adding'));
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]!.conversationId).toBe(install.conversation.id);
  });

  it('welcomes that chat again after the app was removed and added back', async () => {
    stack.connector.clear();
    const serviceUrl = stack.connector.url;
    await stack.post(installationUpdateActivity({ serviceUrl, action: 'remove', scope: 'personal' }));
    await stack.post(installationUpdateActivity({ serviceUrl, action: 'add', scope: 'personal' }));
    expect(
      stack.connector.activities().filter((op) => textOf(op).includes('Thanks for adding')),
    ).toHaveLength(1);
  });

  it('remembers the team for later (it is listed among installed teams)', async () => {
    const teams = await stack.bot.services.subscriptions.teams();
    expect(teams.map((t) => t.teamId)).toContain(DEFAULT_TEAM.id);
  });

  it('ignores another member joining the team', async () => {
    stack.connector.clear();
    const joined = conversationUpdateActivity({
      serviceUrl: stack.connector.url,
      event: 'teamMemberAdded',
      membersAdded: [{ id: '29:someone-new' }],
    });
    expect((await stack.post(joined)).status).toBe(200);
    expect(stack.connector.activities()).toEqual([]);
  });
});

describe('removal', () => {
  async function subscribedChannels(): Promise<string[]> {
    return (await stack.bot.services.subscriptions.list()).map((sub) => sub.ref.conversation.id);
  }

  it('drops the subscription of a deleted channel', async () => {
    expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
    expect(await subscribedChannels()).toContain(DEFAULT_CHANNEL_ID);
    const deleted = conversationUpdateActivity({
      serviceUrl: stack.connector.url,
      event: 'channelDeleted',
      channel: { id: DEFAULT_CHANNEL_ID, name: 'DLP Alerts' },
    });
    expect((await stack.post(deleted)).status).toBe(200);
    expect(await subscribedChannels()).not.toContain(DEFAULT_CHANNEL_ID);
  });

  it('drops every subscription of the team and forgets it when the app is uninstalled', async () => {
    await say(stack, '/subscribe', { scope: 'channel' });
    const uninstall = installationUpdateActivity({
      serviceUrl: stack.connector.url,
      action: 'remove',
      scope: 'channel',
    });
    expect((await stack.post(uninstall)).status).toBe(200);
    expect(await subscribedChannels()).not.toContain(DEFAULT_CHANNEL_ID);
    expect((await stack.bot.services.subscriptions.teams()).map((t) => t.teamId)).not.toContain(
      DEFAULT_TEAM.id,
    );
  });
});
