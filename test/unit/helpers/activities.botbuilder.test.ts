/**
 * Built activities are read by botbuilder the way real Teams activities are (mention stripping, Teams
 * channel data helpers, ActivityHandler routing), and `postActivity` delivers them over HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  TeamsActivityHandler,
  TestAdapter,
  TurnContext,
  teamsGetChannelId,
  teamsGetTeamInfo,
  teamsGetTenant,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Activity } from 'botframework-schema';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_TEAM,
  DEFAULT_TENANT_ID,
  conversationUpdateActivity,
  installationUpdateActivity,
  invokeActivity,
  messageActivity,
  postActivity,
  type TeamsActivity,
} from '../../helpers/activities';

const serviceUrl = 'http://127.0.0.1:4000/';
const asActivity = (a: TeamsActivity) => a as unknown as Activity;

async function run(handler: ActivityHandler, activity: TeamsActivity): Promise<void> {
  const adapter = new TestAdapter(async (context) => handler.run(context));
  await adapter.processActivity(asActivity(activity));
}

describe('built activities as botbuilder reads them', () => {
  it('strip to the bare command with removeRecipientMention, and expose Teams ids through the helpers', () => {
    const a = asActivity(messageActivity({ serviceUrl, text: '/alerts subscribe', scope: 'channel' }));
    expect(TurnContext.removeRecipientMention(a)?.trim()).toBe('/alerts subscribe');
    expect(teamsGetChannelId(a)).toBe(DEFAULT_CHANNEL_ID);
    expect(teamsGetTeamInfo(a)).toMatchObject({ id: DEFAULT_TEAM.id, aadGroupId: DEFAULT_TEAM.aadGroupId });
    expect(teamsGetTenant(a)).toEqual({ id: DEFAULT_TENANT_ID });
  });

  it('route an invoke to onAdaptiveCardInvoke with the verb and data (botbuilder validates the shape)', async () => {
    const seen: AdaptiveCardInvokeValue[] = [];
    class Bot extends ActivityHandler {
      protected override async onAdaptiveCardInvoke(
        _context: TurnContext,
        value: AdaptiveCardInvokeValue,
      ): Promise<AdaptiveCardInvokeResponse> {
        seen.push(value);
        return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: {} };
      }
    }
    await run(new Bot(), invokeActivity({ serviceUrl, verb: 'sit', data: { alertId: 'da42' } }));
    // botbuilder re-packs the value (action, authentication, state); the action must come through intact.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.action).toMatchObject({ type: 'Action.Execute', verb: 'sit', data: { alertId: 'da42' } });
  });

  it('dispatch team events and installs to the matching TeamsActivityHandler handlers', async () => {
    const calls: string[] = [];
    const bot = new TeamsActivityHandler()
      .onTeamsMembersAddedEvent(async (members, team, _c, next) => {
        calls.push(`membersAdded ${members.length} ${team.id === DEFAULT_TEAM.id}`);
        await next();
      })
      .onTeamsChannelCreatedEvent(async (channel, _t, _c, next) => {
        calls.push(`channelCreated ${channel.name}`);
        await next();
      })
      .onTeamsTeamRenamedEvent(async (team, _c, next) => {
        calls.push(`teamRenamed ${team.name}`);
        await next();
      })
      .onInstallationUpdateAdd(async (_c, next) => {
        calls.push('installed');
        await next();
      });
    await run(bot, conversationUpdateActivity({ serviceUrl, event: 'teamMemberAdded' }));
    await run(bot, conversationUpdateActivity({ serviceUrl, event: 'channelCreated' }));
    await run(bot, conversationUpdateActivity({ serviceUrl, event: 'teamRenamed', teamName: 'SOC 2' }));
    await run(bot, installationUpdateActivity({ serviceUrl, action: 'add', scope: 'channel' }));
    expect(calls).toEqual([
      'membersAdded 1 true',
      'channelCreated Incident Room',
      'teamRenamed SOC 2',
      'installed',
    ]);
  });
});

describe('postActivity', () => {
  let server: http.Server;
  let botUrl: string;
  const received: Array<{ method?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let answer: { status: number; type?: string; body: string } = { status: 200, body: '' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body });
        // Not chained: restify, if loaded in the same process, patches writeHead to return nothing.
        res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (received.length = 0));

  it('POSTs the activity as JSON and returns the parsed invoke answer', async () => {
    answer = { status: 200, type: 'application/json', body: '{"statusCode":200,"type":"x","value":{}}' };
    const activity = invokeActivity({ serviceUrl, verb: 'v' });
    const res = await postActivity(botUrl, activity, { authorization: 'Bearer t' });
    expect(res).toEqual({ status: 200, body: { statusCode: 200, type: 'x', value: {} }, text: answer.body });
    expect(received[0]).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer t' } });
    expect(received[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(received[0]!.body)).toEqual(activity);
  });

  it('sends rawBody verbatim with the given content type, and hands back non-JSON text as is', async () => {
    answer = { status: 400, type: 'text/plain', body: 'bad request' };
    const res = await postActivity(botUrl, {}, { rawBody: '{not json', contentType: 'text/plain' });
    expect(res).toEqual({ status: 400, body: 'bad request', text: 'bad request' });
    expect(received[0]).toMatchObject({ body: '{not json', headers: { 'content-type': 'text/plain' } });
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('returns an undefined body for an empty answer, and refuses non-loopback URLs', async () => {
    answer = { status: 202, body: '' };
    await expect(postActivity(botUrl, {})).resolves.toEqual({ status: 202, body: undefined, text: '' });
    await expect(postActivity('http://example.com/api/messages', {})).rejects.toThrow(
      /only talks to loopback/,
    );
  });
});
