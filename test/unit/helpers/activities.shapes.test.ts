/**
 * The activity builders produce what Teams sends to a bot: snapshots pin the whole shape, and the key
 * Teams rules (conversation ids per scope, thread addressing, mentions, channelData) are asserted one
 * by one so a snapshot update cannot silently break them.
 */
import {
  DEFAULT_BOT,
  DEFAULT_CHANNEL_ID,
  DEFAULT_MEMBERS,
  DEFAULT_TEAM,
  DEFAULT_TENANT_ID,
  conversationUpdateActivity,
  installationUpdateActivity,
  invokeActivity,
  messageActivity,
} from '../../helpers/activities';

const serviceUrl = 'http://127.0.0.1:4000/';
const fixed = { serviceUrl, id: '1763640000000', timestamp: new Date('2026-11-20T12:00:00.000Z') };

describe('messageActivity', () => {
  it.each(['personal', 'groupChat', 'channel'] as const)(
    'matches the Teams shape in %s scope (snapshot)',
    (scope) => {
      expect(messageActivity({ ...fixed, text: '/alerts', scope })).toMatchSnapshot();
    },
  );

  it('in a personal chat: a:1 id stable per user, no mention, tenant-only channelData', () => {
    const megan = messageActivity({ serviceUrl, text: 'hi', scope: 'personal' });
    const again = messageActivity({ serviceUrl, text: 'hi', scope: 'personal' });
    const alex = messageActivity({ serviceUrl, text: 'hi', scope: 'personal', from: DEFAULT_MEMBERS[1] });
    expect(megan.conversation).toEqual({
      conversationType: 'personal',
      tenantId: DEFAULT_TENANT_ID,
      id: again.conversation.id,
    });
    expect(megan.conversation.id).toMatch(/^a:1/);
    expect(alex.conversation.id).not.toBe(megan.conversation.id);
    expect(megan.text).toBe('hi');
    expect(megan.entities.map((e) => e.type)).toEqual(['clientInfo']);
    expect(megan.channelData).toEqual({ tenant: { id: DEFAULT_TENANT_ID } });
  });

  it('in a channel: a new post is its own thread root and mentions the bot with a matching entity', () => {
    const a = messageActivity({ serviceUrl, text: 'status', scope: 'channel' });
    expect(a.conversation).toEqual({
      isGroup: true,
      conversationType: 'channel',
      tenantId: DEFAULT_TENANT_ID,
      id: `${DEFAULT_CHANNEL_ID};messageid=${a.id}`,
    });
    expect(a.text).toBe(`<at>${DEFAULT_BOT.name}</at> status`);
    const mention = a.entities.find((e) => e.type === 'mention')!;
    expect(a.text).toContain(mention.text as string); // Teams ignores a mention whose text is not in the message
    expect(mention.mentioned).toEqual({ id: `28:${DEFAULT_BOT.id}`, name: DEFAULT_BOT.name });
    expect(a.channelData).toEqual({
      teamsChannelId: DEFAULT_CHANNEL_ID,
      teamsTeamId: DEFAULT_TEAM.id,
      channel: { id: DEFAULT_CHANNEL_ID },
      team: { id: DEFAULT_TEAM.id, name: DEFAULT_TEAM.name, aadGroupId: DEFAULT_TEAM.aadGroupId },
      tenant: { id: DEFAULT_TENANT_ID },
    });
    expect(a.channelData.teamsChannelId).not.toBe(a.channelData.teamsTeamId);
  });

  it('in a channel thread: addressed by ;messageid=<root> with replyToId set to the root', () => {
    const a = messageActivity({ serviceUrl, text: 'more', scope: 'channel', replyToId: '1700000000001' });
    expect(a.conversation.id).toBe(`${DEFAULT_CHANNEL_ID};messageid=1700000000001`);
    expect(a.replyToId).toBe('1700000000001');
  });

  it('in a group chat: 19:…@thread.v2, and mention: false leaves text and entities alone', () => {
    const a = messageActivity({ serviceUrl, text: 'plain', scope: 'groupChat', mention: false });
    expect(a.conversation).toMatchObject({ isGroup: true, conversationType: 'groupChat' });
    expect(a.conversation.id).toMatch(/^19:[0-9a-f]{32}@thread\.v2$/);
    expect(a.text).toBe('plain');
    expect(a.entities.some((e) => e.type === 'mention')).toBe(false);
  });

  it('carries from, recipient, ids and times as Teams writes them', () => {
    const a = messageActivity({ ...fixed, text: 'x', scope: 'channel', botId: 'abc', botName: 'SOC Bot' });
    expect(a.from).toEqual({
      id: DEFAULT_MEMBERS[0]!.id,
      name: 'Megan Bowen',
      aadObjectId: DEFAULT_MEMBERS[0]!.aadObjectId,
    });
    expect(a.from.id).toMatch(/^29:1/);
    expect(a.recipient).toEqual({ id: '28:abc', name: 'SOC Bot' });
    expect([a.type, a.channelId, a.locale, a.textFormat]).toEqual(['message', 'msteams', 'en-US', 'plain']);
    expect(a.timestamp).toBe('2026-11-20T12:00:00.000Z');
    expect(a.localTimestamp).toBe('2026-11-20T13:00:00.000+01:00'); // Europe/Berlin in winter
    expect(messageActivity({ serviceUrl, text: 'x', scope: 'personal' }).id).toMatch(/^\d{13}$/);
  });

  it('rejects input Teams would never send, naming the problem', () => {
    expect(() => messageActivity({ serviceUrl: '/relative', text: 'x', scope: 'channel' })).toThrow(
      /serviceUrl must be an absolute/,
    );
    expect(() => messageActivity({ serviceUrl, text: 'x', scope: 'personal', mention: true })).toThrow(
      /mention applies to channel/,
    );
    expect(() => messageActivity({ serviceUrl, text: 'x', scope: 'groupChat', replyToId: '1' })).toThrow(
      /replyToId applies to channels/,
    );
    expect(() => messageActivity({ serviceUrl, text: 'x', scope: 'team' as never })).toThrow(/scope must be/);
  });
});

