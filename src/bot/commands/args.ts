import { noticeCard } from '../../cards';
import { firstWord } from './parse';
import type { CommandContext } from './types';

const ALERT_ID = /^[A-Za-z0-9_\-:.]{1,128}$/;

/** The alert id argument, or undefined after replying with the usage. */
export async function requireAlertId(
  ctx: CommandContext,
  args: string,
  usage: string,
): Promise<string | undefined> {
  const { word } = firstWord(args);
  if (ALERT_ID.test(word)) return word;
  const text = word ? `"${word.slice(0, 40)}" is not an alert id.` : 'Which alert?';
  await ctx.reply(noticeCard({ kind: 'warning', title: 'Usage', text: `${text} Usage: ${usage}` }));
  return undefined;
}
