import { eventually, startStack } from '../../helpers/stack';
import { say } from './support';
jest.setTimeout(120000);
it('dbg', async () => {
  const stack = await startStack({ scenario: 'demo' });
  try {
    const list = await eventually(async () => {
      const l = await stack.bot.services.alerts.listCorrelated({}, Date.now(), 100);
      return l.total > 0 ? l : undefined;
    }, 30000);
    const a = list.alerts[0]!;
    console.log(list.total, a.id, a.identities, a.matches);
    const upn = a.identities.find((i) => i.kind === 'upn')?.display;
    for (const t of [
      '/help',
      '/status',
      '/subscribe',
      '/subscribe severity>=high sources=endpoint',
      '/subscribe severity>=banana',
      '/unsubscribe',
      '/alerts severity>=medium status=new since=7d',
      '/alerts since=forever',
      `/alert ${a.id}`,
      '/alert da-nope',
      '/alert',
      `/dlp ${upn}`,
      '/dlp nobody',
      `/sit ${a.id}`,
      `/enrich ${a.id}`,
      `/enrich ${a.id}`,
      `/comment ${a.id} Looks bad`,
      `/comment ${a.id}`,
      '/audit',
      '/frobnicate',
      'hello there',
      'help',
    ]) {
      const r = await say(stack, t);
      console.log(`#### ${t} -> ${r.status} ${r.replies.length}\n${r.text.slice(0, 600)}`);
    }
  } finally {
    await stack.stop();
  }
});
