import { dlpUserCard, noticeCard } from '../../cards';
import { parseDuration } from '../../subscriptions';
import { firstWord } from './parse';
import type { Command } from './types';

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,255}$/;

/** /dlp <upn> [since=7d]: a user's DLP alerts and the Defender alerts they correlate with. */
export const dlpCommand: Command = {
  name: 'dlp',
  usage: '/dlp <upn> [since=7d]',
  description: 'Show a user’s DLP alerts and what they correlate with.',
  async run(ctx, args) {
    const { word, rest } = firstWord(args);
    const now = ctx.services.clock.now();
    const since = /^since=(\S+)$/i.exec(rest.trim())?.[1];
    const sinceMs = since ? parseDuration(since) : 7 * 86_400_000;
    const upn = word.replace(/^mailto:/i, '');
    if (!EMAIL.test(upn) || sinceMs === undefined || (rest && !since)) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Usage',
          text: `Give a user principal name and an optional since=7d (at most 30d). Usage: ${this.usage}`,
        }),
      );
      return;
    }
    const view = await ctx.services.alerts.dlpForUser(upn, sinceMs, now);
    await ctx.reply(dlpUserCard(view, now));
  },
};