describe('invokeActivity', () => {
  it('matches the adaptiveCard/action shape (snapshot)', () => {
    const a = invokeActivity({
      ...fixed,
      id: 'f:0001',
      verb: 'triage',
      data: { alertId: 'da1' },
      replyToId: '1700000000001',
    });
    expect(a).toMatchSnapshot();
  });

  it('carries Action.Execute with verb and data, and addresses the card’s thread', () => {
    const a = invokeActivity({
      serviceUrl,
      verb: 'enrich',
      data: { alertId: 'x' },
      replyToId: '1700000000009',
    });
    expect([a.type, a.name]).toEqual(['invoke', 'adaptiveCard/action']);
    expect(a.value).toEqual({
      action: { type: 'Action.Execute', verb: 'enrich', data: { alertId: 'x' } },
      trigger: 'manual',
    });
    expect(a.conversation.id).toBe(`${DEFAULT_CHANNEL_ID};messageid=1700000000009`);
    expect(a.replyToId).toBe('1700000000009');
    expect(a.id).toMatch(/^f:/);
    const inThread = invokeActivity({
      serviceUrl,
      verb: 'v',
      replyToId: '2',
      threadRootId: '1',
      scope: 'channel',
    });
    expect(inThread.conversation.id).toBe(`${DEFAULT_CHANNEL_ID};messageid=1`);
  });

  it('rejects an empty verb or non-object data', () => {
    expect(() => invokeActivity({ serviceUrl, verb: '' })).toThrow(/verb must be a non-empty string/);
    expect(() => invokeActivity({ serviceUrl, verb: 'v', data: [] as never })).toThrow(
      /data must be a plain object/,
    );
  });
});

describe('conversationUpdateActivity and installationUpdateActivity', () => {
  it('match the Teams shapes (snapshot)', () => {
    expect(
      conversationUpdateActivity({ ...fixed, id: 'f:0002', event: 'teamMemberAdded' }),
    ).toMatchSnapshot();
    expect(conversationUpdateActivity({ ...fixed, id: 'f:0003', event: 'channelCreated' })).toMatchSnapshot();
    expect(
      installationUpdateActivity({ ...fixed, id: 'f:0004', action: 'add', scope: 'channel' }),
    ).toMatchSnapshot();
  });

  it('put team events in the General channel with eventType, and the bot as the default member added', () => {
    const a = conversationUpdateActivity({ serviceUrl, event: 'teamMemberAdded' });
    expect(a.conversation).toMatchObject({ id: DEFAULT_TEAM.id, conversationType: 'channel', isGroup: true });
    expect(a.membersAdded).toEqual([{ id: `28:${DEFAULT_BOT.id}` }]);
    expect(a.channelData).toMatchObject({ eventType: 'teamMemberAdded', team: { id: DEFAULT_TEAM.id } });
    const renamed = conversationUpdateActivity({ serviceUrl, event: 'teamRenamed', teamName: 'SOC Tier 2' });
    expect(renamed.channelData.team).toMatchObject({ name: 'SOC Tier 2' });
    expect(() => conversationUpdateActivity({ serviceUrl, event: 'teamArchived' as never })).toThrow(
      /event must be one of/,
    );
  });

  it('install into a personal chat without team data, and into a team with the selected channel', () => {
    const personal = installationUpdateActivity({ serviceUrl, action: 'remove', scope: 'personal' });
    expect(personal).toMatchObject({
      type: 'installationUpdate',
      action: 'remove',
      channelData: { tenant: { id: DEFAULT_TENANT_ID } },
    });
    expect(personal.channelData.team).toBeUndefined();
    const team = installationUpdateActivity({ serviceUrl, action: 'add', scope: 'channel' });
    expect(team.channelData.settings).toEqual({ selectedChannel: { id: DEFAULT_CHANNEL_ID } });
    expect(() =>
      installationUpdateActivity({ serviceUrl, action: 'upgrade' as never, scope: 'channel' }),
    ).toThrow(/action must be/);
  });
});
