import { DEFAULT_BOT, messageActivity } from '../../helpers/activities';
import { expiredBotToken, forgedBotToken } from '../../helpers/botAuth';
import { startStack, type Stack } from '../../helpers/stack';

/**
 * With BOT_ID set, every POST must carry a Bot Framework token the adapter can verify. There is no
 * internet here, so even the genuine signing keys cannot be fetched: whatever is sent must get 401, and
 * no turn may run (nothing reaches the Bot Connector).
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    scenario: 'empty',
    env: { BOT_ID: DEFAULT_BOT.id, BOT_PASSWORD: 'not-a-real-secret' },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const help = () =>
  messageActivity({ serviceUrl: 'https://smba.trafficmanager.net/teams/', scope: 'personal', text: '/help' });

describe('/api/messages with BOT_ID set', () => {
  it('answers 401 to a POST without Authorization', async () => {
    expect((await stack.post(help())).status).toBe(401);
  });

  it('answers 401 to a well-formed token signed by a key Microsoft never published', async () => {
    const token = forgedBotToken({ appId: DEFAULT_BOT.id });
    expect((await stack.post(help(), { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('answers 401 to an expired token', async () => {
    const token = expiredBotToken({ appId: DEFAULT_BOT.id });
    expect((await stack.post(help(), { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('answers 401 to a token for another bot', async () => {
    const token = forgedBotToken({ appId: '00000000-0000-4000-8000-000000000bad' });
    expect((await stack.post(help(), { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('answers 401 to garbage in the Authorization header', async () => {
    expect((await stack.post(help(), { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    expect((await stack.post(help(), { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
  });

  it('still rejects malformed input before authentication (400 / 415)', async () => {
    expect((await stack.post(help(), { rawBody: '{' })).status).toBe(400);
    expect((await stack.post(help(), { contentType: 'text/plain' })).status).toBe(415);
  });

  it('ran no turn for any of them: nothing reached Teams', () => {
    expect(stack.connector.activities()).toEqual([]);
  });

  it('keeps serving health checks', async () => {
    expect((await fetch(`${stack.bot.url}/healthz`)).status).toBe(200);
  });
});
