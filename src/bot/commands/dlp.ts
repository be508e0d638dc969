import { dlpUserCard, noticeCard } from '../../cards';
import { CardActionError } from '../../errors';
import { parseDuration } from '../../subscriptions';
import { firstWord } from './parse';
import { conversationTenants, takeOption } from './tenantArgs';
import type { Command, CommandContext } from './types';

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,255}$/;

/**
 * /dlp <upn> [since=7d] [tenant=<name>]: a user's DLP alerts and the Defender alerts they correlate with.
 * A user belongs to one tenant (the same UPN in two tenants is two people): without `tenant=`, the
 * conversation's tenants that know the user; two or more -> the analyst names one.
 */
export const dlpCommand: Command = {
  name: 'dlp',
  usage: '/dlp <upn> [since=7d] [tenant=<name>]',
  description: 'Show a user’s DLP alerts and what they correlate with.',
  async run(ctx, args) {
    const option = takeOption(args, 'tenant');
    const { word, rest } = firstWord('error' in option ? '' : option.rest);
    const now = ctx.services.clock.now();
    const since = /^since=(\S+)$/i.exec(rest.trim())?.[1];
    const sinceMs = since ? parseDuration(since) : 7 * 86_400_000;
    const upn = word.replace(/^mailto:/i, '');
    if ('error' in option || !EMAIL.test(upn) || sinceMs === undefined || (rest && !since)) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Usage',
          text: `Give a user principal name and an optional since=7d (at most 30d). Usage: ${this.usage}`,
        }),
      );
      return;
    }
    await ctx.reply(await dlpAcrossTenants(ctx, upn, sinceMs, now, option.value));
  },
};

async function dlpAcrossTenants(
  ctx: CommandContext,
  upn: string,
  sinceMs: number,
  now: number,
  named: string | undefined,
): Promise<Record<string, unknown>> {
  let tenants;
  try {
    tenants = await conversationTenants(ctx, named);
  } catch (err) {
    if (!(err instanceof CardActionError)) throw err;
    return noticeCard({ kind: 'warning', title: 'Which tenant?', text: err.message });
  }
  const views = await Promise.all(
    tenants.map(async (t) => ({ t, view: await t.alerts.dlpForUser(upn, sinceMs, now) })),
  );
  const found = views.filter((v) => (v.view.total ?? v.view.alerts.length) > 0);
  if (found.length > 1)
    return noticeCard({
      kind: 'warning',
      title: 'Which tenant?',
      text: `${upn} has DLP alerts in ${found.length} tenants (${found
        .map((f) => f.t.name)
        .join(', ')}): they are different people. Add tenant=${found[0]!.t.name}.`,
    });
  const chosen = found[0] ?? views[0];
  if (!chosen)
    return noticeCard({ kind: 'info', title: 'No tenant', text: 'This conversation covers no tenant.' });
  const shown = ctx.services.tenants.multiTenant && found.length === 1;
  const period = [chosen.view.period, shown ? `tenant ${chosen.t.displayName}` : '']
    .filter(Boolean)
    .join(' · ');
  return dlpUserCard({ ...chosen.view, period }, now);
}
