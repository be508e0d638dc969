/**
 * The fake Bot Connector speaks to botbuilder's own clients as Teams does: the SDK's ConnectorClient
 * and CloudAdapter (local mode, no app id) can post, thread, update, delete and open conversations.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
} from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials, TeamsConnectorClient } from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import { DEFAULT_CHANNEL_ID, DEFAULT_MEMBERS, DEFAULT_TEAM } from '../../helpers/activities';
import { startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';

const card = (title: string) => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] },
});
const cardMessage = (title: string) =>
  ({ type: 'message', attachments: [card(title)] }) as Partial<Activity> as Activity;
const text = (t: string) => ({ type: 'message', text: t }) as Partial<Activity> as Activity;

let connector: FakeConnector;
let client: ConnectorClient;

beforeAll(async () => {
  connector = await startFakeConnector();
  client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url });
});
afterEach(() => connector.reset());
afterAll(() => connector.close());

describe('fake Bot Connector with botbuilder ConnectorClient', () => {
  it('answers a send with 201 and a Teams-style numeric id, and records it as a top-level post', async () => {
    const res = await client.conversations.sendToConversation(DEFAULT_CHANNEL_ID, cardMessage('Alert 1'));
    expect(res.id).toMatch(/^\d{13,}$/);
    const [op] = connector.activities();
    expect(op).toMatchObject({ op: 'send', conversationId: DEFAULT_CHANNEL_ID, activityId: res.id });
    expect(op!.threadRootId).toBeUndefined();
    expect(op!.authorization).toBeUndefined();
  });

  it('threads by conversation id: ;messageid=<root> posts into that thread, the URL activity id does not', async () => {
    const root = await client.conversations.sendToConversation(DEFAULT_CHANNEL_ID, cardMessage('Alert 1'));
    const inThread = `${DEFAULT_CHANNEL_ID};messageid=${root.id}`;
    const viaSend = await client.conversations.sendToConversation(inThread, text('enriched'));
    const viaReply = await client.conversations.replyToActivity(inThread, root.id!, text('commented'));
    const topLevelReply = await client.conversations.replyToActivity(
      DEFAULT_CHANNEL_ID,
      root.id!,
      text('not threaded'),
    );

    expect(connector.threadReplies(DEFAULT_CHANNEL_ID, root.id!).map((m) => m.activityId)).toEqual([
      viaSend.id,
      viaReply.id,
    ]);
    expect(connector.activities({ activityId: viaReply.id })[0]).toMatchObject({
      op: 'reply',
      replyToId: root.id,
      threadRootId: root.id,
    });
    expect(connector.activities({ activityId: topLevelReply.id })[0]!.threadRootId).toBeUndefined();
    expect(connector.activities({ conversationId: inThread }).map((o) => o.activityId)).toEqual([
      viaSend.id,
      viaReply.id,
    ]);
  });

  it('updates a card in place: cardsIn shows the latest version and counts versions', async () => {
    const root = await client.conversations.sendToConversation(DEFAULT_CHANNEL_ID, cardMessage('v1'));
    const updated = await client.conversations.updateActivity(DEFAULT_CHANNEL_ID, root.id!, {
      ...cardMessage('v2'),
      id: root.id,
    } as Activity);

    expect(updated.id).toBe(root.id);
    const [only] = connector.cardsIn(DEFAULT_CHANNEL_ID);
    expect(only).toMatchObject({ activityId: root.id, versions: 2, card: { body: [{ text: 'v2' }] } });
    expect(connector.activities().map((o) => o.op)).toEqual(['send', 'update']);
  });

  it('deletes a message, after which it is gone from cardsIn and a second delete is a 404', async () => {
    const root = await client.conversations.sendToConversation(DEFAULT_CHANNEL_ID, cardMessage('doomed'));
    await client.conversations.deleteActivity(DEFAULT_CHANNEL_ID, root.id!);
    expect(connector.cardsIn(DEFAULT_CHANNEL_ID)).toEqual([]);
    await expect(client.conversations.deleteActivity(DEFAULT_CHANNEL_ID, root.id!)).rejects.toMatchObject({
      statusCode: 404,
      code: 'ActivityNotFoundInConversation',
    });
  });

  it('starts a channel thread with createConversation and answers the thread id with ;messageid=', async () => {
    const res = await client.conversations.createConversation({
      isGroup: true,
      channelData: { channel: { id: DEFAULT_CHANNEL_ID } },
      activity: cardMessage('Alert 7'),
    } as never);

    expect(res.activityId).toMatch(/^\d{13,}$/);
    expect(res.id).toBe(`${DEFAULT_CHANNEL_ID};messageid=${res.activityId}`);
    expect(connector.activities()[0]).toMatchObject({
      op: 'create',
      conversationId: DEFAULT_CHANNEL_ID,
      activityId: res.activityId,
    });
    await client.conversations.sendToConversation(res.id!, text('first reply'));
    expect(connector.threadReplies(DEFAULT_CHANNEL_ID, res.activityId!)).toHaveLength(1);
  });

  it('opens the same 1:1 chat for a user every time', async () => {
    const params = {
      isGroup: false,
      members: [{ id: DEFAULT_MEMBERS[1]!.id }],
      tenantId: DEFAULT_MEMBERS[1]!.tenantId,
    };
    const first = await client.conversations.createConversation(params as never);
    const second = await client.conversations.createConversation(params as never);
    expect(first.id).toMatch(/^a:1/);
    expect(second.id).toBe(first.id);
  });

  it('answers roster and team queries from the default tenant', async () => {
    const teams = new TeamsConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url });
    const members = await client.conversations.getConversationMembers(DEFAULT_CHANNEL_ID);
    const megan = await client.conversations.getConversationMember(
      DEFAULT_CHANNEL_ID,
      DEFAULT_MEMBERS[0]!.aadObjectId,
    );
    const page = await client.conversations.getConversationPagedMembers(DEFAULT_CHANNEL_ID, {
      pageSize: 2,
      continuationToken: '',
    });
    const rest = await client.conversations.getConversationPagedMembers(DEFAULT_CHANNEL_ID, {
      pageSize: 2,
      continuationToken: page.continuationToken!,
    });
    const channels = await teams.teams.fetchChannelList(DEFAULT_TEAM.id);
    const details = await teams.teams.fetchTeamDetails(DEFAULT_TEAM.id);

    expect(members.map((m) => m.name)).toEqual(['Megan Bowen', 'Alex Wilber', 'Adele Vance']);
    expect(megan).toMatchObject({
      id: DEFAULT_MEMBERS[0]!.id,
      userPrincipalName: 'MeganB@contoso.onmicrosoft.com',
    });
    expect([...page.members, ...rest.members]).toHaveLength(3);
    expect(rest.continuationToken).toBeUndefined();
    expect(channels.conversations).toEqual([
      { id: DEFAULT_TEAM.id },
      { id: DEFAULT_CHANNEL_ID, name: 'DLP Alerts' },
    ]);
    expect(details).toMatchObject({
      id: DEFAULT_TEAM.id,
      name: 'Security Operations',
      aadGroupId: DEFAULT_TEAM.aadGroupId,
    });
  });
});

describe('fake Bot Connector with botbuilder CloudAdapter in local mode (no app id)', () => {
  it('receives a proactive post (sent as a reply to the continuation id, yet top-level) and its update', async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: DEFAULT_CHANNEL_ID, isGroup: true, conversationType: 'channel', name: '' },
    };
    await adapter.continueConversationAsync('', reference, async (context) => {
      const sent = await context.sendActivity(cardMessage('v1'));
      await context.updateActivity({ ...cardMessage('v2'), id: sent!.id });
    });

    const [post, update] = connector.activities();
    expect(post).toMatchObject({
      op: 'reply',
      conversationId: DEFAULT_CHANNEL_ID,
      replyToId: expect.any(String),
    });
    expect(post!.threadRootId).toBeUndefined();
    expect(update).toMatchObject({ op: 'update', activityId: post!.activityId });
    expect(connector.cardsIn(DEFAULT_CHANNEL_ID)[0]!.card).toMatchObject({ body: [{ text: 'v2' }] });
  });
});
