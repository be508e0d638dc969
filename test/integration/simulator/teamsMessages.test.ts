/**
 * Teams messages as Graph shows them: channel `messages/delta` and chat `messages`, with their paging,
 * filters, page cap and permission rules, read both raw and through GraphSecurityClient.
 */
import type { Simulator } from '../../../simulator';
import { clientFor } from '../graph/simulatorClient';
import { call, checkTlsTrust, start } from './helpers';

const GROUP = '2f4c6e8a-1b3d-4f5a-9c7e-0d2b4f6a8c1e';
const CHANNEL = '19:dlp-alerts@thread.tacv2';
const CHAT = '19:soc-leads@thread.v2';
const APP = '6b1f3c5e-7a9d-4e2f-8b0c-1d3e5f7a9b2c';
const T0 = Date.parse('2026-11-20T12:00:00Z');

const card = (alertId: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  refresh: { action: { type: 'Action.Execute', verb: 'alert.refresh', data: { alertId, cardVersion: 1 } } },
  body: [],
});

describe('Teams messages in the Graph simulator', () => {
  let sim: Simulator;
  let now = T0;

  beforeAll(async () => {
    checkTlsTrust();
    sim = await start({ scenario: 'empty', now: () => now, throttle: false });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    now = T0;
    sim.teamsMessages.clear();
  });

  const postRoot = (id: string, at: number, o: { alertId?: string; chat?: boolean; rsc?: boolean } = {}) =>
    sim.teamsMessages.record({
      ...(o.chat ? { chatId: CHAT } : { teamId: GROUP, channelId: CHANNEL }),
      id,
      from: { appId: APP, name: 'Defender DLP Bot' },
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: card(o.alertId ?? `da-${id}`) },
      ],
      createdAt: at,
      rscGranted: o.rsc,
    });

  const delta = (query: string) =>
    call(sim, `/v1.0/teams/${GROUP}/channels/${encodeURIComponent(CHANNEL)}/messages/delta${query}`);

  it('lists root messages changed after the filter, page by page, ending with a deltaLink', async () => {
    for (let i = 0; i < 7; i++) postRoot(String(1000 + i), T0 + i * 1000);
    sim.teamsMessages.record({
      teamId: GROUP,
      channelId: CHANNEL,
      id: '2000',
      replyToId: '1003',
      from: { appId: APP },
    });
    const first = await delta(
      `?$filter=${encodeURIComponent('lastModifiedDateTime gt 2026-11-20T12:00:01.500Z')}&$top=3`,
    );
    expect(first.status).toBe(200);
    expect(first.body.value.map((m: { id: string }) => m.id)).toEqual(['1002', '1003', '1004']);
    const m = first.body.value[0];
    expect(m).toMatchObject({
      replyToId: null,
      messageType: 'message',
      deletedDateTime: null,
      channelIdentity: { teamId: GROUP, channelId: CHANNEL },
      from: { application: { id: APP, applicationIdentityType: 'bot' }, user: null },
    });
    expect(JSON.parse(m.attachments[0].content)).toEqual(card('da-1002'));
    expect(m.body.content).toContain(`<attachment id="${m.attachments[0].id}"></attachment>`);
    const next = new URL(first.body['@odata.nextLink']);
    const second = await call(sim, next.pathname + next.search);
    expect(second.body.value.map((x: { id: string }) => x.id)).toEqual(['1005', '1006']);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    const link = new URL(second.body['@odata.deltaLink']);
    // Nothing changed since: the delta link answers an empty page; an update then shows up in it.
    expect((await call(sim, link.pathname + link.search)).body.value).toEqual([]);
    now = T0 + 60_000;
    postRoot('1001', T0 + 1000);
    const changed = await call(sim, link.pathname + link.search);
    expect(changed.body.value.map((x: { id: string }) => x.id)).toEqual(['1001']);
    expect(changed.body.value[0].lastEditedDateTime).not.toBeNull();
  });

  it('answers 400 for a filter Graph does not support, a page over 50 and a forged token', async () => {
    postRoot('1', T0);
    expect(
      (await delta(`?$filter=${encodeURIComponent('createdDateTime gt 2026-01-01T00:00:00Z')}`)).status,
    ).toBe(400);
    expect((await delta('?$top=51')).status).toBe(400);
    expect((await delta('?$skiptoken=not-a-token')).status).toBe(400);
    expect((await delta('?$orderby=id')).status).toBe(400);
  });

  it('answers 404 for an unknown team or channel and 403 without consent or a tenant-wide role', async () => {
    postRoot('1', T0, { rsc: false });
    expect(
      (await call(sim, `/v1.0/teams/${APP}/channels/${encodeURIComponent(CHANNEL)}/messages/delta`)).status,
    ).toBe(404);
    expect(
      (
        await call(
          sim,
          `/v1.0/teams/${GROUP}/channels/${encodeURIComponent('19:x@thread.tacv2')}/messages/delta`,
        )
      ).status,
    ).toBe(404);
    const refused = await delta('');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/ChannelMessage\.Read\.Group/);
    const wide = await call(
      sim,
      `/v1.0/teams/${GROUP}/channels/${encodeURIComponent(CHANNEL)}/messages/delta`,
      {
        token: sim.issueToken({ roles: ['ChannelMessage.Read.All'] }),
      },
    );
    expect(wide.status).toBe(200);
  });

  it('marks deleted messages and drops their content', async () => {
    postRoot('1', T0);
    now = T0 + 5000;
    sim.teamsMessages.record({
      teamId: GROUP,
      channelId: CHANNEL,
      id: '1',
      from: { appId: APP },
      deleted: true,
    });
    const m = (await delta('')).body.value[0];
    expect(m.deletedDateTime).toBe(new Date(T0 + 5000).toISOString());
    expect(m.attachments).toEqual([]);
  });

  it('lists chat messages newest first with $orderby and a filter on the ordered property', async () => {
    for (let i = 0; i < 4; i++) postRoot(String(10 + i), T0 + i * 1000, { chat: true });
    const q = `?$top=2&$orderby=${encodeURIComponent('lastModifiedDateTime desc')}&$filter=${encodeURIComponent('lastModifiedDateTime gt 2026-11-20T12:00:00.500Z')}`;
    const first = await call(sim, `/v1.0/chats/${encodeURIComponent(CHAT)}/messages${q}`);
    expect(first.status).toBe(200);
    expect(first.body.value.map((m: { id: string }) => m.id)).toEqual(['13', '12']);
    expect(first.body.value[0].chatId).toBe(CHAT);
    const next = new URL(first.body['@odata.nextLink']);
    expect(
      (await call(sim, next.pathname + next.search)).body.value.map((m: { id: string }) => m.id),
    ).toEqual(['11']);
    const mismatched = `?$orderby=${encodeURIComponent('createdDateTime desc')}&$filter=${encodeURIComponent('lastModifiedDateTime gt 2026-11-20T12:00:00Z')}`;
    expect((await call(sim, `/v1.0/chats/${encodeURIComponent(CHAT)}/messages${mismatched}`)).status).toBe(
      400,
    );
  });

  it('is read by GraphSecurityClient.listMessagesSince across pages, for channels and chats', async () => {
    for (let i = 0; i < 120; i++) postRoot(String(5000 + i), T0 + i * 100);
    for (let i = 0; i < 3; i++) postRoot(String(7000 + i), T0 + i * 100, { chat: true });
    const { client } = clientFor(sim);
    sim.clearRequests();
    const channel = await client.listMessagesSince(
      { teamId: GROUP, channelId: CHANNEL },
      new Date(T0 + 950).toISOString(),
    );
    expect(channel.map((m) => m.id)).toEqual(Array.from({ length: 110 }, (_, i) => String(5010 + i)));
    expect(channel[0]).toMatchObject({ fromAppId: APP, replyToId: null, deletedDateTime: null });
    expect(JSON.parse(channel[0]!.cards[0]!)).toEqual(card('da-5010'));
    expect(sim.requests().filter((r) => r.path.endsWith('/messages/delta'))).toHaveLength(3);
    const chat = await client.listMessagesSince({ chatId: CHAT }, new Date(T0 - 1).toISOString());
    expect(chat.map((m) => m.id)).toEqual(['7002', '7001', '7000']);
  });

  it('rejects bad messages on the control API with 400', async () => {
    const bad = await call(sim, '/_sim/teams/messages', {
      method: 'POST',
      body: { id: '1', from: { appId: APP } },
      token: null,
    });
    expect(bad.status).toBe(400);
    const ok = await call(sim, '/_sim/teams/messages', {
      method: 'POST',
      body: { chatId: CHAT, id: '1', from: { userId: 'u1' }, text: '<b>hi</b>' },
      token: null,
    });
    expect(ok.status).toBe(201);
    const listed = await call(sim, `/v1.0/chats/${encodeURIComponent(CHAT)}/messages`);
    expect(listed.body.value[0]).toMatchObject({
      from: { user: { id: 'u1' }, application: null },
      body: { content: '&lt;b&gt;hi&lt;/b&gt;' },
    });
  });
});
