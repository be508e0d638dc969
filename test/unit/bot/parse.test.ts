import { parseCommandText } from '../../../src/bot/commands';
import { validateInboundActivity } from '../../../src/bot/inbound';

describe('slash command parsing', () => {
  it.each([
    ['/alerts severity>=high', 'alerts', 'severity>=high'],
    ['alerts', 'alerts', ''],
    ['<at>DLP Bot</at> /subscribe severity>=medium', 'subscribe', 'severity>=medium'],
    ['<p>/help</p>', 'help', ''],
    ['/Comment abc  some text\nwith a line', 'comment', 'abc  some text\nwith a line'],
    ['\u00a0/status\u00a0', 'status', ''],
  ])('reads %j as /%s', (text, name, args) => {
    expect(parseCommandText(text)).toEqual({ name, args });
  });

  it('ignores text that is not a command', () => {
    expect(parseCommandText('')).toBeUndefined();
    expect(parseCommandText('   ')).toBeUndefined();
    expect(parseCommandText('123 go')).toBeUndefined();
  });
});

describe('inbound activity validation', () => {
  const ok = {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'http://localhost:56150/_connector',
    from: { id: '29:1' },
    conversation: { id: 'a:1' },
  };

  it('accepts a well-formed activity', () => {
    expect(validateInboundActivity(ok, { localMode: true })).toBeUndefined();
  });

  it.each([
    ['an array', [ok]],
    ['no type', { ...ok, type: undefined }],
    ['no conversation', { ...ok, conversation: undefined }],
    ['a bad serviceUrl', { ...ok, serviceUrl: 'not a url' }],
    ['an invoke without a name', { ...ok, type: 'invoke' }],
    ['text over 28 000 characters', { ...ok, text: 'x'.repeat(28_001) }],
  ])('rejects %s', (_what, body) => {
    expect(validateInboundActivity(body, { localMode: true })).toMatch(/./);
  });

  it('refuses a non-loopback serviceUrl in local mode only', () => {
    const remote = { ...ok, serviceUrl: 'https://smba.trafficmanager.net/emea/' };
    expect(validateInboundActivity(remote, { localMode: true })).toMatch(/loopback/);
    expect(validateInboundActivity(remote, { localMode: false })).toBeUndefined();
  });
});
